// JSON encoding and decoding (Tornado's `json_encode`, `json_decode`).
import { toUnicode } from "./text.ts";

/**
 * Encodes a value as JSON that is safe inside an HTML `<script>` element:
 * every `</` is written `<\/`, so the text can never close the element.
 *
 * The output is what Tornado's `json.dumps` writes, byte for byte, for
 * strings, booleans, `null`, integers, arrays and plain objects: `", "` and
 * `": "` between items, and every character outside printable ASCII as a
 * `\uXXXX` escape (so the output is pure ASCII, and U+2028/U+2029 are
 * escaped too). Everything else follows `JSON.stringify`: `toJSON()` is
 * called, `undefined` and functions are dropped from objects, and numbers
 * are written the JavaScript way (`1` where Python writes `1.0`, `null` for
 * `NaN` where Python writes `NaN`).
 *
 * Tornado: `tornado.escape.json_encode`
 *
 * @param value The value to encode.
 * @returns The JSON text.
 * @throws {TypeError} If `value` cannot be encoded: `undefined`, a
 * function or a symbol at the top level, a `BigInt`, or a cycle.
 *
 * @example Encode for a script tag
 * ```ts
 * import { jsonEncode } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   jsonEncode({ html: "</script>", name: "café", ids: [1, 2] }),
 *   '{"html": "<\\/script>", "name": "caf\\u00e9", "ids": [1, 2]}',
 * );
 * ```
 */
export function jsonEncode(value: unknown): string {
  const json: string | undefined = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(
      `Cannot encode value as JSON: "${typeof value}" is not serializable`,
    );
  }
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) { // backslash: the escaped character cannot end the string
        i++;
      } else if (c === 0x22) {
        inString = false;
      } else if (c > 0x7e) {
        out += json.slice(last, i) + "\\u" + c.toString(16).padStart(4, "0");
        last = i + 1;
      } else if (c === 0x2f && json.charCodeAt(i - 1) === 0x3c) { // "</"
        out += json.slice(last, i) + "\\/";
        last = i + 1;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x2c || c === 0x3a) { // "," or ":" between items
      out += json.slice(last, i + 1) + " ";
      last = i + 1;
    }
  }
  return last === 0 ? json : out + json.slice(last);
}

/**
 * Parses JSON text, given as a string or as UTF-8 bytes.
 *
 * Unlike Python, `NaN` and `Infinity` are not accepted, and integers beyond
 * 2**53 lose precision (JavaScript numbers).
 *
 * Tornado: `tornado.escape.json_decode`
 *
 * @param value JSON text or its UTF-8 bytes.
 * @returns The parsed value.
 * @throws {SyntaxError} If the text is not valid JSON.
 * @throws {TypeError} If the bytes are not valid UTF-8.
 *
 * @example Decode bytes
 * ```ts
 * import { jsonDecode } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * const bytes = new TextEncoder().encode('{"name": "caf\\u00e9"}');
 * assert.deepEqual(jsonDecode(bytes), { name: "café" });
 * assert.throws(() => jsonDecode("{bad"), SyntaxError);
 * ```
 */
export function jsonDecode(value: string | Uint8Array): unknown {
  return JSON.parse(typeof value === "string" ? value : toUnicode(value));
}
