import { HTTPClientError } from "./errors.ts";
import { HTTPRequest, type HTTPRequestOptions } from "./request.ts";
import { HTTPResponse } from "./response.ts";
import {
  buildFetchInit,
  nextHop,
  readBody,
  type ResolvedRequest,
  resolveRequest,
  responseHeaders,
} from "./_fetch_options.ts";

/** Options for {@linkcode AsyncHTTPClient}. */
export interface AsyncHTTPClientOptions {
  /** How many requests may be in flight at once; the rest wait. Default 10. */
  maxClients?: number | undefined;
  /** Options applied to every request that does not set them itself. */
  defaults?: HTTPRequestOptions | undefined;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

type AbortKind = "connect" | "request" | "closed";

const TIMEOUT_MESSAGES: Record<AbortKind, string> = {
  connect: "Timeout while connecting",
  request: "Timeout during request",
  closed: "Client closed",
};

/**
 * An HTTP client over the global `fetch`, as Tornado's
 * `AsyncHTTPClient`: `fetch()` resolves to an {@linkcode HTTPResponse} with
 * the whole body read, and throws {@linkcode HTTPClientError} for a non-2xx
 * status (unless `raiseError: false`) and, with code 599, for timeouts and
 * network errors.
 *
 * At most `maxClients` requests are in flight; the others wait in order of
 * arrival (FIFO). A queued request that waits longer than the smaller of its
 * two timeouts fails with `HTTP 599: Timeout in request queue`, as in
 * Tornado.
 *
 * Timeouts: `fetch` has no separate connect phase, so `connectTimeout`
 * bounds the time until the response headers arrive (connecting, sending
 * and the server's think time) and `requestTimeout` the whole exchange
 * including the body. Both apply per redirect hop. Redirects are followed
 * by hand (`redirect: "manual"`) so `maxRedirects`, Tornado's method
 * rewriting and `effectiveUrl` behave as in Tornado.
 *
 * Tornado: `tornado.httpclient.AsyncHTTPClient`
 *
 * @example Fetch from a local server
 * ```ts
 * import { AsyncHTTPClient } from "@tornado-deno/tornado/httpclient";
 * import assert from "node:assert/strict";
 *
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response("hello"),
 * );
 * const client = new AsyncHTTPClient({ defaults: { requestTimeout: 5 } });
 * try {
 *   const response = await client.fetch(
 *     `http://127.0.0.1:${server.addr.port}/`,
 *   );
 *   assert.equal(response.code, 200);
 *   assert.equal(response.text, "hello");
 * } finally {
 *   client.close();
 *   await server.shutdown();
 * }
 * ```
 */
export class AsyncHTTPClient {
  /** The largest number of requests in flight at once. */
  readonly maxClients: number;
  /** Options used where a request sets none. */
  readonly defaults: HTTPRequestOptions;
  #active = 0;
  #queue: Waiter[] = [];
  #controllers: Set<AbortController> = new Set();
  #closed = false;

  /**
   * Creates a client.
   *
   * @param options `maxClients` and `defaults`.
   * @throws {RangeError} If `maxClients` is not a positive integer.
   */
  constructor(options: AsyncHTTPClientOptions = {}) {
    const maxClients = options.maxClients ?? 10;
    if (!Number.isInteger(maxClients) || maxClients < 1) {
      throw new RangeError(
        `Cannot use maxClients "${maxClients}": it must be a positive integer`,
      );
    }
    this.maxClients = maxClients;
    this.defaults = { ...options.defaults };
  }

  /**
   * Fetches a URL or an {@linkcode HTTPRequest}. With a request, `options`
   * override its fields (as `init` does for `fetch(Request, init)`).
   *
   * Tornado: `AsyncHTTPClient.fetch`
   *
   * @param request A URL or a request.
   * @param options Method, headers, body, timeouts and the rest.
   * @returns The response, its body read.
   * @throws {HTTPClientError} For a non-2xx status when `raiseError` is on,
   * and with code 599 for timeouts, network errors, a body past
   * `maxBodySize` or a closed client.
   * @throws {TypeError} For a body on GET/HEAD or a non-HTTP URL.
   *
   * @example Post form fields and read JSON
   * ```ts
   * import { AsyncHTTPClient } from "@tornado-deno/tornado/httpclient";
   * import assert from "node:assert/strict";
   *
   * const server = Deno.serve(
   *   { hostname: "127.0.0.1", port: 0, onListen() {} },
   *   async (req) => Response.json(Object.fromEntries(await req.formData())),
   * );
   * const client = new AsyncHTTPClient();
   * try {
   *   const response = await client.fetch(
   *     `http://127.0.0.1:${server.addr.port}/`,
   *     { method: "POST", body: new URLSearchParams({ a: "1" }) },
   *   );
   *   assert.deepEqual(response.json(), { a: "1" });
   * } finally {
   *   client.close();
   *   await server.shutdown();
   * }
   * ```
   */
  async fetch(
    request: string | URL | HTTPRequest,
    options: HTTPRequestOptions = {},
  ): Promise<HTTPResponse> {
    const original = toRequest(request, options);
    if (this.#closed) {
      throw new HTTPClientError(599, "Client closed");
    }
    const resolved = resolveRequest(original, this.defaults);
    buildFetchInit(resolved, new AbortController().signal); // validates early
    await this.#acquire(resolved);
    let response: HTTPResponse;
    try {
      response = await this.#run(original, resolved);
    } finally {
      this.#release();
    }
    if (response.error && resolved.raiseError) throw response.error;
    return response;
  }

