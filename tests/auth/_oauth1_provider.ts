// A local OAuth 1.0a provider (Twitter-like) for the tests. It checks every
// HMAC-SHA1 signature with its own small implementation of RFC 5849, not
// the one under test.
import { createHmac, timingSafeEqual } from "node:crypto";
import { Application, HTTPError, RequestHandler } from "../../web/mod.ts";

export const CONSUMER_KEY = "consumer-key";
export const CONSUMER_SECRET = "consumer-secret";

export class OAuth1State {
  /** The user refuses at the authorization page. */
  deny = false;
  requestTokenFailure: null | "5xx" | "malformed" = null;
  /** Secrets of issued tokens (request and access), by token. */
  secrets: Map<string, string> = new Map();
  callbacks: Map<string, string> = new Map();
  verifiers: Map<string, string> = new Map();
  /** Signed requests seen: path and the parameters signed. */
  seen: { path: string; params: [string, string][] }[] = [];
  #next = 0;
  nextId(prefix: string): string {
    return `${prefix}-${++this.#next}`;
  }
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** Parses `Authorization: OAuth k="v", ...` into decoded pairs. */
function parseHeader(header: string): Map<string, string> {
  const params = new Map<string, string>();
  if (!header.startsWith("OAuth ")) return params;
  for (const match of header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)) {
    params.set(match[1]!, decodeURIComponent(match[2]!));
  }
  return params;
}

class OAuth1Handler extends RequestHandler {
  declare state: OAuth1State;
  override initialize(options: unknown): void {
    this.state = (options as { state: OAuth1State }).state;
  }

  /** Checks the signature; returns the protocol parameters. */
  verify(): Map<string, string> {
    const oauth = parseHeader(this.request.headers.get("authorization") ?? "");
    const signature = oauth.get("oauth_signature");
    if (
      signature === undefined ||
      oauth.get("oauth_consumer_key") !== CONSUMER_KEY
    ) {
      throw new HTTPError(401, "no signature");
    }
    const token = oauth.get("oauth_token");
    const tokenSecret = token === undefined
      ? ""
      : this.state.secrets.get(token);
    if (tokenSecret === undefined) throw new HTTPError(401, "unknown token");
    const url = new URL(this.request.fullUrl());
    const params: [string, string][] = [...url.searchParams];
    for (const [name, value] of oauth) {
      if (name !== "oauth_signature" && name !== "realm") {
        params.push([name, value]);
      }
    }
    const type = this.request.headers.get("content-type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded")) {
      params.push(
        ...new URLSearchParams(new TextDecoder().decode(this.request.body)),
      );
    }
    const normalized = params.map(([k, v]) => [encode(k), encode(v)])
      .sort(([a, x], [b, y]) =>
        a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : x! > y! ? 1 : 0
      )
      .map(([k, v]) => `${k}=${v}`).join("&");
    const base = [
      this.request.method,
      encode(`${url.protocol}//${url.host}${url.pathname}`),
      encode(normalized),
    ].join("&");
    const expected = createHmac(
      "sha1",
      `${encode(CONSUMER_SECRET)}&${encode(tokenSecret)}`,
    ).update(base).digest();
    const given = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HTTPError(401, "bad signature");
    }
    this.state.seen.push({ path: this.request.path, params });
    return oauth;
  }
}

class RequestToken extends OAuth1Handler {
  override get(): void {
    if (this.state.requestTokenFailure === "5xx") throw new HTTPError(502);
    const oauth = this.verify();
    if (this.state.requestTokenFailure === "malformed") {
      return this.finish("<html>busy</html>");
    }
    const callback = oauth.get("oauth_callback");
    if (callback === undefined) throw new HTTPError(400, "no callback");
    const token = this.state.nextId("rt");
    this.state.secrets.set(token, `secret/${token}`);
    this.state.callbacks.set(token, callback);
    this.setHeader("Content-Type", "application/x-www-form-urlencoded");
    this.finish(new URLSearchParams({
      oauth_token: token,
      oauth_token_secret: `secret/${token}`,
      oauth_callback_confirmed: "true",
    }).toString());
  }
}

/** The authorization page: the user approves at once (or refuses). */
class Authorize extends OAuth1Handler {
  override get(): void {
    const token = this.getArgument("oauth_token");
    const callback = this.state.callbacks.get(token);
    if (callback === undefined) throw new HTTPError(400, "unknown token");
    const back = new URL(callback);
    if (this.state.deny) {
      back.searchParams.set("denied", token);
    } else {
      const verifier = this.state.nextId("verifier");
      this.state.verifiers.set(token, verifier);
      back.searchParams.set("oauth_token", token);
      back.searchParams.set("oauth_verifier", verifier);
    }
    this.redirect(back.href);
  }
}

class AccessToken extends OAuth1Handler {
  override get(): void {
    const oauth = this.verify();
    const requestToken = oauth.get("oauth_token") ?? "";
    const verifier = this.state.verifiers.get(requestToken);
    if (verifier === undefined || verifier !== oauth.get("oauth_verifier")) {
      throw new HTTPError(401, "bad verifier");
    }
    this.state.verifiers.delete(requestToken);
    this.state.secrets.delete(requestToken);
    const token = this.state.nextId("at");
    this.state.secrets.set(token, `secret+${token}`);
    this.setHeader("Content-Type", "application/x-www-form-urlencoded");
    this.finish(new URLSearchParams({
      oauth_token: token,
      oauth_token_secret: `secret+${token}`,
      user_id: "7",
      screen_name: "ada",
    }).toString());
  }
}

class VerifyCredentials extends OAuth1Handler {
  override get(): void {
    const oauth = this.verify();
    if (!oauth.get("oauth_token")?.startsWith("at-")) {
      throw new HTTPError(401, "not an access token");
    }
    this.finish({ id: 7, screen_name: "ada", name: "Ada Lovelace" });
  }
}

class Update extends OAuth1Handler {
  override post(): void {
    this.verify();
    this.finish({
      text: this.getBodyArgument("status"),
      via: this.getQueryArgument("via", ""),
    });
  }
}

export function oauth1Provider(state: OAuth1State): Application {
  return new Application([
    ["/oauth/request_token", RequestToken, { state }],
    ["/oauth/(?:authorize|authenticate)", Authorize, { state }],
    ["/oauth/access_token", AccessToken, { state }],
    ["/1.1/account/verify_credentials.json", VerifyCredentials, { state }],
    ["/1.1/statuses/update.json", Update, { state }],
  ], { logFunction: () => {} });
}
