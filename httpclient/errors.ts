import { reasonFor } from "../_internal/http_status.ts";
import type { HTTPResponse } from "./response.ts";

/** Options for {@linkcode HTTPClientError}. */
export interface HTTPClientErrorOptions {
  /** The response, when the server sent one. */
  response?: HTTPResponse | undefined;
  /** The underlying error (a network `TypeError`, for example). */
  cause?: unknown;
}

/**
 * The error thrown by `AsyncHTTPClient.fetch()`: a response whose status is
 * not 2xx (when `raiseError` is on), or code 599 when no usable response
 * arrived (a timeout, a network error, a body past `maxBodySize`, a closed
 * client). Its message reads like Tornado's: `HTTP 404: Not Found`,
 * `HTTP 599: Timeout during request`.
 *
 * Tornado: `tornado.httpclient.HTTPClientError`
 *
 * @example Inspect a status error
 * ```ts
 * import { HTTPClientError } from "@tornado-deno/tornado/httpclient";
 * import assert from "node:assert/strict";
 *
 * const error = new HTTPClientError(599, "Timeout during request");
 * assert.equal(error.code, 599);
 * assert.equal(error.message, "HTTP 599: Timeout during request");
 * assert.equal(error.response, undefined);
 * ```
 */
export class HTTPClientError extends Error {
  /** The HTTP status code, or 599 when no response arrived. */
  readonly code: number;
  /** The response, if there is one (never for code 599). */
  readonly response: HTTPResponse | undefined;

  /**
   * Creates an error for `code`.
   *
   * @param code The status code (599 for timeouts and network errors).
   * @param message What went wrong; defaults to the reason phrase of `code`.
   * @param options The response and the underlying cause.
   */
  constructor(
    code: number,
    message?: string,
    options: HTTPClientErrorOptions = {},
  ) {
    super(`HTTP ${code}: ${message ?? reasonFor(code)}`, {
      cause: options.cause,
    });
    this.name = "HTTPClientError";
    this.code = code;
    this.response = options.response;
  }
}
