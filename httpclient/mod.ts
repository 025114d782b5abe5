/**
 * An asynchronous HTTP client over the global `fetch`, as Tornado's
 * `tornado.httpclient`: {@linkcode AsyncHTTPClient} with a `maxClients`
 * queue, per-request {@linkcode HTTPRequest} options (timeouts in seconds,
 * manual redirects, basic auth, decompression, `maxBodySize`),
 * {@linkcode HTTPResponse} with the whole body read, and
 * {@linkcode HTTPClientError} (code 599 for timeouts and network errors),
 * and {@linkcode urlConcat} to add query arguments to a URL.
 *
 * @example Handle a 404 without an exception
 * ```ts
 * import { AsyncHTTPClient } from "@tornado-deno/tornado/httpclient";
 * import assert from "node:assert/strict";
 *
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response("nothing here", { status: 404 }),
 * );
 * const client = new AsyncHTTPClient();
 * try {
 *   const url = `http://127.0.0.1:${server.addr.port}/missing`;
 *   const response = await client.fetch(url, { raiseError: false });
 *   assert.equal(response.code, 404);
 *   assert.equal(response.error?.message, "HTTP 404: Not Found");
 *   await assert.rejects(client.fetch(url), { code: 404 });
 * } finally {
 *   client.close();
 *   await server.shutdown();
 * }
 * ```
 *
 * @module
 */
export { AsyncHTTPClient, type AsyncHTTPClientOptions } from "./client.ts";
export {
  HTTPRequest,
  type HTTPRequestBody,
  type HTTPRequestOptions,
} from "./request.ts";
export { HTTPResponse, type HTTPResponseOptions } from "./response.ts";
export { HTTPClientError, type HTTPClientErrorOptions } from "./errors.ts";
export { type QueryArgs, urlConcat } from "../_internal/url_concat.ts";
