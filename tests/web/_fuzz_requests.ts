// Generator of malformed HTTP/1.1 requests for tests/web/fuzz_test.ts:
// garbage request lines, bad percent-encoding, invalid UTF-8, broken
// chunked bodies, odd multipart and odd cookies. Every request is framed so
// that a server can decide (complete head, exact Content-Length, chunked
// bodies that end or break), so each one must get an answer.

/** A small seeded PRNG (mulberry32): the same seed, the same requests. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** `length` random bytes as a Latin-1 string, from `alphabet` if given. */
  bytes(length: number, alphabet?: string): string {
    let out = "";
    for (let i = 0; i < length; i++) {
      out += alphabet === undefined
        ? String.fromCharCode(this.int(256))
        : alphabet[this.int(alphabet.length)];
    }
    return out;
  }
}

const TOKEN = "abcXYZ019-_.~!$&'()*+,;=:@/?#[]%\"<>\\^`{|} ";
const PATHS = [
  "/",
  "/form",
  "/stream",
  "/t/a/b",
  "/static/style.css",
  "/static/sub%2fnested.css",
  "/static/..%2f..%2fdeno.json",
  "/static/%00",
  "/nowhere",
];

function percentJunk(r: Random): string {
  return r.pick([
    "%",
    "%z",
    "%zz",
    "%ff",
    "%fe%ff",
    "%C3",
    "%E2%82",
    "%ED%A0%80",
    "%00",
    "%2F",
    "%5C",
    "%25",
    "+",
    "&&",
    "=",
    "%C0%AF",
  ]);
}

function junkQuery(r: Random): string {
  let out = "";
  for (let i = r.int(6); i >= 0; i--) {
    out += r.bytes(r.int(4), "ab_=&") + percentJunk(r);
  }
  return out;
}

function target(r: Random): string {
  const path = r.pick(PATHS);
  switch (r.int(4)) {
    case 0:
      return path;
    case 1:
      return `${path}?${junkQuery(r)}`;
    case 2:
      return `${path}${percentJunk(r)}${r.bytes(r.int(4), TOKEN)}`;
    default:
      return `/t/${percentJunk(r)}/${junkQuery(r)}`;
  }
}

function cookieHeader(r: Random): string {
  const pieces: string[] = [];
  for (let i = r.int(6); i >= 0; i--) {
    pieces.push(
      r.pick([
        `a="${"\\042".repeat(r.int(50))}"`,
        `b="${"\\\\".repeat(r.int(50))}`,
        `\u00a0__Host-x=${r.bytes(3, TOKEN)}`,
        `user=${r.bytes(r.int(40), TOKEN)}`,
        `user="2|1:0|10:${r.bytes(10, "0123456789")}|4:user|4:${
          r.bytes(8, "abc=")
        }|${r.bytes(64, "0123456789abcdef")}"`,
        `_xsrf=2|${r.bytes(8, "0123456789abcdef")}|zz|x`,
        r.bytes(r.int(20), TOKEN),
        `=${r.bytes(5, TOKEN)}`,
        `x=\u00ff\u00fe`,
      ]),
    );
  }
  return pieces.join(r.pick([";", "; ", ";;", " ; "]));
}

/** A broken (or valid) chunked body that always ends or errors. */
function chunkedBody(r: Random): string {
  const data = r.bytes(1 + r.int(30), TOKEN);
  const declared = r.pick([
    data.length.toString(16),
    Math.max(0, data.length - 1 - r.int(3)).toString(16),
    "zz",
    "-1",
    "0x" + data.length.toString(16),
    "ffffffffffffffffffff",
    data.length.toString(16) + ";ext=" + r.bytes(3, TOKEN),
    "",
  ]);
  const end = r.pick(["\r\n", "\n", "XX", ""]);
  return `${declared}\r\n${data}${end}0\r\n\r\n`;
}

