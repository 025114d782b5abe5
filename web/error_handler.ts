/**
 * {@linkcode ErrorHandler}: answers every request with one status code.
 *
 * @module
 */

import { HTTPError } from "./errors.ts";
import { RequestHandler } from "./request_handler.ts";

/** Options of {@linkcode ErrorHandler}. */
export interface ErrorHandlerOptions {
  /** The status code every request gets. */
  statusCode: number;
}

/**
 * Answers every request with the error page for `statusCode`, without
 * the XSRF check (as Tornado). It also answers URLs no route matches (404).
 *
 * Tornado: `tornado.web.ErrorHandler`
 *
 * @example Gone for good
 * ```ts
 * import { Application, ErrorHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const app = new Application([["/old", ErrorHandler, { statusCode: 410 }]], {
 *   logFunction: () => {},
 * });
 * const response = await app.fetch(new Request("http://localhost/old"));
 * assert.equal(response.status, 410);
 * await response.body?.cancel();
 * ```
 */
export class ErrorHandler extends RequestHandler {
  #statusCode = 500;

  /** Takes `{ statusCode }`. */
  override initialize(options: ErrorHandlerOptions): void {
    this.#statusCode = options.statusCode;
  }

  /** Throws the configured error for every method. */
  override prepare(): void {
    throw new HTTPError(this.#statusCode);
  }

  /**
   * Checks nothing: an error page has no side effect to protect, so a POST
   * to an unknown URL gets its 404 (not 403) with `xsrfCookies` on.
   */
  override checkXsrfCookie(): void {}
}
