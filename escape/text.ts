// Text helpers: squeeze, utf8, toUnicode.
import { pyStrip } from "./_unicode.ts";

// deno-lint-ignore no-control-regex
const CONTROL_RUN_REGEXP = /[\x00-\x20]+/g;
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Replaces every run of ASCII control characters and spaces (`\x00` to
 * `\x20`) by one space, then trims whitespace from both ends. The trim uses
 * Python's idea of whitespace (so `\x85` goes, `\uFEFF` stays), as Tornado
 * does.
 *
 * Tornado: `tornado.escape.squeeze`
 *
 * @param value The text to squeeze.
 * @returns The squeezed text.
 *
 * @example Collapse whitespace
 * ```ts
 * import { squeeze } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(squeeze("  sequences \t of\n\n whitespace  "), "sequences of whitespace");
 * ```
 */
export function squeeze(value: string): string {
  return pyStrip(value.replace(CONTROL_RUN_REGEXP, " "));
}

/**
 * Converts text to UTF-8 bytes. Bytes are returned unchanged and `null`
 * stays `null`. A lone surrogate in the text is written as U+FFFD, as
 * `TextEncoder` does (Python would raise instead).
 *
 * Tornado: `tornado.escape.utf8`
 *
 * @param value A string, bytes or `null`.
 * @returns The UTF-8 bytes, the same `Uint8Array`, or `null`.
 * @throws {TypeError} If `value` is of any other type.
 *
 * @example Encode text
 * ```ts
 * import { utf8 } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(utf8("é"), new Uint8Array([0xc3, 0xa9]));
 * assert.equal(utf8(null), null);
 * ```
 */
export function utf8(value: string | Uint8Array): Uint8Array;
/**
 * `null` stays `null` (see the first overload).
 *
 * @param value `null`.
 * @returns `null`.
 */
export function utf8(value: null): null;
/**
 * Converts text to UTF-8 bytes, passing bytes and `null` through (see the
 * first overload).
 *
 * @param value A string, bytes or `null`.
 * @returns The UTF-8 bytes, the same `Uint8Array`, or `null`.
 * @throws {TypeError} If `value` is of any other type.
 */
export function utf8(value: string | Uint8Array | null): Uint8Array | null;
export function utf8(value: string | Uint8Array | null): Uint8Array | null {
  if (typeof value === "string") return ENCODER.encode(value);
  if (value === null || value instanceof Uint8Array) return value;
  throw new TypeError(
    `Cannot convert value to UTF-8: expected a string, Uint8Array or null, got "${
      describe(value)
    }"`,
  );
}

/**
 * Converts UTF-8 bytes to text. Strings are returned unchanged and `null`
 * stays `null`. Decoding is strict, like Python's: malformed UTF-8 (bad
 * bytes, overlong forms, encoded surrogates) throws rather than turning into
 * U+FFFD, and a leading byte order mark is kept as U+FEFF.
 *
 * Tornado: `tornado.escape.to_unicode`
 *
 * @param value Bytes, a string or `null`.
 * @returns The decoded text, the same string, or `null`.
 * @throws {TypeError} If the bytes are not valid UTF-8 (the message gives
 * the offset of the first bad byte), or if `value` is of any other type.
 *
 * @example Decode bytes
 * ```ts
 * import { toUnicode } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(toUnicode(new Uint8Array([0x63, 0x61, 0x66, 0xc3, 0xa9])), "café");
 * assert.throws(() => toUnicode(new Uint8Array([0xff])), TypeError);
 * ```
 */
export function toUnicode(value: string | Uint8Array): string;
/**
 * `null` stays `null` (see the first overload).
 *
 * @param value `null`.
 * @returns `null`.
 */
export function toUnicode(value: null): null;
/**
 * Converts UTF-8 bytes to text, passing strings and `null` through (see the
 * first overload).
 *
 * @param value Bytes, a string or `null`.
 * @returns The decoded text, the same string, or `null`.
 * @throws {TypeError} If the bytes are not valid UTF-8, or if `value` is of
 * any other type.
 */
export function toUnicode(value: string | Uint8Array | null): string | null;
export function toUnicode(value: string | Uint8Array | null): string | null {
  if (typeof value === "string" || value === null) return value;
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot decode value as UTF-8: expected a Uint8Array, string or null, got "${
        describe(value)
      }"`,
    );
  }
  try {
    return DECODER.decode(value);
  } catch (cause) {
    const at = firstInvalidUtf8(value);
    throw new TypeError(
      `Cannot decode bytes as UTF-8: invalid byte "0x${
        value[at]?.toString(16).padStart(2, "0") ?? ""
      }" at offset ${at}`,
      { cause },
    );
  }
}

function describe(value: unknown): string {
  if (typeof value !== "object") return typeof value;
  return value?.constructor?.name ?? "object";
}

/**
 * The offset of the first byte that starts (or ends) an invalid UTF-8
 * sequence, as Python's error reports it. Runs only after a failed decode.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (
        c === undefined || c < (k === 1 ? lo : 0x80) ||
        c > (k === 1 ? hi : 0xbf)
      ) {
        return i;
      }
    }
    i += need + 1;
  }
  return bytes.length;
}