function multipartBody(r: Random, boundary: string): string {
  const parts: string[] = [];
  for (let i = r.int(5); i >= 0; i--) {
    const header = r.pick([
      `Content-Disposition: form-data; name="f${i}"`,
      `Content-Disposition: form-data; name="f"; filename="${
        r.bytes(r.int(10), TOKEN)
      }"`,
      `Content-Disposition: form-data; name*=UTF-8''${percentJunk(r)}`,
      `Content-Disposition: attachment`,
      `Content-Disposition: form-data; name="a"\rX: y`,
      r.bytes(r.int(30), TOKEN),
      "",
    ]);
    parts.push(`--${boundary}\r\n${header}\r\n\r\n${r.bytes(r.int(20))}\r\n`);
  }
  return parts.join("") + r.pick([`--${boundary}--\r\n`, "", `--${boundary}`]);
}

function withLength(headers: string[], content: string): string[] {
  if (headers.includes("Transfer-Encoding: chunked")) return headers;
  return [...headers, `Content-Length: ${content.length}`];
}

/** A body for a POST: [its headers, its bytes], one kind of trouble each. */
function body(r: Random): [string[], string] {
  switch (r.int(4)) {
    case 0:
      return [["Transfer-Encoding: chunked"], chunkedBody(r)];
    case 1: {
      const boundary = r.pick(["b", "b", "b", "x".repeat(300), "", '"q"']);
      return [
        [`Content-Type: multipart/form-data; boundary=${boundary}`],
        multipartBody(r, boundary.replaceAll('"', "")),
      ];
    }
    case 2:
      return [
        ["Content-Type: application/x-www-form-urlencoded"],
        junkQuery(r) + r.bytes(r.int(8)),
      ];
    default:
      return [
        [`Content-Type: ${r.bytes(r.int(30), TOKEN)}`],
        r.bytes(r.int(40)),
      ];
  }
}

function oddHeader(r: Random): string {
  return r.pick([
    `X-Odd: ${r.bytes(r.int(20))}`,
    `${r.bytes(r.int(10), TOKEN)}: v`,
    "Content-Length: abc",
    "Content-Length: 1\r\nContent-Length: 2",
    "Accept-Language: " + r.bytes(r.int(40), "en-US;q=0.,*"),
    "Range: bytes=" + r.bytes(r.int(12), "0123456789-,="),
    "If-None-Match: " + r.bytes(r.int(20), 'W/"*,abc'),
    "X-XSRFToken: " + r.bytes(r.int(40), "0123456789abcdef|"),
  ]);
}

function requestLine(r: Random, method: string): string {
  const version = r.int(10) === 0
    ? r.pick(["HTTP/9.9", "HTTP/1", "HTTP/1.1 x", "", "HTTP/1.0"])
    : "HTTP/1.1";
  return `${method} ${target(r)} ${version}`;
}

/** One malformed request, as Latin-1 text (one character per byte). */
export function malformedRequest(r: Random): string {
  const headers = ["Host: 127.0.0.1", "Connection: close"];
  switch (r.int(6)) {
    case 0: // a garbage request line
      return `${r.bytes(r.int(60))}\r\nHost: x\r\n\r\n`;
    case 1: { // an odd method or target
      const method = r.pick(["G\u0000T", "BREW", "get", "GET GET", "\u00ff"]);
      return `${requestLine(r, method)}\r\n${headers.join("\r\n")}\r\n\r\n`;
    }
    case 2: { // odd headers
      headers.push(oddHeader(r));
      const method = r.pick(["GET", "HEAD", "OPTIONS", "DELETE"]);
      return `${requestLine(r, method)}\r\n${headers.join("\r\n")}\r\n\r\n`;
    }
    case 3: // odd cookies
      headers.push(`Cookie: ${cookieHeader(r)}`);
      return `GET ${r.pick(["/", "/form"])} HTTP/1.1\r\n${
        headers.join("\r\n")
      }\r\n\r\n`;
    default: { // a POST with a troubled body
      const [extra, content] = body(r);
      const path = r.pick(["/form", "/form", "/stream", target(r)]);
      const method = r.pick(["POST", "POST", "PUT", "PATCH"]);
      const all = withLength([...headers, ...extra], content);
      return `${method} ${path} HTTP/1.1\r\n${
        all.join("\r\n")
      }\r\n\r\n${content}`;
    }
  }
}
