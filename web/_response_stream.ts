// Streamed response bodies: the body `flush()` writes into, with
// back-pressure, and the error raised once the client has gone away.

import { StreamClosedError } from "./errors.ts";

export { StreamClosedError };

// The streamed bodies still open, so that a shutdown can end them.
const OPEN_STREAMS = new Set<ResponseStream>();

/** How many streamed responses are still being written. */
export function openStreamCount(): number {
  return OPEN_STREAMS.size;
}

/**
 * Ends every open streamed response cleanly (a server shutting down): the
 * client sees the body end, and the handler's next `flush()` rejects with
 * `StreamClosedError` as if the client had left.
 */
export function endOpenStreams(): void {
  for (const stream of [...OPEN_STREAMS]) {
    stream.close();
    stream.detach();
  }
}

/**
 * A response body written chunk by chunk. `write()` resolves once the
 * consumer has room for more (its queue is under `highWaterMark` bytes), so
 * a slow client holds the writer back instead of growing a buffer.
 */
export class ResponseStream {
  readonly readable: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #waiter: (() => void) | undefined;
  #cancelled = false;
  #closed = false;
  #onCancel: () => void;

  constructor(onCancel: () => void, highWaterMark = 64 * 1024) {
    this.#onCancel = onCancel;
    OPEN_STREAMS.add(this);
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      pull: () => {
        this.#release();
      },
      cancel: () => this.detach(),
    }, new ByteLengthQueuingStrategy({ highWaterMark }));
  }

  /** Whether the consumer went away. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Queues a chunk; resolves when the consumer has room for more. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.#cancelled) throw new StreamClosedError();
    if (this.#closed) throw new Error("Cannot write to a finished response");
    if (chunk.length > 0) this.#controller.enqueue(chunk);
    while (!this.#closed && (this.#controller.desiredSize ?? 1) <= 0) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
      if (this.#cancelled) throw new StreamClosedError();
    }
  }

  /** The consumer is gone: wakes the writer and tells the handler. */
  detach(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    OPEN_STREAMS.delete(this);
    this.#release();
    this.#onCancel();
  }

  /** Ends the body. */
  close(): void {
    if (this.#closed || this.#cancelled) return;
    this.#closed = true;
    OPEN_STREAMS.delete(this);
    this.#controller.close();
    this.#release();
  }

  /** Ends the body with an error (the connection is cut). */
  abort(reason: unknown): void {
    if (this.#closed || this.#cancelled) return;
    this.#closed = true;
    OPEN_STREAMS.delete(this);
    this.#controller.error(reason);
    this.#release();
  }

  #release(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}
