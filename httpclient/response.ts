import { reasonFor } from "../_internal/http_status.ts";
import { HTTPClientError } from "./errors.ts";
import type { HTTPRequest } from "./request.ts";

/** Options for {@linkcode HTTPResponse}. */
export interface HTTPResponseOptions {
  /** The reason phrase; defaults to the standard one for the code. */
  reason?: string | undefined;
  /** The response headers. */
  headers?: HeadersInit | undefined;
  /** The body bytes. */
  body?: Uint8Array | undefined;
  /** The URL after redirects; defaults to the request's URL. */
  effectiveUrl?: string | undefined;
  /** Seconds the request took. */
  requestTime?: number | undefined;
}

const decoder = new TextDecoder();

/**
 * The result of `AsyncHTTPClient.fetch()`: status, headers and the whole
 * body, already read.
 *
 * Tornado: `tornado.httpclient.HTTPResponse`
 *
 * @example Read a response
 * ```ts
 * import { HTTPRequest, HTTPResponse } from "@tornado-deno/tornado/httpclient";
 * import assert from "node:assert/strict";
 *
 * const request = new HTTPRequest("http://127.0.0.1/data");
 * const response = new HTTPResponse(request, 200, {
 *   headers: { "Content-Type": "application/json" },
 *   body: new TextEncoder().encode('{"ok":true}'),
 * });
 * assert.equal(response.reason, "OK");
 * assert.deepEqual(response.json(), { ok: true });
 * assert.equal(response.error, null);
 * ```
 */
export class HTTPResponse {
  /** The request as given to `fetch()` (before any redirect). */
  readonly request: HTTPRequest;
  /** The HTTP status code. */
  readonly code: number;
  /**
   * The reason phrase. Deno's `fetch` reports the standard phrase for the
   * code (not the one the server sent), and `"Unknown"` for unknown codes.
   */
  readonly reason: string;
  /** The response headers. */
  readonly headers: Headers;
  /** The body (decompressed unless `decompressResponse` was `false`). */
  readonly body: Uint8Array;
  /** The final URL, after redirects. */
  readonly effectiveUrl: string;
  /**
   * Seconds from leaving the queue until the body was read, redirects
   * included.
   */
  readonly requestTime: number;
  /** An `HTTPClientError` when `code` is outside 200-299, else `null`. */
  readonly error: HTTPClientError | null;

  /**
   * Creates a response (the client does this; tests may too).
   *
   * @param request The request it answers.
   * @param code The status code.
   * @param options Reason, headers, body, effective URL and timing.
   */
  constructor(
    request: HTTPRequest,
    code: number,
    options: HTTPResponseOptions = {},
  ) {
    this.request = request;
    this.code = code;
    this.reason = options.reason || reasonFor(code);
    this.headers = new Headers(options.headers);
    this.body = options.body ?? new Uint8Array();
    this.effectiveUrl = options.effectiveUrl ?? request.url;
    this.requestTime = options.requestTime ?? 0;
    this.error = code >= 200 && code < 300
      ? null
      : new HTTPClientError(code, this.reason, { response: this });
  }

  /**
   * The body decoded as UTF-8 (invalid bytes become U+FFFD).
   *
   * @returns The body as text.
   */
  get text(): string {
    return decoder.decode(this.body);
  }

  /**
   * Parses the body as JSON.
   *
   * @returns The parsed value.
   * @throws {SyntaxError} If the body is not valid JSON.
   */
  json(): unknown {
    return JSON.parse(this.text);
  }

  /**
   * Throws {@linkcode HTTPResponse.error} if there is one.
   *
   * Tornado: `HTTPResponse.rethrow`
   *
   * @throws {HTTPClientError} When the status is outside 200-299.
   */
  rethrow(): void {
    if (this.error) throw this.error;
  }
}
