/**
 * XSRF tokens as Tornado 6.2 makes them. The `_xsrf` cookie holds a random
 * 16-byte token; each page gets it masked anew (version 2:
 * `2|<mask hex>|<masked token hex>|<timestamp>`), so compressed pages do not
 * leak it (BREACH). Version 1 tokens (plain hex, or any other text) still
 * decode. `RequestHandler.xsrfToken` and `checkXsrfCookie()` are built on
 * these functions.
 *
 * @module
 */
import {
  fromHex,
  randomBytes,
  timingSafeEqual,
  toHex,
} from "../_internal/crypto.ts";
import { toBytes } from "../_internal/bytes.ts";
import {
  nowSeconds,
  parsePythonInt,
  pyStrip,
  VERSION_PREFIX_REGEXP,
} from "../_internal/python.ts";
import type { SetCookieOptions } from "./cookies.ts";
import { HTTPError } from "./errors.ts";
import type { RequestHandler } from "./request_handler.ts";

/** A token in its raw form (Tornado's `_get_raw_xsrf_token` tuple). */
export interface RawXsrfToken {
  /** The format of the cookie it came from, or `null` when new. */
  version: number | null;
  /** The random token bytes. */
  token: Uint8Array;
  /** When it was made, in seconds (now, for version 1 cookies). */
  timestamp: number;
}

/** A `clock` returning the time in seconds since the epoch (default: now). */
export interface XsrfClockOptions {
  /** Returns the current time in seconds. */
  clock?: () => number;
}

/** The name of the cookie, form argument and template variable. */
export const XSRF_COOKIE_NAME = "_xsrf";
/** How many random bytes a new token has. */
export const XSRF_TOKEN_LENGTH = 16;

/** XORs `data` with the 4-byte `mask` repeated (RFC 6455 masking). */
function applyMask(mask: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = data[i]! ^ mask[i % 4]!;
  }
  return out;
}

/**
 * Reads a token from a cookie, form field or header (Tornado's
 * `_decode_xsrf_token`), or returns `null` when it is empty, of an unknown
 * version or a malformed version 2. Text that is not version 2 is a version
 * 1 token: its hex decoding, or its UTF-8 bytes when it is not hex.
 *
 * @example Read a version 2 token
 * ```ts
 * import { decodeXsrfToken } from "./_xsrf.ts";
 * import assert from "node:assert/strict";
 *
 * const raw = decodeXsrfToken("2|01020304|6260|1700000000");
 * assert.deepEqual(raw?.token, new Uint8Array([0x63, 0x62]));
 * assert.equal(raw?.timestamp, 1700000000);
 * assert.equal(decodeXsrfToken("3|x"), null);
 * ```
 *
 * @param value The token text.
 * @param options A `clock`, for the timestamp of version 1 tokens.
 * @returns The raw token, or `null`.
 */
export function decodeXsrfToken(
  value: string,
  options: XsrfClockOptions = {},
): RawXsrfToken | null {
  const match = VERSION_PREFIX_REGEXP.exec(value);
  if (match === null) {
    const token = fromHex(value) ?? toBytes(value);
    if (token.length === 0) return null;
    const timestamp = Math.trunc((options.clock ?? nowSeconds)());
    return { version: 1, token, timestamp };
  }
  if (match[1] !== "2") return null;
  const parts = value.split("|");
  if (parts.length !== 4) return null;
  const mask = fromHex(parts[1] ?? "");
  const masked = fromHex(parts[2] ?? "");
  const timestamp = parsePythonInt(parts[3] ?? "", pyStrip);
  if (mask === null || mask.length < 4 || masked === null) return null;
  if (masked.length === 0 || timestamp === null) return null;
  return { version: 2, token: applyMask(mask, masked), timestamp };
}

/**
 * Makes a new raw token: 16 random bytes, stamped now.
 *
 * @example Make a token
 * ```ts
 * import { newRawXsrfToken } from "./_xsrf.ts";
 * import assert from "node:assert/strict";
 *
 * const raw = newRawXsrfToken({ clock: () => 1700000000.5 });
 * assert.equal(raw.version, null);
 * assert.equal(raw.token.length, 16);
 * assert.equal(raw.timestamp, 1700000000.5);
 * ```
 *
 * @param options A `clock`.
 * @returns The raw token, with version `null`.
 */
