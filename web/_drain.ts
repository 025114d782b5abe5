// Graceful shutdown of one server: counts the requests in flight, refuses
// new ones with 503 while draining, and when the grace period ends answers
// the requests still waiting (long polls) with 503 and ends open streams.

import { endOpenStreams, openStreamCount } from "./_response_stream.ts";
import type { ServeHandler } from "./server.ts";

/** The `Retry-After` sent with 503 while shutting down, in seconds. */
export const SHUTDOWN_RETRY_AFTER = 1;

/** How often a draining server checks whether it is idle, in ms. */
const DRAIN_POLL_MS = 25;

/** The answer to a request that a shutdown cut short or refused. */
export function shutdownResponse(): Response {
  return new Response(
    "<html><title>503: Service Unavailable</title>" +
      "<body>503: Service Unavailable</body></html>",
    {
      status: 503,
      headers: {
        "content-type": "text/html; charset=UTF-8",
        "retry-after": String(SHUTDOWN_RETRY_AFTER),
        "connection": "close",
      },
    },
  );
}

/** What to call when a shutdown answers a request before its handler. */
const cutShortListeners = new WeakMap<Request, () => void>();

/**
 * Calls `listener` if a shutdown answers `request` with 503 before its
 * handler does (a long poll still waiting when the grace period ends).
 */
export function onCutShort(request: Request, listener: () => void): void {
  cutShortListeners.set(request, listener);
}

/** Tracks the requests of one server so that it can shut down cleanly. */
export class Drain {
  #waiting = new Set<() => void>();
  #closing = false;

  /** Whether a shutdown has started. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Wraps a handler so that its requests are counted. */
  wrap(handler: ServeHandler): ServeHandler {
    return (request, info) => {
      if (this.#closing) return shutdownResponse();
      const result = handler(request, info);
      return result instanceof Response ? result : this.#track(request, result);
    };
  }

  /**
   * Refuses new requests, waits up to `graceSeconds` for those in flight,
   * then answers the rest with 503 and ends open streams.
   */
  async drain(graceSeconds: number): Promise<void> {
    this.#closing = true;
    const deadline = Date.now() + graceSeconds * 1000;
    while (
      (this.#waiting.size > 0 || openStreamCount() > 0) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    for (const release of [...this.#waiting]) release();
    endOpenStreams();
  }

  #track(request: Request, pending: Promise<Response>): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const release = () => {
        this.#settle(release);
        resolve(shutdownResponse());
        cutShortListeners.get(request)?.();
      };
      this.#waiting.add(release);
      pending.then((response) => {
        if (!this.#waiting.has(release)) return; // answered by the drain
        this.#settle(release);
        resolve(response);
      }, (error) => {
        this.#settle(release);
        reject(error);
      });
    });
  }

  #settle(release: () => void): void {
    this.#waiting.delete(release);
  }
}
