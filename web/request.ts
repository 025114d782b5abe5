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

/** Gives a request its connection, for the remote address (friend). */
export let setServeInfo: (
  request: HTTPServerRequest,
  info: Deno.ServeHandlerInfo,
) => void;

/** Whether the request carried a `Host` header (friend access). */
export let hasHostHeader: (request: HTTPServerRequest) => boolean;

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
  /** The `Host` header (or, in-process without one, the URL's host). */
  readonly host: string;
  #startTime: number = performance.now();
  // Where the remote address comes from: the options, or the connection
  // (read on first use: asking Deno for it costs every request).
  #remoteAddr: string | undefined;
  #info: Deno.ServeHandlerInfo | undefined;
  #xheaders: boolean;
  #hasHost: boolean;
  #remoteIp: string | undefined;
  #protocol: string | undefined;
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
    setServeInfo = (request, info) => {
      request.#info = info;
    };
    hasHostHeader = (request) => request.#hasHost;
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
    const host = this.headers.get("host");
    this.#hasHost = host !== null;
    this.host = host ?? href.slice(hostStart, pathStart);
    this.#remoteAddr = options.remoteAddr;
    this.#xheaders = options.xheaders ?? false;
    this.#multipartLimits = options.multipartLimits;
  }

  /** The client's IP address (from the proxy headers with `xheaders`). */
  get remoteIp(): string {
    if (this.#remoteIp !== undefined) return this.#remoteIp;
    let ip = this.#remoteAddr ?? connectionAddress(this.#info) ?? "127.0.0.1";
    if (this.#xheaders) ip = whileOpen(() => forwardedIp(this.headers)) ?? ip;
    return this.#remoteIp = ip;
  }

  /** `"http"` or `"https"` (from the proxy headers with `xheaders`). */
  get protocol(): string {
    if (this.#protocol !== undefined) return this.#protocol;
    const href = this.raw.url;
    let protocol = href.slice(0, href.indexOf(":"));
    if (this.#xheaders) {
      protocol = whileOpen(() => forwardedProtocol(this.headers)) ?? protocol;
    }
    return this.#protocol = protocol;
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

/**
 * The remote address of a served request. Deno refuses to tell (and to
 * read headers) once the request is closed; the lifecycle reads it before
 * that can happen.
 */
function connectionAddress(
  info: Deno.ServeHandlerInfo | undefined,
): string | undefined {
  return whileOpen(() =>
    (info?.remoteAddr as Deno.NetAddr | undefined)?.hostname ?? null
  ) ?? undefined;
}

/** `read()`, or `null` when Deno says the request is closed. */
function whileOpen(read: () => string | null): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** The client address a proxy passed on, when valid. */
function forwardedIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const ip = headers.get("x-real-ip")?.trim() ??
    forwarded?.slice(forwarded.lastIndexOf(",") + 1).trim();
  return ip !== undefined && isValidIp(ip) ? ip : null;
}

/** The scheme a proxy passed on, when `http` or `https`. */
function forwardedProtocol(headers: Headers): string | null {
  const scheme = headers.get("x-scheme") ?? headers.get("x-forwarded-proto");
  if (scheme === null) return null;
  const last = scheme.slice(scheme.lastIndexOf(",") + 1).trim().toLowerCase();
  return last === "http" || last === "https" ? last : null;
}

function isValidIp(ip: string): boolean {
  const m = IPV4_REGEXP.exec(ip);
  if (m !== null) return m.slice(1).every((part) => Number(part) <= 255);
  return ip.includes(":") && IPV6_REGEXP.test(ip);
}