  /**
   * Closes the client: queued and in-flight requests fail with
   * `HTTP 599: Client closed`, and later `fetch()` calls throw the same.
   *
   * Tornado: `AsyncHTTPClient.close`
   */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#queue.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new HTTPClientError(599, "Client closed"));
    }
    for (const controller of this.#controllers) controller.abort("closed");
  }

  /** Closes the client, for `using client = new AsyncHTTPClient()`. */
  [Symbol.dispose](): void {
    this.close();
  }

  #acquire(request: ResolvedRequest): Promise<void> {
    if (this.#active < this.maxClients) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined };
      const timeouts = [request.connectTimeout, request.requestTimeout]
        .filter((t) => t > 0);
      if (timeouts.length > 0) {
        waiter.timer = setTimeout(() => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          reject(new HTTPClientError(599, "Timeout in request queue"));
        }, Math.min(...timeouts) * 1000);
      }
      this.#queue.push(waiter);
    });
  }

  #release(): void {
    const next = this.#queue.shift();
    if (next === undefined) {
      this.#active--;
      return;
    }
    clearTimeout(next.timer);
    next.resolve(); // the slot passes straight to the next waiter
  }

  async #run(
    original: HTTPRequest,
    first: ResolvedRequest,
  ): Promise<HTTPResponse> {
    const start = performance.now();
    let hop = first;
    while (true) {
      const { response, body } = await this.#fetchHop(hop);
      const next = body === null ? nextHop(hop, response) : null;
      if (next !== null) {
        hop = next;
        continue;
      }
      return new HTTPResponse(original, response.status, {
        reason: response.statusText,
        headers: responseHeaders(response, hop.decompressResponse),
        body: body ?? new Uint8Array(),
        effectiveUrl: hop.url,
        requestTime: (performance.now() - start) / 1000,
      });
    }
  }

  /**
   * One request/response exchange under both timeouts. The body of a
   * redirect that will be followed is discarded (returned as `null`).
   */
  async #fetchHop(
    hop: ResolvedRequest,
  ): Promise<{ response: Response; body: Uint8Array | null }> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const arm = (
      seconds: number,
      kind: AbortKind,
    ): ReturnType<typeof setTimeout> | undefined =>
      seconds > 0
        ? setTimeout(() => controller.abort(kind), seconds * 1000)
        : undefined;
    const requestTimer = arm(hop.requestTimeout, "request");
    let connectTimer = arm(hop.connectTimeout, "connect");
    try {
      const [url, init] = buildFetchInit(hop, controller.signal);
      const response = await fetch(url, init);
      clearTimeout(connectTimer);
      connectTimer = undefined;
      if (nextHop(hop, response) !== null) {
        await response.body?.cancel();
        return { response, body: null };
      }
      return { response, body: await readBody(response, hop.maxBodySize) };
    } catch (error) {
      if (error instanceof HTTPClientError) throw error;
      const kind = controller.signal.reason as AbortKind | undefined;
      if (controller.signal.aborted && kind && kind in TIMEOUT_MESSAGES) {
        throw new HTTPClientError(599, TIMEOUT_MESSAGES[kind], {
          cause: error,
        });
      }
      const detail = error instanceof Error && error.cause instanceof Error
        ? error.cause.message
        : String(error);
      throw new HTTPClientError(599, `Network error: ${detail}`, {
        cause: error,
      });
    } finally {
      clearTimeout(connectTimer);
      clearTimeout(requestTimer);
      this.#controllers.delete(controller);
    }
  }
}

/** The request to send: `request` itself when no option overrides it. */
function toRequest(
  request: string | URL | HTTPRequest,
  options: HTTPRequestOptions,
): HTTPRequest {
  if (!(request instanceof HTTPRequest)) {
    return new HTTPRequest(request, options);
  }
  if (Object.values(options).every((v) => v === undefined)) return request;
  const merged = new HTTPRequest(request.url, { ...request });
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (key === "headers") {
      for (const [name, v] of new Headers(value as HeadersInit)) {
        merged.headers.set(name, v);
      }
    } else {
      (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}
