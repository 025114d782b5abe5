/**
 * Cookies as Tornado 6.2 handles them: {@linkcode parseCookieHeader} reads a
 * `Cookie` header into the pairs `RequestHandler.getCookie()` sees, and
 * {@linkcode formatSetCookie} / {@linkcode formatClearCookie} write
 * `Set-Cookie` lines byte for byte as Tornado's `set_cookie` and
 * `clear_cookie` do.
 *
 * @module
 */

import { asciiStrip, nowSeconds } from "../_internal/python.ts";

/**
 * Options of `RequestHandler.setCookie()` (Tornado's keyword arguments).
 *
 * Tornado: `RequestHandler.set_cookie` keyword arguments
 *
 * @example A long-lived cookie scripts cannot read
 * ```ts
 * import type { SetCookieOptions } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const options: SetCookieOptions = {
 *   expiresDays: 30,
 *   httpOnly: true,
 *   sameSite: "Lax",
 * };
 * assert.equal(options.path ?? "/", "/");
 * ```
 */
export interface SetCookieOptions {
  /** The `Domain` attribute; omitted when empty. */
  domain?: string;
  /**
   * When the cookie expires: a `Date`, seconds since the epoch, or a
   * preformatted string used as it is. Wins over `expiresDays`.
   */
  expires?: Date | number | string;
  /** The `Path` attribute (default `"/"`); `""` omits it. */
  path?: string;
  /** Expire this many days from now (fractions allowed). */
  expiresDays?: number;
  /** The `Max-Age` attribute in seconds (fractions are dropped). */
  maxAge?: number;
  /** Add `HttpOnly`: scripts in the page cannot read the cookie. */
  httpOnly?: boolean;
  /** Add `Secure`: the browser sends the cookie over HTTPS only. */
  secure?: boolean;
  /** The `SameSite` attribute. */
  sameSite?: "Strict" | "Lax" | "None";
}

/**
 * Options of `RequestHandler.clearCookie()` and `clearAllCookies()`: the
 * `path` and `domain` the cookie was set with (a browser deletes only the
 * cookie they match), and the flags some browsers want on the deleting
 * cookie (a `__Secure-` cookie needs `secure`).
 *
 * Tornado: `RequestHandler.clear_cookie` keyword arguments
 *
 * @example Delete a cookie set on a path
 * ```ts
 * import type { ClearCookieOptions } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const options: ClearCookieOptions = { path: "/admin", secure: true };
 * assert.equal(options.domain, undefined);
 * ```
 */
export type ClearCookieOptions = Pick<
  SetCookieOptions,
  "path" | "domain" | "secure" | "httpOnly" | "sameSite"
>;

/** Test hook: the current time in seconds since the epoch. */
export interface CookieClockOptions {
  /** Returns the current time in seconds (default: now). */
  clock?: () => number;
}

/** The longest single cookie read; a longer piece is skipped, never the rest. */
export const MAX_COOKIE_LENGTH = 65536;
/** The most cookies read from one `Cookie` header; the rest are ignored. */
export const MAX_COOKIES = 1024;

const UNQUOTE_REGEXP = /\\(?:([0-3][0-7][0-7])|([^\n]))/gu;
// http.cookies' legal key characters.
const LEGAL_KEY_REGEXP = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]+$/;
const LEGAL_VALUE_CHARS = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]+$/;
const UNESCAPED_CHARS = /[A-Za-z0-9!#$%&'*+\-.^_`|~: ()/<=>?@[\]{}]/;
// Names Morsel keeps for attributes; never cookie names.
const RESERVED_NAMES = new Set([
  "expires",
  "path",
  "comment",
  "domain",
  "max-age",
  "secure",
  "httponly",
  "version",
  "samesite",
]);
// deno-lint-ignore no-control-regex
const SPACE_OR_CONTROL_REGEXP = /[\x00-\x20]/;
// deno-lint-ignore no-control-regex
const UNSAFE_ATTRIBUTE_REGEXP = /[\x00-\x1f\x7f;]|[^\x00-\xff]/;
// deno-lint-ignore no-control-regex
const NON_LATIN1_REGEXP = /[^\x00-\xff]/;
const SECONDS_PER_DAY = 86400;

/** Undoes the double quotes and backslash escapes of a cookie value. */
function unquote(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value.at(-1) !== '"') {
    return value;
  }
  return value.slice(1, -1).replace(
    UNQUOTE_REGEXP,
    (_, octal: string | undefined, char: string | undefined) =>
      octal === undefined
        ? char ?? ""
        : String.fromCharCode(parseInt(octal, 8)),
  );
}