export function newRawXsrfToken(options: XsrfClockOptions = {}): RawXsrfToken {
  return {
    version: null,
    token: randomBytes(XSRF_TOKEN_LENGTH),
    timestamp: (options.clock ?? nowSeconds)(),
  };
}

/**
 * Returns the raw token of the `_xsrf` cookie, or a new one when the cookie
 * is missing or unreadable (Tornado's `_get_raw_xsrf_token`). A handler
 * calls this once per request and keeps the result; when `version` is
 * `null` it must set the cookie to {@linkcode encodeXsrfToken} of it.
 *
 * @example Keep the cookie's token, or make one
 * ```ts
 * import { getRawXsrfToken } from "./_xsrf.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getRawXsrfToken("2|01020304|6260|1700000000").version, 2);
 * assert.equal(getRawXsrfToken(null).version, null);
 * assert.equal(getRawXsrfToken("9|junk").version, null);
 * ```
 *
 * @param cookie The `_xsrf` cookie value, if any.
 * @param options A `clock`.
 * @returns The raw token.
 */
export function getRawXsrfToken(
  cookie: string | null | undefined,
  options: XsrfClockOptions = {},
): RawXsrfToken {
  const decoded = cookie ? decodeXsrfToken(cookie, options) : null;
  return decoded ?? newRawXsrfToken(options);
}

/** Options of {@linkcode encodeXsrfToken}. */
export interface EncodeXsrfTokenOptions {
  /**
   * The output format (the `xsrfCookieVersion` setting): 2, masked with a
   * fresh random mask (default), or 1, plain hex.
   */
  version?: number;
}

/**
 * Writes a raw token as the text of `RequestHandler.xsrfToken` (Tornado's
 * `xsrf_token`): for version 2 a new random mask each call, so the same
 * token never looks the same twice.
 *
 * @example Mask a token
 * ```ts
 * import { decodeXsrfToken, encodeXsrfToken, newRawXsrfToken } from "./_xsrf.ts";
 * import assert from "node:assert/strict";
 *
 * const raw = newRawXsrfToken({ clock: () => 1700000000.5 });
 * const a = encodeXsrfToken(raw);
 * const b = encodeXsrfToken(raw);
 * assert.match(a, /^2\|[0-9a-f]{8}\|[0-9a-f]{32}\|1700000000$/);
 * assert.deepEqual(decodeXsrfToken(a)?.token, decodeXsrfToken(b)?.token);
 * ```
 *
 * @param raw The raw token.
 * @param options The output `version`.
 * @returns The token text.
 * @throws {RangeError} If the version is not 1 or 2.
 */
export function encodeXsrfToken(
  raw: RawXsrfToken,
  options: EncodeXsrfTokenOptions = {},
): string {
  const { version = 2 } = options;
  if (version === 1) return toHex(raw.token);
  if (version !== 2) {
    throw new RangeError(
      `Cannot make XSRF token: unknown xsrf cookie version "${version}"`,
    );
  }
  const mask = randomBytes(4);
  const stamp = Number.isFinite(raw.timestamp)
    ? BigInt(Math.trunc(raw.timestamp)).toString()
    : "0";
  return `2|${toHex(mask)}|${toHex(applyMask(mask, raw.token))}|${stamp}`;
}

/**
 * Returns the token a request submitted: the `_xsrf` argument, else the
 * `X-XSRFToken` header, else `X-CSRFToken` (Django's name); empty values
 * fall through as in Tornado.
 *
 * @example Read the header when there is no argument
 * ```ts
 * import { submittedXsrfToken } from "./_xsrf.ts";
 * import assert from "node:assert/strict";
 *
 * const headers = new Headers({ "X-CSRFToken": "abc" });
 * assert.equal(submittedXsrfToken(null, headers), "abc");
 * assert.equal(submittedXsrfToken("arg", headers), "arg");
 * ```
 *
 * @param argument The `_xsrf` argument, if any.
 * @param headers The request headers.
 * @returns The token text, or `null`.
 */
