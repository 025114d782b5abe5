// URL escaping and query-string parsing (Tornado's `url_escape`,
// `url_unescape`, `parse_qs_bytes`).
import { toUnicode } from "./text.ts";

/** Options for {@linkcode urlEscape} and {@linkcode urlUnescape}. */
export interface UrlEscapeOptions {
  /**
   * Whether a space is written as `+` (and `+` read as a space), as in query
   * strings and form bodies. Use `false` for URL paths, where a space is
   * `%20` and `+` is a plus sign.
   *
   * @default {true}
   */
  plus?: boolean;
}

/** Options for {@linkcode parseQsBytes}. */
export interface ParseQsOptions {
  /**
   * Whether to keep fields with an empty value (`a=` or a bare `a`) as an
   * empty `Uint8Array`. By default they are dropped.
   *
   * @default {false}
   */
  keepBlankValues?: boolean;
}

const ESCAPE_FIX_PLUS_REGEXP = /[!'()*]|%20/g;
const ESCAPE_FIX_PATH_REGEXP = /[!'()*]|%2F/g;
const HEX = "0123456789ABCDEF";
// deno-lint-ignore no-control-regex
const NON_LATIN1_RUN_REGEXP = /[^\x00-\xff]+/g;
const LENIENT_DECODER = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Percent-encodes a value for use in a URL. Text is encoded as UTF-8 first;
 * bytes are encoded as they are. Only ASCII letters, digits and `_.-~` are
 * left alone, and `/` too when `plus` is `false`. A lone surrogate is
 * encoded as U+FFFD (Python would raise).
 *
 * Tornado: `tornado.escape.url_escape`
 *
 * @param value Text or bytes to encode.
 * @param options `plus` (default `true`): write a space as `+` (query
 * strings) rather than `%20`, and escape `/` as well.
 * @returns The percent-encoded text.
 *
 * @example Escape a query value and a path segment
 * ```ts
 * import { urlEscape } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(urlEscape("a b/é"), "a+b%2F%C3%A9");
 * assert.equal(urlEscape("a b/é", { plus: false }), "a%20b/%C3%A9");
 * ```
 */
export function urlEscape(
  value: string | Uint8Array,
  options?: UrlEscapeOptions,
): string {
  const plus = options?.plus ?? true;
  if (value instanceof Uint8Array) return escapeBytes(value, plus);
  // encodeURIComponent leaves !'()* alone, which Python escapes.
  const encoded = encodeURIComponent(value.toWellFormed());
  return encoded.replace(
    plus ? ESCAPE_FIX_PLUS_REGEXP : ESCAPE_FIX_PATH_REGEXP,
    fixEscape,
  );
}

function fixEscape(match: string): string {
  if (match === "%20") return "+";
  if (match === "%2F") return "/";
  return "%" + match.charCodeAt(0).toString(16).toUpperCase();
}

function escapeBytes(bytes: Uint8Array, plus: boolean): string {
  let out = "";
  for (const b of bytes) {
    if (
      (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2e || b === 0x2d ||
      b === 0x7e || (b === 0x2f && !plus)
    ) {
      out += String.fromCharCode(b);
    } else if (b === 0x20 && plus) {
      out += "+";
    } else {
      out += "%" + HEX[b >> 4] + HEX[b & 15];
    }
  }
  return out;
}

/**
 * Decodes a percent-encoded value to text. Decoded bytes are read as UTF-8;
 * bytes that do not form valid UTF-8 become U+FFFD. Malformed escapes such as
 * `%zz` or a trailing `%` are kept as they are: this never throws a
 * `URIError`, unlike `decodeURIComponent`. As in Python's `unquote`, only
 * the ASCII parts of the text are decoded; other characters pass through.
 *
 * Tornado: `tornado.escape.url_unescape` (with the default encoding).
 *
 * @param value Percent-encoded text, or UTF-8 bytes of it.
 * @param options `plus` (default `true`): read `+` as a space, as in query
 * strings and form bodies. Use `false` for URL paths.
 * @returns The decoded text.
 * @throws {TypeError} If `value` is a `Uint8Array` that is not valid UTF-8.
 *
 * @example Unescape a query value, keeping a bad escape
 * ```ts
 * import { urlUnescape } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(urlUnescape("caf%C3%A9+au+lait"), "café au lait");
 * assert.equal(urlUnescape("1+1%3D2", { plus: false }), "1+1=2");
 * assert.equal(urlUnescape("100%zz"), "100%zz");
 * ```
 */
export function urlUnescape(
  value: string | Uint8Array,
  options?: UrlEscapeOptions,
): string {
  let text = typeof value === "string" ? value : toUnicode(value);
  if (options?.plus ?? true) text = text.replaceAll("+", " ");
  if (!text.includes("%")) return text;
  const bytes = new Uint8Array(text.length);
  let length = 0;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      // Python decodes each ASCII run on its own; other characters pass.
      if (length > 0) out += LENIENT_DECODER.decode(bytes.subarray(0, length));
      length = 0;
      out += text[i];
      continue;
    }
    const byte = c === 0x25 ? hexPair(text, i + 1) : -1;
    if (byte >= 0) {
      bytes[length++] = byte;
      i += 2;
    } else {
      bytes[length++] = c;
    }
  }
  if (length > 0) out += LENIENT_DECODER.decode(bytes.subarray(0, length));
  return out;
}

/** The byte of the two ASCII hex digits at `i`, or -1. */
function hexPair(text: string, i: number): number {
  const hi = hexValue(text.charCodeAt(i));
  const lo = hexValue(text.charCodeAt(i + 1));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * Parses a query string (or a form-urlencoded body) into raw byte values.
 * Fields are split on `&` only (not `;`), then on the first `=`; `+` is a
 * space and `%XX` escapes are decoded to bytes. A malformed escape stays as
 * it is. Values keep every byte, whatever the charset, so the caller decides
 * how to decode them.
 *
 * The result mirrors Tornado's: names are strings that hold one character
 * per decoded byte (Latin-1), so a UTF-8 name such as `%C3%A9` becomes
 * `"Ã©"`, not `"é"`; values are `Uint8Array` lists in order of appearance.
 * The object has no prototype, so a field called `__proto__` or
 * `constructor` is an ordinary key. A string argument is read as Latin-1, as
 * Tornado reads it; a character above U+00FF (which Tornado cannot encode
 * and raises on) is taken as its UTF-8 bytes in values and kept as it is in
 * names. Parsing takes linear time.
 *
 * One difference shows only in key order: as in every JavaScript object,
 * names that look like array indexes (`"0"`, `"42"`) come first, in numeric
 * order, where Tornado's `dict` keeps the order of appearance.
 *
 * Tornado: `tornado.escape.parse_qs_bytes` (without `strict_parsing`).
 *
 * @param qs The query string (without `?`) or body bytes.
 * @param options `keepBlankValues` (default `false`): keep fields with an
 * empty value.
 * @returns A prototype-less record from field name to its values.
 *
 * @example Parse a query string
 * ```ts
 * import { parseQsBytes } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * const args = parseQsBytes("a=1&a=%C3%A9&b=&c");
 * assert.deepEqual(Object.keys(args), ["a"]);
 * assert.deepEqual(args.a, [new Uint8Array([0x31]), new Uint8Array([0xc3, 0xa9])]);
 *
 * const all = parseQsBytes("a=1&b=&c", { keepBlankValues: true });
 * assert.deepEqual(Object.keys(all), ["a", "b", "c"]);
 * assert.deepEqual(all.c, [new Uint8Array()]);
 * ```
 */
export function parseQsBytes(
  qs: string | Uint8Array,
  options?: ParseQsOptions,
): Record<string, Uint8Array[]> {
  const keepBlank = options?.keepBlankValues ?? false;
  const text = typeof qs === "string" ? qs : latin1Decode(qs);
  const result: Record<string, Uint8Array[]> = Object.create(null);
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("&", start);
    if (end === -1) end = text.length;
    if (end > start) {
      const eq = text.indexOf("=", start);
      const hasValue = eq !== -1 && eq < end;
      if (hasValue ? eq + 1 < end || keepBlank : keepBlank) {
        const name = unquoteLatin1(text.slice(start, hasValue ? eq : end));
        const value = hasValue ? unquoteLatin1(text.slice(eq + 1, end)) : "";
        (result[name] ??= []).push(latin1Encode(value));
      }
    }
    start = end + 1;
  }
  return result;
}

/** One character per byte. */
function latin1Decode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/** `+` to space, then `%XX` to the character with that code (Latin-1). */
function unquoteLatin1(text: string): string {
  text = text.replaceAll("+", " ");
  if (!text.includes("%")) return text;
  let out = "";
  let last = 0;
  for (let i = text.indexOf("%"); i !== -1; i = text.indexOf("%", i + 1)) {
    const byte = hexPair(text, i + 1);
    if (byte < 0) continue;
    out += text.slice(last, i) + String.fromCharCode(byte);
    last = i + 3;
    i += 2;
  }
  return out + text.slice(last);
}

/** Characters up to U+00FF as single bytes; anything above as UTF-8. */
function latin1Encode(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return mixedEncode(text);
    bytes[i] = c;
  }
  return bytes;
}

function mixedEncode(text: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  let start = 0;
  for (const match of text.matchAll(NON_LATIN1_RUN_REGEXP)) {
    parts.push(latin1Encode(text.slice(start, match.index)));
    parts.push(encoder.encode(match[0]));
    start = match.index + match[0].length;
  }
  parts.push(latin1Encode(text.slice(start)));
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
