// Streamed response bodies: the body `flush()` writes into, with
// back-pressure, and the error raised once the client has gone away.

/** Error raised by `flush()` once the client has gone away. */
export class StreamClosedError extends Error {
  constructor() {
    super("Cannot flush: the client closed the connection");
    this.name = "StreamClosedError";
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
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      pull: () => {
        this.#release();
      },
      cancel: () => {
        this.#cancelled = true;
        this.#release();
        this.#onCancel();
      },
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

  /** Ends the body. */
  close(): void {
    if (this.#closed || this.#cancelled) return;
    this.#closed = true;
    this.#controller.close();
    this.#release();
  }

  /** Ends the body with an error (the connection is cut). */
  abort(reason: unknown): void {
    if (this.#closed || this.#cancelled) return;
    this.#closed = true;
    this.#controller.error(reason);
    this.#release();
  }

  #release(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}
