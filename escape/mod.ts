/**
 * Escaping and unescaping for HTML, URLs and JSON, plus the small text
 * helpers around them, as in Tornado's `tornado.escape`. Outputs match
 * Tornado 6.2 (checked against it case by case); where they differ, the
 * function's documentation says so.
 *
 * | Function | Tornado |
 * |---|---|
 * | {@linkcode xhtmlEscape}, {@linkcode xhtmlUnescape} | `xhtml_escape`, `xhtml_unescape` |
 * | {@linkcode urlEscape}, {@linkcode urlUnescape} | `url_escape`, `url_unescape` |
 * | {@linkcode parseQsBytes} | `parse_qs_bytes` |
 * | {@linkcode jsonEncode}, {@linkcode jsonDecode} | `json_encode`, `json_decode` |
 * | {@linkcode linkify} | `linkify` |
 * | {@linkcode squeeze}, {@linkcode utf8}, {@linkcode toUnicode} | `squeeze`, `utf8`, `to_unicode` |
 *
 * @example Escape for HTML, URLs and scripts
 * ```ts
 * import { jsonEncode, urlEscape, xhtmlEscape } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(xhtmlEscape("<b>"), "&lt;b&gt;");
 * assert.equal(urlEscape("a&b c"), "a%26b+c");
 * assert.equal(jsonEncode(["</script>"]), '["<\\/script>"]');
 * ```
 *
 * @module
 */
export { xhtmlEscape, xhtmlUnescape } from "./html.ts";
export {
  parseQsBytes,
  type ParseQsOptions,
  urlEscape,
  type UrlEscapeOptions,
  urlUnescape,
} from "./url.ts";
export { jsonDecode, jsonEncode } from "./json.ts";
export { squeeze, toUnicode, utf8 } from "./text.ts";
export { linkify, type LinkifyOptions } from "./linkify.ts";
