// OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849, section 3.4): the
// signature base string, RFC 3986 percent-encoding, the Authorization
// header, and parsing of token responses.

import { createHmac } from "node:crypto";
import { parseQsl } from "../_internal/url_concat.ts";
import { randomBytes, toHex } from "../_internal/crypto.ts";
import { nowSeconds } from "../_internal/python.ts";

const UNRESERVED_REGEXP = /^[A-Za-z0-9\-._~]$/;
const encoder = new TextEncoder();

/** Percent-encodes UTF-8 as RFC 5849 section 3.6 says (only unreserved kept). */
export function percentEncode(value: string): string {
  let out = "";
  for (const byte of encoder.encode(value)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED_REGEXP.test(char)
      ? char
      : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** The base string URI (section 3.4.1.2): no query, default port dropped. */
export function baseStringUri(url: string): string {
  const parsed = new URL(url);
  // URL already lowercases the scheme and host and drops default ports.
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** Normalizes parameters (section 3.4.1.3.2): encode, sort, join. */
export function normalizeParameters(
  params: ReadonlyArray<readonly [string, string]>,
): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)])
    .sort(([a = "", x = ""], [b = "", y = ""]) =>
      a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0
    )
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/**
 * The signature base string (section 3.4.1.1). The query of `url` is
 * included; `params` are the other parameters (protocol parameters without
 * `oauth_signature`, and form-encoded body fields).
 */
export function signatureBaseString(
  method: string,
  url: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const query = new URL(url).search.slice(1);
  const all = [...parseQsl(query), ...params];
  return [
    percentEncode(method.toUpperCase()),
    percentEncode(baseStringUri(url)),
    percentEncode(normalizeParameters(all)),
  ].join("&");
}

/** The HMAC-SHA1 signature of a base string (section 3.4.2), base64. */
export function hmacSha1Signature(
  baseString: string,
  consumerSecret: string,
  tokenSecret: string = "",
): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac("sha1", key).update(baseString).digest("base64");
}

/** What `signRequest()` needs. */
export interface SignRequestOptions {
  method: string;
  url: string;
  consumerKey: string;
  consumerSecret: string;
  token?: { key: string; secret: string } | undefined;
  /** Extra protocol parameters (`oauth_callback`, `oauth_verifier`). */
  oauthParams?: Readonly<Record<string, string>>;
  /** Form-encoded body fields. */
  bodyParams?: ReadonlyArray<readonly [string, string]>;
  nonce?: string;
  timestamp?: string;
}

/** Returns the protocol parameters of a request, `oauth_signature` included. */
export function signRequest(
  options: SignRequestOptions,
): Record<string, string> {
  const oauth: Record<string, string> = {
    oauth_consumer_key: options.consumerKey,
    oauth_nonce: options.nonce ?? toHex(randomBytes(16)),
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: options.timestamp ??
      String(Math.floor(nowSeconds())),
    oauth_version: "1.0",
    ...options.oauthParams,
  };
  if (options.token !== undefined) oauth.oauth_token = options.token.key;
  const base = signatureBaseString(options.method, options.url, [
    ...Object.entries(oauth),
    ...options.bodyParams ?? [],
  ]);
  oauth.oauth_signature = hmacSha1Signature(
    base,
    options.consumerSecret,
    options.token?.secret ?? "",
  );
  return oauth;
}

/** Formats protocol parameters as an `Authorization: OAuth ...` value. */
export function authorizationHeader(
  oauth: Readonly<Record<string, string>>,
): string {
  return "OAuth " + Object.entries(oauth)
    .map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`)
    .join(", ");
}

/** Parses a token response body, or `null` without a token and secret. */
export function parseTokenResponse(
  body: string,
): { key: string; secret: string; [field: string]: string } | null {
  const fields = new Map(parseQsl(body.trim()));
  const key = fields.get("oauth_token");
  const secret = fields.get("oauth_token_secret");
  if (key === undefined || key === "" || secret === undefined) return null;
  const token: { key: string; secret: string; [field: string]: string } = {
    key,
    secret,
  };
  for (const [name, value] of fields) {
    if (name !== "oauth_token" && name !== "oauth_token_secret") {
      token[name] = value;
    }
  }
  return token;
}
