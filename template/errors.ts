/**
 * The error thrown for a malformed template.
 *
 * @module
 */

/**
 * Thrown when a template cannot be parsed or compiled: an unclosed block, a
 * stray `{% end %}`, an unknown directive, or a JavaScript expression with a
 * syntax error. `filename` and `lineno` name the template and the line where
 * the problem is (for an unclosed block, the line that opened it), and the
 * message ends with `at <filename>:<lineno>`.
 *
 * Tornado: `tornado.template.ParseError`
 *
 * @example Catch a parse error
 * ```ts
 * import { ParseError, Template } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => new Template("a\n{% if x %}b", { name: "page.html" }),
 *   (error: unknown) =>
 *     error instanceof ParseError && error.filename === "page.html" &&
 *     error.lineno === 2 &&
 *     error.message === 'Missing {% end %} block for "if" at page.html:2',
 * );
 * ```
 */
export class ParseError extends SyntaxError {
  /** The name of the template with the error. */
  readonly filename: string;
  /** The 1-based line number of the error in that template. */
  readonly lineno: number;

  /**
   * Creates a parse error.
   *
   * @param message What is wrong, without the position.
   * @param filename The template name.
   * @param lineno The 1-based line number.
   * @param options `cause`, when the error comes from another one.
   */
  constructor(
    message: string,
    filename: string,
    lineno: number,
    options?: ErrorOptions,
  ) {
    super(`${message} at ${filename}:${lineno}`, options);
    this.name = "ParseError";
    this.filename = filename;
    this.lineno = lineno;
  }
}
