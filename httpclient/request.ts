/** A request body: text, bytes or form fields. */
export type HTTPRequestBody = string | Uint8Array | URLSearchParams;

/**
 * Options of one request, as Tornado's `HTTPRequest` keyword arguments. Each
 * may also be given in `AsyncHTTPClient`'s `defaults`. Durations are in
 * seconds; `0` turns a timeout off.
 *
 * @example A JSON POST
 * ```ts
 * import {
 *   HTTPRequest,
 *   type HTTPRequestOptions,
 * } from "@tornado-deno/tornado/httpclient";
 * import assert from "node:assert/strict";
 *
 * const options: HTTPRequestOptions = {
 *   method: "POST",
 *   headers: { "Content-Type": "application/json" },
 *   body: JSON.stringify({ title: "hi" }),
 *   requestTimeout: 5, // seconds
 * };
 * const request = new HTTPRequest("http://localhost/api/notes", options);
 * assert.equal(request.method, "POST");
 * assert.equal(request.headers.get("content-type"), "application/json");
 * assert.equal(request.requestTimeout, 5);
 * ```
 */
export interface HTTPRequestOptions {
  /** The HTTP method. Default `"GET"`. */
  method?: string | undefined;
  /**
   * Request headers. Headers from the client's `defaults` are added under
   * these (a name given here wins).
   */
  headers?: HeadersInit | undefined;
  /**
   * The body. A POST without a `Content-Type` is sent as
   * `application/x-www-form-urlencoded`, as in Tornado. GET and HEAD
   * cannot have one.
   */
  body?: HTTPRequestBody | undefined;
  /**
   * Seconds the whole exchange (headers and body) may take, per redirect
   * hop. Default 20.
   */
  requestTimeout?: number | undefined;
  /**
   * Seconds to wait for the response headers, per redirect hop. `fetch`
   * cannot tell connecting apart from waiting for the server, so this
   * bounds both (see `AsyncHTTPClient`). Default 20.
   */
  connectTimeout?: number | undefined;
  /** Follow 301, 302, 303, 307 and 308 responses. Default `true`. */
  followRedirects?: boolean | undefined;
  /** How many redirects to follow at most. Default 5. */
  maxRedirects?: number | undefined;
  /** User name for HTTP basic authentication. */
  authUsername?: string | undefined;
  /** Password for HTTP basic authentication. Default `""`. */
  authPassword?: string | undefined;
  /** The `User-Agent` header; replaces one given in `headers`. */
  userAgent?: string | undefined;
  /**
   * Ask for a compressed response and decode it. Default `true`. With
   * `false` the client sends `Accept-Encoding: identity` (replacing any
   * `Accept-Encoding` you set, since Deno's `fetch` decodes gzip and br
   * whenever the request accepts them) and hands back the body as sent.
   */
  decompressResponse?: boolean | undefined;
  /**
   * Throw `HTTPClientError` for a status outside 200-299. Default `true`.
   * Errors without a response (code 599) are thrown either way, as in
   * Tornado.
   */
  raiseError?: boolean | undefined;
  /**
   * Largest body, in bytes after decompression, the client will read.
   * Past it reading stops and the fetch fails with `HTTPClientError` 599.
   * Default 100 MiB (Tornado's).
   */
  maxBodySize?: number | undefined;
}

/**
 * A request as a value: a URL plus {@linkcode HTTPRequestOptions}. Pass it
 * to `AsyncHTTPClient.fetch()`; unset options come from the client's
 * `defaults`, then from Tornado's defaults.
 *
 * Tornado: `tornado.httpclient.HTTPRequest`
 *
 * @example Build a request
 * ```ts
 * import { HTTPRequest } from "@tornado-deno/tornado/httpclient";
 * import assert from "node:assert/strict";
 *
 * const request = new HTTPRequest("http://127.0.0.1/items", {
 *   method: "POST",
 *   body: "name=box",
 *   headers: { "X-Trace": "1" },
 *   requestTimeout: 5,
 * });
 * assert.equal(request.method, "POST");
 * assert.equal(request.headers.get("x-trace"), "1");
 * assert.equal(request.followRedirects, undefined); // the client decides
 * ```
 */
export class HTTPRequest {
  /** The URL to fetch. */
  url: string;
  /** The HTTP method, upper case as given (default `"GET"`). */
  method: string;
  /** The request headers. */
  headers: Headers;
  /** The request body, if any. */
  body: HTTPRequestBody | undefined;
  /** See {@linkcode HTTPRequestOptions.requestTimeout}. */
  requestTimeout: number | undefined;
  /** See {@linkcode HTTPRequestOptions.connectTimeout}. */
  connectTimeout: number | undefined;
  /** See {@linkcode HTTPRequestOptions.followRedirects}. */
  followRedirects: boolean | undefined;
  /** See {@linkcode HTTPRequestOptions.maxRedirects}. */
  maxRedirects: number | undefined;
  /** See {@linkcode HTTPRequestOptions.authUsername}. */
  authUsername: string | undefined;
  /** See {@linkcode HTTPRequestOptions.authPassword}. */
  authPassword: string | undefined;
  /** See {@linkcode HTTPRequestOptions.userAgent}. */
  userAgent: string | undefined;
  /** See {@linkcode HTTPRequestOptions.decompressResponse}. */
  decompressResponse: boolean | undefined;
  /** See {@linkcode HTTPRequestOptions.raiseError}. */
  raiseError: boolean | undefined;
  /** See {@linkcode HTTPRequestOptions.maxBodySize}. */
  maxBodySize: number | undefined;

  /**
   * Creates a request.
   *
   * @param url The absolute `http:` or `https:` URL.
   * @param options Method, headers, body and the other options.
   */
  constructor(url: string | URL, options: HTTPRequestOptions = {}) {
    this.url = String(url);
    this.method = options.method ?? "GET";
    this.headers = new Headers(options.headers);
    this.body = options.body;
    this.requestTimeout = options.requestTimeout;
    this.connectTimeout = options.connectTimeout;
    this.followRedirects = options.followRedirects;
    this.maxRedirects = options.maxRedirects;
    this.authUsername = options.authUsername;
    this.authPassword = options.authPassword;
    this.userAgent = options.userAgent;
    this.decompressResponse = options.decompressResponse;
    this.raiseError = options.raiseError;
    this.maxBodySize = options.maxBodySize;
  }
}
