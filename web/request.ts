/**
 * The request as handlers see it: {@linkcode HTTPServerRequest} and
 * {@linkcode HTTPFile}.
 *
 * @module
 */

import { parseBody, parseQueryString } from "./_body.ts";
import type { MultipartLimits } from "./settings.ts";
import { parseCookieHeader } from "./cookies.ts";

/**
 * An uploaded file from a `multipart/form-data` body.
 *
 * Tornado: `tornado.httputil.HTTPFile`
 *
 * @example Read an upload
 * ```ts
 * import {
 *   Application,
 *   type HTTPFile,
 *   RequestHandler,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Upload extends RequestHandler {
 *   override post(): void {
 *     const files: HTTPFile[] = this.request.files["doc"] ?? [];
 *     this.write({
 *       files: files.map((f) => `${f.filename} ${f.contentType} ${f.body.length}`),
 *     });
 *   }
 * }
 * const app = new Application([["/", Upload]], { logFunction: () => {} });
 * const form = new FormData();
 * form.append("doc", new File(["hello"], "a.txt", { type: "text/plain" }));
 * const response = await app.fetch(
 *   new Request("http://localhost/", { method: "POST", body: form }),
 * );
 * assert.deepEqual(await response.json(), { files: ["a.txt text/plain 5"] });
 * ```
 */
export interface HTTPFile {
  /** The file name the client gave. */
  filename: string;
  /** The part's `Content-Type` (default `application/unknown`). */
  contentType: string;
  /** The file's bytes. */
  body: Uint8Array;
}

/** How an {@linkcode HTTPServerRequest} is made. */
export interface HTTPServerRequestOptions {
  /** The remote address of the connection, when there is one. */
  remoteAddr?: string | undefined;
  /** Trust `X-Real-IP`/`X-Forwarded-For` and `X-Scheme`/`X-Forwarded-Proto`. */
  xheaders?: boolean | undefined;
  /** Limits for a `multipart/form-data` body (the defaults are Tornado 6.5's). */
  multipartLimits?: MultipartLimits | undefined;
}

const EMPTY_BODY = new Uint8Array(0);
const EMPTY_ARGS: Record<string, string[]> = Object.freeze(
  Object.create(null),
) as Record<string, string[]>;
const IPV4_REGEXP = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6_REGEXP = /^[0-9A-Fa-f:.]+$/;

/** Marks a request as answered: its `signal` no longer aborts. */
export let endRequest: (request: HTTPServerRequest) => void;

/** Sets the body of a request once it has been read (friend access). */
export let setRequestBody: (
  request: HTTPServerRequest,
  body: Uint8Array,
) => void;

/**
 * A request as a handler sees it: Tornado's fields over a standard
 * `Request`. Arguments, cookies and the parsed body are computed on first
 * use.
 *
 * Tornado: `tornado.httputil.HTTPServerRequest`
 *
 * @example Read a request's fields
 * ```ts
 * import { HTTPServerRequest } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const request = new HTTPServerRequest(new Request("http://example.com/a?b=1&b=2"));
 * assert.equal(request.path, "/a");
 * assert.deepEqual(request.queryArguments.b, ["1", "2"]);
 * assert.equal(request.host, "example.com");
 * ```
 */
export class HTTPServerRequest {
  /** The underlying Fetch API request. */
  readonly raw: Request;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The path and query, as sent (`/a/b?c=d`). */
  readonly uri: string;
  /** The path part of the URI, still percent-encoded. */
  readonly path: string;
  /** The query string, without `?`. */
  readonly query: string;
  /**
   * The HTTP version. Deno does not expose it, so this is always
   * `"HTTP/1.1"`.
   */
  readonly version: string = "HTTP/1.1";
  /** The request headers. */
  readonly headers: Headers;
  /** The client's IP address (from the proxy headers with `xheaders`). */
  readonly remoteIp: string;
  /** `"http"` or `"https"` (from the proxy headers with `xheaders`). */
  readonly protocol: string;
  /** The `Host` header (or, in-process without one, the URL's host). */
  readonly host: string;
  #startTime: number = performance.now();
  #body: Uint8Array = EMPTY_BODY;
  #queryArguments: Record<string, string[]> | undefined;
  #bodyArguments: Record<string, string[]> | undefined;
  #files: Record<string, HTTPFile[]> | undefined;
  #arguments: Record<string, string[]> | undefined;
  #cookies: Map<string, string> | undefined;
  #signal: AbortController | undefined;
  #ended = false;
  #multipartLimits: MultipartLimits | undefined;

  static {
    setRequestBody = (request, body) => {
      request.#body = body;
    };
    endRequest = (request) => {
      request.#ended = true;
    };
  }