/**
 * Splits a `Cookie` header into name/value pairs the way browsers write it
 * (Tornado's `httputil.parse_cookie`): pieces split on `;`, a piece without
 * `=` has an empty name, quoted values are unquoted, the last of repeated
 * names wins. Only ASCII whitespace is trimmed around names and values
 * (Tornado trims every Unicode space, which lets `\u00a0__Host-id` shadow
 * `__Host-id`). Never throws, takes linear time; reads at most
 * {@linkcode MAX_COOKIES} pieces and skips a piece longer than
 * {@linkcode MAX_COOKIE_LENGTH}.
 *
 * Tornado: `tornado.httputil.parse_cookie`
 *
 * @example Read a header
 * ```ts
 * import { parseCookie } from "./cookies.ts";
 * import assert from "node:assert/strict";
 *
 * const cookies = parseCookie('a=1; b="x y"; noequals');
 * assert.deepEqual([...cookies], [["a", "1"], ["b", "x y"], ["", "noequals"]]);
 * ```
 *
 * @param header The `Cookie` header value.
 * @returns The pairs, in order of first appearance.
 */
export function parseCookie(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  let count = 0;
  for (const chunk of header.split(";")) {
    if (chunk.length > MAX_COOKIE_LENGTH) continue;
    const equals = chunk.indexOf("=");
    const key = equals === -1 ? "" : asciiStrip(chunk.slice(0, equals));
    const value = asciiStrip(equals === -1 ? chunk : chunk.slice(equals + 1));
    if (key === "" && value === "") continue;
    if (++count > MAX_COOKIES) break;
    cookies.set(key, unquote(value));
  }
  return cookies;
}

function isLegalName(name: string): boolean {
  return LEGAL_KEY_REGEXP.test(name) && !RESERVED_NAMES.has(name.toLowerCase());
}

/**
 * Reads a `Cookie` header into the cookies a handler sees (Tornado's
 * `HTTPServerRequest.cookies`): {@linkcode parseCookie}, then dropping
 * names Python's `http.cookies` refuses (empty, characters outside
 * ``A-Z a-z 0-9 !#$%&'*+-.^_`|~:``, or an attribute name such as `path`).
 * Never throws.
 *
 * Tornado: `tornado.httputil.HTTPServerRequest.cookies`
 *
 * @example Read a header
 * ```ts
 * import { parseCookieHeader } from "./cookies.ts";
 * import assert from "node:assert/strict";
 *
 * const cookies = parseCookieHeader('a=1; path=/; b="x\\073y"');
 * assert.deepEqual([...cookies], [["a", "1"], ["b", "x;y"]]);
 * ```
 *
 * @param header The `Cookie` header value, or `null` when there is none.
 * @returns The cookies by name.
 */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === null) return cookies;
  for (const [name, value] of parseCookie(header)) {
    if (isLegalName(name)) cookies.set(name, value);
  }
  return cookies;
}

/** Quotes a value as Python's `http.cookies` does, when it needs it. */
function quoteValue(value: string): string {
  if (LEGAL_VALUE_CHARS.test(value)) return value;
  let out = '"';
  for (const char of value) {
    if (char === '"' || char === "\\") {
      out += "\\" + char;
    } else if (UNESCAPED_CHARS.test(char)) {
      out += char;
    } else {
      out += "\\" + char.charCodeAt(0).toString(8).padStart(3, "0");
    }
  }
  return out + '"';
}

function checkAttribute(name: string, attribute: string, value: string): void {
  if (UNSAFE_ATTRIBUTE_REGEXP.test(value)) {
    throw new TypeError(
      `Cannot set cookie ${JSON.stringify(name)}: ${attribute} ${
        JSON.stringify(value)
      } has a control character, ";" or a character outside Latin-1`,
    );
  }
}

function checkNameAndValue(name: string, value: string): void {
  if (!isLegalName(name)) {
    throw new TypeError(
      `Cannot set cookie ${
        JSON.stringify(name)
      }: a name needs characters from A-Z a-z 0-9 !#$%&'*+-.^_\`|~: and must not be an attribute name`,
    );
  }
  if (SPACE_OR_CONTROL_REGEXP.test(value)) {
    throw new TypeError(
      `Cannot set cookie ${JSON.stringify(name)}: value ${
        JSON.stringify(value)
      } has a space or control character`,
    );
  }
  if (NON_LATIN1_REGEXP.test(value)) {
    throw new TypeError(
      `Cannot set cookie ${JSON.stringify(name)}: value ${
        JSON.stringify(value)
      } has a character outside Latin-1`,
    );
  }
}

