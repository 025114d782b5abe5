/**
 * HTML escaping.
 *
 * @module
 */

const HTML_SPECIAL_REGEXP = /[&<>"']/;

/**
 * Escapes a value for use in HTML or XML: `&`, `<`, `>`, `"` and `'` become
 * entities. `null` and `undefined` become the empty string; other non-string
 * values are converted with `String()` first.
 *
 * Tornado: `tornado.escape.xhtml_escape`
 *
 * @param value The value to escape.
 * @returns The escaped text.
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
