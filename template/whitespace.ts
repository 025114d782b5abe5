/**
 * Whitespace filtering for template text.
 *
 * @module
 */

import { PY_SPACE as SPACE } from "../_internal/python.ts";

// SPACE is Python's `\s` for str patterns, so results match Tornado.
const TABS_REGEXP = /[\t ]+/g;
const NEWLINE_RUN_REGEXP = new RegExp(`[${SPACE}]*\\n[${SPACE}]*`, "g");
const SPACE_RUN_REGEXP = new RegExp(`[${SPACE}]+`, "g");

/** A whitespace mode: `all`, `single` or `oneline`. */
export type WhitespaceMode = "all" | "single" | "oneline";

/**
 * Transforms the whitespace of template text according to a mode:
 *
 * - `all`: keeps all whitespace.
 * - `single`: collapses each run of spaces and tabs to one space, and each
 *   run of whitespace holding a newline to a single newline.
 * - `oneline`: collapses each run of whitespace, newlines included, to one
 *   space.
 *
 * Templates whose name ends in `.html` or `.js` default to `single`, others
 * to `all`; `{% whitespace mode %}` changes the mode for the rest of a file.
 *
 * Tornado: `tornado.template.filter_whitespace`
 *
 * @param mode The whitespace mode.
 * @param text The text to transform.
 * @returns The transformed text.
 * @throws {TypeError} If `mode` is not `all`, `single` or `oneline`.
 *
 * @example Collapse whitespace
 * ```ts
 * import { filterWhitespace } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * assert.equal(filterWhitespace("single", "a  \n\n  b\t c"), "a\nb c");
 * assert.equal(filterWhitespace("oneline", "a  \n\n  b"), "a b");
 * assert.equal(filterWhitespace("all", "a  \n b"), "a  \n b");
 * ```
 */
export function filterWhitespace(mode: WhitespaceMode, text: string): string {
  switch (mode) {
    case "all":
      return text;
    case "single":
      return text.replace(TABS_REGEXP, " ").replace(NEWLINE_RUN_REGEXP, "\n");
    case "oneline":
      return text.replace(SPACE_RUN_REGEXP, " ");
    default:
      throw new TypeError(
        `Cannot filter whitespace: invalid mode "${mode as string}"`,
      );
  }
}

/**
 * Checks a whitespace mode.
 *
 * @param mode The candidate mode.
 * @returns Whether it is `all`, `single` or `oneline`.
 */
export function isWhitespaceMode(mode: unknown): mode is WhitespaceMode {
  return mode === "all" || mode === "single" || mode === "oneline";
}
