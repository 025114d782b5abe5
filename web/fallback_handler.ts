/**
 * {@linkcode FallbackHandler}: hands requests to any fetch-style handler.
 *
 * @module
 */

import { finishWithResponse, RequestHandler } from "./request_handler.ts";

/** Options of {@linkcode FallbackHandler}. */
export interface FallbackHandlerOptions {
  /** A standard fetch handler that answers the request. */
  fallback: (request: Request) => Response | Promise<Response>;
}

/**
 * Hands matching requests, body untouched, to another fetch-style handler
 * (a Hono app's `fetch`, a `Deno.serve` handler, ...), as Tornado's
 * `FallbackHandler` wraps a WSGI app.
 *
 * Tornado: `tornado.web.FallbackHandler`
 *
 * @example Mount another handler
 * ```ts
 * import { Application, FallbackHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const app = new Application([
 *   ["/legacy/.*", FallbackHandler, { fallback: () => new Response("legacy") }],
 * ], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/legacy/x"));
 * assert.equal(await response.text(), "legacy");
 * ```
 */
export class FallbackHandler extends RequestHandler {
  /** The body is left for the fallback to read. */
  static override streamRequestBody = true;
  /** Every method goes to the fallback. */
  static override SUPPORTED_METHODS: readonly string[] = [
    "GET",
    "HEAD",
    "POST",
    "DELETE",
    "PATCH",
    "PUT",
    "OPTIONS",
    "CONNECT",
    "TRACE",
  ];
  #fallback: FallbackHandlerOptions["fallback"] = () =>
    new Response(null, { status: 500 });

  /** Takes `{ fallback }`. */
  override initialize(options: FallbackHandlerOptions): void {
    this.#fallback = options.fallback;
  }

  /** Calls the fallback and sends its response. */
  override async prepare(): Promise<void> {
    finishWithResponse(this, await this.#fallback(this.request.raw));
  }
}
