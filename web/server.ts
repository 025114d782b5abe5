/**
 * The server behind `app.listen()`: `Deno.serve` and its handle.
 *
 * @module
 */

/** A fetch-style function that answers one request of a server. */
export type ServeHandler = (
  request: Request,
  info: Deno.ServeHandlerInfo,
) => Response | Promise<Response>;

/** Options of `app.listen()`. */
export interface ListenOptions {
  /** The address to listen on (default `0.0.0.0`, all interfaces). */
  hostname?: string;
  /** Let several processes listen on the same port (Linux). */
  reusePort?: boolean;
  /**
   * Trust `X-Real-IP`/`X-Forwarded-For` and `X-Scheme`/`X-Forwarded-Proto`
   * from a proxy in front (default: the `xheaders` setting, else `false`).
   */
  xheaders?: boolean;
  /** Largest request body, in bytes (default: the setting, else 100 MB). */
  maxBodySize?: number;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
  /** Called once the server listens (default: nothing is printed). */
  onListen?: (addr: { hostname: string; port: number }) => void;
}

/** A running server, as `app.listen()` returns it. */
export interface Server {
  /** Where the server listens; `port` is the real one when `0` was asked. */
  readonly addr: { hostname: string; port: number };
  /** Resolves once the server has stopped. */
  readonly finished: Promise<void>;
  /**
   * Stops accepting connections and resolves once the requests in flight
   * have finished.
   */
  shutdown(): Promise<void>;
}

/** Starts `Deno.serve` with a fetch-style function. */
export function startServer(
  handler: ServeHandler,
  port: number,
  options: ListenOptions,
): Server {
  const serveOptions: Deno.ServeTcpOptions = {
    port,
    onListen: (addr) => options.onListen?.(addr),
  };
  if (options.hostname !== undefined) serveOptions.hostname = options.hostname;
  if (options.reusePort !== undefined) {
    serveOptions.reusePort = options.reusePort;
  }
  if (options.signal !== undefined) serveOptions.signal = options.signal;
  const server = Deno.serve(serveOptions, handler);
  const addr = server.addr as Deno.NetAddr;
  return {
    addr: { hostname: addr.hostname, port: addr.port },
    finished: server.finished,
    shutdown: () => server.shutdown(),
  };
}
