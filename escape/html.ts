// HTML escaping and unescaping (Tornado's `xhtml_escape`, `xhtml_unescape`).
import { namedEntity } from "./_entities.ts";
import { decimalDigitValue } from "./_unicode.ts";
import { toUnicode } from "./text.ts";

const HTML_SPECIAL_REGEXP = /[&<>"']/;
// Python's `&(#?)(\w+?);` with Unicode `\w`.
const ENTITY_REGEXP = /&(#?)([\p{L}\p{N}_]+);/gu;

/**
 * Escapes a value for use in HTML or XML: `&`, `<`, `>`, `"` and `'` become
 * entities. `null` and `undefined` become the empty string; other non-string
 * values are converted with `String()` first, except a `Uint8Array`, which is
 * decoded as UTF-8 (as Tornado accepts `bytes`).
 *
 * Tornado: `tornado.escape.xhtml_escape`
 *
 * @param value The value to escape.
 * @returns The escaped text.
 * @throws {TypeError} If `value` is a `Uint8Array` that is not valid UTF-8.
 *
 * @example Escape markup
 * ```ts
 * import { xhtmlEscape } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(xhtmlEscape(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
 * ```
 */
export function xhtmlEscape(value: unknown): string {
  const text = typeof value === "string"
    ? value
    : value === null || value === undefined
    ? ""
    : value instanceof Uint8Array
    ? toUnicode(value)
    : String(value);
  const first = text.search(HTML_SPECIAL_REGEXP);
  if (first === -1) return text;
  let out = text.slice(0, first);
  let last = first;
  for (let i = first; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 38: // &
        entity = "&amp;";
        break;
      case 60: // <
        entity = "&lt;";
        break;
      case 62: // >
        entity = "&gt;";
        break;
      case 34: // "
        entity = "&quot;";
        break;
      case 39: // '
        entity = "&#39;";
        break;
      default:
        continue;
    }
    if (last !== i) out += text.slice(last, i);
    out += entity;
    last = i + 1;
  }
  if (last !== text.length) out += text.slice(last);
  return out;
}

/**
 * Reverses HTML escaping: replaces named entities (the 252 of HTML 4, such
 * as `&amp;`, `&eacute;`), decimal entities (`&#233;`) and hexadecimal
 * entities (`&#xE9;`) by the characters they stand for. An entity needs its
 * closing `;`. Unknown names and numbers that are not code points stay as
 * they are; so does `&apos;`, which HTML 4 lacks.
 *
 * Numbers are read as Python's `int()` reads them, since Tornado calls it:
 * digits of any script count, single `_` may separate digits, and a hex
 * entity may repeat its `0x` (`&#x0x41;` is `A`). Where Tornado raises an
 * `OverflowError` (numbers of 2**31 or more), this leaves the entity as it is.
 *
 * Tornado: `tornado.escape.xhtml_unescape`
 *
 * @param value The escaped text, or UTF-8 bytes of it.
 * @returns The unescaped text.
 * @throws {TypeError} If `value` is a `Uint8Array` that is not valid UTF-8.
 *
 * @example Unescape entities
 * ```ts
 * import { xhtmlUnescape } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(xhtmlUnescape("&lt;caf&eacute;&gt; &#38; &#x263A;"), "<café> & ☺");
 * assert.equal(xhtmlUnescape("&apos; &bogus; &amp"), "&apos; &bogus; &amp");
 * ```
 */
export function xhtmlUnescape(value: string | Uint8Array): string {
  const text = typeof value === "string" ? value : toUnicode(value);
  if (!text.includes("&")) return text;
  return text.replace(ENTITY_REGEXP, convertEntity);
}

function convertEntity(match: string, hash: string, body: string): string {
  if (hash === "") return namedEntity(body) ?? match;
  const codePoint = body[0] === "x" || body[0] === "X"
    ? parsePythonInt(body.slice(1), 16)
    : parsePythonInt(body, 10);
  return codePoint < 0 ? match : String.fromCodePoint(codePoint);
}

/**
 * Reads `text` as Python's `int(text, base)` does (for the characters that
 * `\w` lets through) and returns the value if it is a code point, else -1.
 */
function parsePythonInt(text: string, base: 10 | 16): number {
  let i = 0;
  let afterSeparator = false; // a "_" (or "0x_") that must be followed by a digit
  if (base === 16 && (text[1] === "x" || text[1] === "X")) {
    const first = text.codePointAt(0) ?? -1;
    if (decimalDigitValue(first) === 0 && first <= 0xffff) {
      i = 2;
      if (text[2] === "_") {
        i = 3;
        afterSeparator = true;
      }
    }
  }
  let value = 0;
  let digits = 0;
  while (i < text.length) {
    const codePoint = text.codePointAt(i)!;
    i += codePoint > 0xffff ? 2 : 1;
    if (codePoint === 0x5f) { // _
      if (afterSeparator || digits === 0) return -1;
      afterSeparator = true;
      continue;
    }
    let digit = decimalDigitValue(codePoint);
    if (digit < 0 && base === 16) digit = hexLetterValue(codePoint);
    if (digit < 0) return -1;
    value = Math.min(value * base + digit, 0x110000); // cap: no overflow
    afterSeparator = false;
    digits++;
  }
  if (digits === 0 || afterSeparator || value > 0x10ffff) return -1;
  // Python refuses decimal numbers of more than 4300 digits (its default
  // int_max_str_digits), so Tornado leaves such an entity alone.
  if (base === 10 && digits > 4300) return -1;
  return value;
}

function hexLetterValue(codePoint: number): number {
  if (codePoint >= 0x61 && codePoint <= 0x66) return codePoint - 0x57; // a-f
  if (codePoint >= 0x41 && codePoint <= 0x46) return codePoint - 0x37; // A-F
  return -1;
}