/** An HTTP date, `Thu, 01 Jan 2026 00:00:00 GMT`, of seconds since the epoch. */
function httpDate(seconds: number): string {
  const date = new Date(Math.floor(seconds) * 1000);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(
      `Cannot format cookie expiry: invalid time "${seconds}"`,
    );
  }
  return date.toUTCString();
}

function formatExpires(
  name: string,
  expires: Date | number | string,
): string {
  if (typeof expires === "string") {
    checkAttribute(name, "expires", expires);
    return expires;
  }
  const seconds = typeof expires === "number"
    ? expires
    : expires.getTime() / 1000;
  return httpDate(seconds);
}

/**
 * Writes the `Set-Cookie` header value for a cookie, as Tornado's
 * `set_cookie` does: attributes in the order `Domain`, `expires`,
 * `HttpOnly`, `Max-Age`, `Path`, `SameSite`, `Secure`, and the value
 * double-quoted with backslash escapes when it holds characters outside
 * the cookie token set (so `;` and `,` travel safely).
 *
 * Tornado: `tornado.web.RequestHandler.set_cookie`
 *
 * @example Write a cookie
 * ```ts
 * import { formatSetCookie } from "./cookies.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   formatSetCookie("a", "x;y", { httpOnly: true }),
 *   'a="x\\073y"; HttpOnly; Path=/',
 * );
 * ```
 *
 * @param name The cookie name.
 * @param value The cookie value.
 * @param options The attributes, and a `clock` for `expiresDays`.
 * @returns The header value.
 * @throws {TypeError} If the name is not a legal cookie name, the value has
 * a space, control or non-Latin-1 character, or an attribute has a control
 * character or `;`.
 * @throws {RangeError} If an expiry time is invalid.
 */
export function formatSetCookie(
  name: string,
  value: string,
  options: SetCookieOptions & CookieClockOptions = {},
): string {
  checkNameAndValue(name, value);
  const { domain, expiresDays, maxAge, path = "/", sameSite } = options;
  let header = `${name}=${quoteValue(value)}`;
  if (domain) {
    checkAttribute(name, "domain", domain);
    header += `; Domain=${domain}`;
  }
  let expires = options.expires;
  if (expires === undefined && expiresDays !== undefined) {
    expires = (options.clock ?? nowSeconds)() + expiresDays * SECONDS_PER_DAY;
  }
  if (expires !== undefined) {
    header += `; expires=${formatExpires(name, expires)}`;
  }
  if (options.httpOnly) header += "; HttpOnly";
  if (maxAge !== undefined) {
    if (!Number.isFinite(maxAge)) {
      throw new RangeError(
        `Cannot set cookie ${
          JSON.stringify(name)
        }: invalid max age "${maxAge}"`,
      );
    }
    header += `; Max-Age=${Math.trunc(maxAge)}`;
  }
  if (path) {
    checkAttribute(name, "path", path);
    header += `; Path=${path}`;
  }
  if (sameSite) {
    checkAttribute(name, "sameSite", sameSite);
    header += `; SameSite=${sameSite}`;
  }
  if (options.secure) header += "; Secure";
  return header;
}

/**
 * Writes the `Set-Cookie` header value that deletes a cookie, as Tornado
 * 6.2's `clear_cookie` does: an empty value that expired 365 days ago.
 *
 * Tornado: `tornado.web.RequestHandler.clear_cookie`
 *
 * @example Delete a cookie
 * ```ts
 * import { formatClearCookie } from "./cookies.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   formatClearCookie("a", { clock: () => 1767270645 }),
 *   'a=""; expires=Wed, 01 Jan 2025 12:30:45 GMT; Path=/',
 * );
 * ```
 *
 * @param name The cookie name.
 * @param options The `path` and `domain` it was set with, and a `clock`.
 * @returns The header value.
 * @throws {TypeError} If the name or an attribute is invalid.
 */
export function formatClearCookie(
  name: string,
  options: ClearCookieOptions & CookieClockOptions = {},
): string {
  const now = (options.clock ?? nowSeconds)();
  return formatSetCookie(name, "", {
    ...options,
    expires: now - 365 * SECONDS_PER_DAY,
  });
}
