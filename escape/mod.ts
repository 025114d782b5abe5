/**
 * Escaping and unescaping for HTML, URLs and JSON, as Tornado's
 * `tornado.escape`.
 *
 * @example Escape for HTML
 * ```ts
 * import { xhtmlEscape } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(xhtmlEscape("<b>"), "&lt;b&gt;");
 * ```
 *
 * @module
 */
export { xhtmlEscape } from "./html.ts";