  /**
   * Wraps a Fetch API request.
   *
   * @param request The Fetch API request.
   * @param options The connection's remote address and proxy trust.
   */
  constructor(request: Request, options: HTTPServerRequestOptions = {}) {
    this.raw = request;
    this.method = request.method;
    this.headers = request.headers;
    const href = request.url;
    const hostStart = href.indexOf("://") + 3;
    let pathStart = href.indexOf("/", hostStart);
    if (pathStart === -1) pathStart = href.length;
    let end = href.indexOf("#", pathStart);
    if (end === -1) end = href.length;
    const uri = href.slice(pathStart, end) || "/";
    this.uri = uri;
    const q = uri.indexOf("?");
    this.path = q === -1 ? uri : uri.slice(0, q);
    this.query = q === -1 ? "" : uri.slice(q + 1);
    this.host = this.headers.get("host") ?? href.slice(hostStart, pathStart);
    let protocol = href.slice(0, hostStart - 3);
    let remoteIp = options.remoteAddr ?? "127.0.0.1";
    if (options.xheaders) {
      const forwarded = this.headers.get("x-forwarded-for");
      let ip = forwarded === null
        ? remoteIp
        : forwarded.slice(forwarded.lastIndexOf(",") + 1).trim();
      ip = this.headers.get("x-real-ip")?.trim() ?? ip;
      if (isValidIp(ip)) remoteIp = ip;
      const scheme = this.headers.get("x-scheme") ??
        this.headers.get("x-forwarded-proto");
      if (scheme !== null) {
        const last = scheme.slice(scheme.lastIndexOf(",") + 1).trim()
          .toLowerCase();
        if (last === "http" || last === "https") protocol = last;
      }
    }
    this.protocol = protocol;
    this.remoteIp = remoteIp;
    this.#multipartLimits = options.multipartLimits;
  }

  /** The request body (empty until read; raw bytes for any content type). */
  get body(): Uint8Array {
    return this.#body;
  }

  /**
   * Aborts when the client goes away before the response is finished.
   * (Deno also aborts the raw request's signal after every completed
   * response; this one ignores that.)
   */
  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      const controller = new AbortController();
      this.#signal = controller;
      const raw = this.raw.signal;
      const onAbort = () => {
        if (!this.#ended) controller.abort(raw.reason);
      };
      if (raw.aborted) onAbort();
      else raw.addEventListener("abort", onAbort, { once: true });
    }
    return this.#signal.signal;
  }

  /**
   * Query arguments by name, each a list of values.
   *
   * @throws {HTTPError} 400 for bad percent-encoding or bad UTF-8.
   */
  get queryArguments(): Record<string, string[]> {
    return this.#queryArguments ??= this.query === ""
      ? EMPTY_ARGS
      : parseQueryString(this.query, "query string");
  }

  /**
   * Arguments from a `application/x-www-form-urlencoded` or
   * `multipart/form-data` body.
   *
   * @throws {HTTPError} 400 for a malformed body.
   */
  get bodyArguments(): Record<string, string[]> {
    if (this.#bodyArguments === undefined) this.#parseBody();
    return this.#bodyArguments!;
  }

  /**
   * Uploaded files by field name.
   *
   * @throws {HTTPError} 400 for a malformed body.
   */
  get files(): Record<string, HTTPFile[]> {
    if (this.#files === undefined) this.#parseBody();
    return this.#files!;
  }

  /** Query and body arguments together, query values first. */
  get arguments(): Record<string, string[]> {
    if (this.#arguments === undefined) {
      const query = this.queryArguments;
      const body = this.bodyArguments;
      if (body === EMPTY_ARGS) {
        this.#arguments = query;
      } else if (query === EMPTY_ARGS) {
        this.#arguments = body;
      } else {
        const merged: Record<string, string[]> = Object.create(null);
        for (const [k, v] of Object.entries(query)) merged[k] = [...v];
        for (const [k, v] of Object.entries(body)) {
          (merged[k] ??= []).push(...v);
        }
        this.#arguments = merged;
      }
    }
    return this.#arguments;
  }

  /**
   * Cookies the client sent, by name. A malformed `Cookie` header never
   * throws: bad pieces are skipped.
   */
  get cookies(): Map<string, string> {
    return this.#cookies ??= parseCookieHeader(this.headers.get("cookie"));
  }

  /** The full URL: protocol, host and URI. */
  fullUrl(): string {
    return `${this.protocol}://${this.host}${this.uri}`;
  }

  /** Seconds since the request began. */
  requestTime(): number {
    return (performance.now() - this.#startTime) / 1000;
  }

  #parseBody(): void {
    if (this.#body.length === 0) {
      this.#bodyArguments = EMPTY_ARGS;
      this.#files = {};
      return;
    }
    const parsed = parseBody(
      this.headers.get("content-type"),
      this.#body,
      this.#multipartLimits,
    );
    this.#bodyArguments = parsed.arguments;
    this.#files = parsed.files;
  }
}

function isValidIp(ip: string): boolean {
  const m = IPV4_REGEXP.exec(ip);
  if (m !== null) return m.slice(1).every((part) => Number(part) <= 255);
  return ip.includes(":") && IPV6_REGEXP.test(ip);
}
