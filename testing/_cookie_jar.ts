// A small cookie store for AppTestClient: names to values, honouring
// deletion by Max-Age=0 or a past Expires, and Path prefixes.

interface StoredCookie {
  value: string;
  path: string;
}

/** Cookies kept between requests of a test client. */
export class CookieJar {
  #cookies = new Map<string, StoredCookie>();

  /** Records the `Set-Cookie` headers of a response. */
  update(response: Response): void {
    for (const line of response.headers.getSetCookie()) this.#store(line);
  }

  /** The `Cookie` header for a path, or `null` when no cookie applies. */
  header(path: string): string | null {
    const pairs: string[] = [];
    for (const [name, cookie] of this.#cookies) {
      if (path.startsWith(cookie.path)) pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length === 0 ? null : pairs.join("; ");
  }

  /** The current value of a cookie. */
  get(name: string): string | undefined {
    return this.#cookies.get(name)?.value;
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#cookies.clear();
  }

  #store(line: string): void {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let path = "/";
    let expired = false;
    for (const attribute of attributes) {
      const [key = "", ...rest] = attribute.split("=");
      const k = key.trim().toLowerCase();
      const v = rest.join("=").trim();
      if (k === "path" && v.startsWith("/")) path = v;
      else if (k === "max-age" && Number(v) <= 0) expired = true;
      else if (k === "expires" && Date.parse(v) < Date.now()) expired = true;
    }
    if (expired) this.#cookies.delete(name);
    else this.#cookies.set(name, { value, path });
  }
}