export function submittedXsrfToken(
  argument: string | null | undefined,
  headers: Headers,
): string | null {
  return argument || headers.get("X-XSRFToken") ||
    headers.get("X-CSRFToken") || null;
}

/**
 * Compares two raw tokens in constant time (for tokens of equal length).
 *
 * @example Compare tokens
 * ```ts
 * import { xsrfTokensEqual } from "./_xsrf.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(xsrfTokensEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])));
 * assert.ok(!xsrfTokensEqual(new Uint8Array([1, 2]), new Uint8Array([1])));
 * ```
 *
 * @param a One token.
 * @param b The other.
 * @returns Whether they hold the same bytes.
 */
export function xsrfTokensEqual(a: Uint8Array, b: Uint8Array): boolean {
  return timingSafeEqual(a, b);
}

/**
 * Checks a submitted token against the cookie's raw token, as Tornado's
 * `check_xsrf_cookie` does, and returns why it fails (Tornado's log
 * message, for an `HTTPError(403, message)`), or `null` when it matches.
 *
 * @example Accept a token made for the cookie
 * ```ts
 * import { checkXsrfToken, encodeXsrfToken, getRawXsrfToken } from "./_xsrf.ts";
 * import assert from "node:assert/strict";
 *
 * const expected = getRawXsrfToken("2|01020304|6260|1700000000");
 * assert.equal(checkXsrfToken(encodeXsrfToken(expected), expected), null);
 * assert.equal(checkXsrfToken("6362", expected), null);
 * assert.equal(
 *   checkXsrfToken("6363", expected),
 *   "XSRF cookie does not match POST argument",
 * );
 * assert.equal(checkXsrfToken(null, expected), "'_xsrf' argument missing from POST");
 * ```
 *
 * @param submitted The token the request sent ({@linkcode submittedXsrfToken}).
 * @param expected The cookie's raw token ({@linkcode getRawXsrfToken}).
 * @returns The failure message, or `null`.
 */
export function checkXsrfToken(
  submitted: string | null | undefined,
  expected: RawXsrfToken,
): string | null {
  if (!submitted) return "'_xsrf' argument missing from POST";
  const decoded = decodeXsrfToken(submitted);
  if (decoded === null) return "'_xsrf' argument has invalid format";
  if (!xsrfTokensEqual(decoded.token, expected.token)) {
    return "XSRF cookie does not match POST argument";
  }
  return null;
}

/** The raw token of a handler's request, from its `_xsrf` cookie or new. */
export function requestXsrfToken(
  handler: RequestHandler<unknown>,
): RawXsrfToken {
  return getRawXsrfToken(handler.request.cookies.get(XSRF_COOKIE_NAME));
}

/**
 * The masked token for a handler's forms (`RequestHandler.xsrfToken`);
 * sets the `_xsrf` cookie when the request had none.
 */
export function handlerXsrfToken(
  handler: RequestHandler<unknown>,
  raw: RawXsrfToken,
): string {
  const settings = handler.settings;
  const token = encodeXsrfToken(raw, {
    version: settings.xsrfCookieVersion ?? 2,
  });
  if (raw.version === null) {
    const options: SetCookieOptions = { ...settings.xsrfCookieOptions };
    if (options.expiresDays === undefined && handler.currentUser) {
      options.expiresDays = 30;
    }
    handler.setCookie(XSRF_COOKIE_NAME, token, options);
  }
  return token;
}

/**
 * The default `checkXsrfCookie()`: the submitted token (argument or
 * header) must match the cookie's.
 *
 * @throws {HTTPError} 403, with a log message saying what was wrong.
 */
export function checkHandlerXsrf(
  handler: RequestHandler<unknown>,
  raw: () => RawXsrfToken,
): void {
  if (!handler.request.cookies.has(XSRF_COOKIE_NAME)) {
    throw new HTTPError(403, "'_xsrf' cookie missing from request");
  }
  const submitted = submittedXsrfToken(
    handler.getArgument("_xsrf", null),
    handler.request.headers,
  );
  const problem = checkXsrfToken(submitted, raw());
  if (problem !== null) throw new HTTPError(403, problem);
}
