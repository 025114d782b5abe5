/**
 * The server behind `app.listen()`: `Deno.serve` and its handle.
 *
 * @module
 */

import { Drain } from "./_drain.ts";

/** The default grace period of a shutdown, in seconds. */
export const DEFAULT_GRACE_PERIOD = 10;

/** A fetch-style function that answers one request of a server. */
export type ServeHandler = (
  request: Request,
  info: Deno.ServeHandlerInfo,
) => Response | Promise<Response>;

/**
 * Options of `app.listen()`.
 *
 * @example Listen on the loopback interface
 * ```ts
 * import { Application, type ListenOptions } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const options: ListenOptions = {
 *   hostname: "127.0.0.1",
 *   gracePeriod: 1, // seconds for requests in flight at shutdown
 * };
 * const server = new Application([]).listen(0, options);
 * assert.equal(server.addr.hostname, "127.0.0.1");
 * await server.shutdown();
 * ```
 */
export interface ListenOptions {
  /** The address to listen on (default `0.0.0.0`, all interfaces). */
  hostname?: string;
  /**
   * Let several processes listen on the same port (Linux; unstable in Deno
   * 2.9: run with `--unstable-net`).
   */
  reusePort?: boolean;
  /**
   * Trust `X-Real-IP`/`X-Forwarded-For` and `X-Scheme`/`X-Forwarded-Proto`
   * from a proxy in front (default: the `xheaders` setting, else `false`).
   */
  xheaders?: boolean;
  /** Largest request body, in bytes (default: the setting, else 100 MB). */
  maxBodySize?: number;
  /** Stops the server when aborted (a graceful shutdown, as `shutdown()`). */
  signal?: AbortSignal;
  /**
   * How long `shutdown()` lets requests in flight finish, in seconds
   * (default 10). Requests still waiting then (long polls) get 503 with
   * `Retry-After: 1`, and streamed responses are ended.
   */
  gracePeriod?: number;
  /**
   * A TLS certificate chain in PEM format: the server speaks HTTPS, and
   * HTTP/2 to clients that offer it (ALPN). Needs `key`.
   */
  cert?: string;
  /** The private key of `cert`, in PEM format. */
  key?: string;
  /** Called once the server listens (default: nothing is printed). */
  onListen?: (addr: { hostname: string; port: number }) => void;
}

/**
 * A running server, as `app.listen()` returns it.
 *
 * @example Read the port, then shut down
 * ```ts
 * import {
 *   Application,
 *   RequestHandler,
 *   type Server,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Ping extends RequestHandler {
 *   override get(): void {
 *     this.write("pong");
 *   }
 * }
 * const app = new Application([["/ping", Ping]], { logFunction: () => {} });
 * const server: Server = app.listen(0, { hostname: "127.0.0.1" });
 * try {
 *   const response = await fetch(`http://127.0.0.1:${server.addr.port}/ping`);
 *   assert.equal(await response.text(), "pong");
 * } finally {
 *   await server.shutdown();
 * }
 * await server.finished; // already resolved
 * ```
 */
export interface Server {
  /** Where the server listens; `port` is the real one when `0` was asked. */
  readonly addr: { hostname: string; port: number };
  /** Resolves once the server has stopped. */
  readonly finished: Promise<void>;
  /**
   * Stops accepting connections, lets the requests in flight finish within
   * the grace period, answers the rest with 503 (websockets are closed by
   * Deno with code 1001), and resolves once the server has stopped.
   */
  shutdown(): Promise<void>;
}

/**
 * Starts `Deno.serve` with a fetch-style function. With a `drain`, the
 * handler tracks its pending responses in `drain.pending`; without, every
 * request is tracked by a new drain.
 */
export function startServer(
  handler: ServeHandler,
  port: number,
  options: ListenOptions,
  drain?: Drain,
): Server {
  const serve = drain === undefined
    ? (drain = new Drain()).wrap(handler)
    : drain.guard(handler);
  const server = Deno.serve(serveOptions(port, options), serve);
  const grace = options.gracePeriod ?? DEFAULT_GRACE_PERIOD;
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    stopping ??= Promise.all([drain.drain(grace), server.shutdown()])
      .then(() => {});
  options.signal?.addEventListener("abort", () => void shutdown(), {
    once: true,
  });
  const addr = server.addr as Deno.NetAddr;
  return {
    addr: { hostname: addr.hostname, port: addr.port },
    finished: server.finished,
    shutdown,
  };
}

function serveOptions(
  port: number,
  options: ListenOptions,
): Deno.ServeTcpOptions & Partial<Deno.TlsCertifiedKeyPem> {
  const serve: Deno.ServeTcpOptions & Partial<Deno.TlsCertifiedKeyPem> = {
    port,
    onListen: (addr) => options.onListen?.(addr),
  };
  if (options.hostname !== undefined) serve.hostname = options.hostname;
  if (options.reusePort !== undefined) serve.reusePort = options.reusePort;
  if (options.cert !== undefined || options.key !== undefined) {
    if (options.cert === undefined || options.key === undefined) {
      throw new TypeError("Cannot serve HTTPS: both cert and key are needed");
    }
    serve.cert = options.cert;
    serve.key = options.key;
  }
  return serve;
}
