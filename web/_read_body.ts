// Reading a request body: counted against maxBodySize (413), timed by
// bodyTimeout (408), a malformed body 400, a client that goes away a
// BodyDisconnectedError for the lifecycle.

import { concatBytes } from "../_internal/bytes.ts";
import { HTTPError } from "./errors.ts";

const EMPTY_BODY = new Uint8Array(0);

/** How a request body is read: its size limit and time limit. */
export interface BodyLimits {
  /** Largest body accepted, in bytes (413 past it). */
  maxBodySize: number;
  /** Seconds the whole body may take to arrive (408 past it); none if unset. */
  bodyTimeout?: number | undefined;
}

/**
 * The client went away while its body was being read: the lifecycle turns
 * it into `onConnectionClose()`, not an error page.
 */
export class BodyDisconnectedError extends Error {
  constructor(options: ErrorOptions) {
    super("Cannot read the request body: the client closed the connection", {
      ...options,
    });
    this.name = "BodyDisconnectedError";
  }
}

// The errors Deno raises when the connection under a body goes away.
const DISCONNECT_ERRORS: readonly (new (...args: never[]) => Error)[] = [
  Deno.errors.BadResource,
  Deno.errors.ConnectionReset,
  Deno.errors.ConnectionAborted,
  Deno.errors.BrokenPipe,
  Deno.errors.UnexpectedEof,
];

/**
 * Reads a request body, counting bytes as they arrive.
 *
 * @throws {HTTPError} 413 when the body is larger than `maxBodySize`, 408
 * when it takes longer than `bodyTimeout`, 400 when it is malformed.
 * @throws {BodyDisconnectedError} When the client goes away.
 */
export async function readRequestBody(
  request: Request,
  limits: BodyLimits,
): Promise<Uint8Array> {
  // Checked before `body`: asking for the stream makes Deno build one.
  const declared = request.headers.get("content-length");
  if (declared !== null && limits.bodyTimeout === undefined) {
    return await readDeclared(request, declared, limits.maxBodySize);
  }
  if (request.body === null) return EMPTY_BODY;
  const chunks: Uint8Array[] = [];
  for await (const chunk of iterateBody(request, limits)) chunks.push(chunk);
  return chunks.length === 0 ? EMPTY_BODY : concatBytes(chunks);
}

/**
 * Yields the chunks of a request body, failing with 413 before the first
 * chunk when `Content-Length` is over `maxBodySize`, and as soon as more
 * than `maxBodySize` bytes have arrived otherwise; with 408 once the body
 * has taken `bodyTimeout` seconds (Tornado's `body_timeout`).
 */
export async function* iterateBody(
  request: Request,
  limits: BodyLimits,
): AsyncGenerator<Uint8Array> {
  const stream = request.body;
  if (stream === null) return;
  const { maxBodySize, bodyTimeout } = limits;
  await refuseDeclaredSize(request, stream, maxBodySize);
  const reader = stream.getReader();
  const timer = bodyTimeout === undefined
    ? undefined
    : new BodyTimer(reader, bodyTimeout);
  let total = 0;
  let done = false;
  try {
    while (true) {
      const result = await readChunk(reader);
      timer?.check();
      if (result.done) {
        done = true;
        return;
      }
      total += result.value.length;
      if (total > maxBodySize) await refuseTooLarge(reader, maxBodySize);
      yield result.value;
    }
  } finally {
    timer?.stop();
    // A fully read stream stays locked: releasing it would only build a
    // TypeError for its `closed` promise, a cost on every request.
    if (!done) reader.releaseLock();
  }
}

/** 413 before any of the body is read when `Content-Length` is too large. */
async function refuseDeclaredSize(
  request: Request,
  stream: ReadableStream<Uint8Array>,
  maxBodySize: number,
): Promise<void> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBodySize) {
    await refuseTooLarge(stream, maxBodySize);
  }
}

/**
 * A body of a declared size (the server enforces it), untimed: read in one
 * go, which Deno answers without a stream when the body is already there.
 */
async function readDeclared(
  request: Request,
  declared: string,
  maxBodySize: number,
): Promise<Uint8Array> {
  if (Number(declared) > maxBodySize) {
    await refuseTooLarge(request.body, maxBodySize);
  }
  try {
    return await request.bytes();
  } catch (error) {
    throw readFailure(error);
  }
}

/** One read; a failure is a disconnect or a malformed body (400). */
async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (error) {
    throw readFailure(error);
  }
}

/** What a failed read means: a disconnect, or a malformed body (400). */
function readFailure(error: unknown): Error {
  if (DISCONNECT_ERRORS.some((type) => error instanceof type)) {
    return new BodyDisconnectedError({ cause: error });
  }
  return new HTTPError(400, "Error reading the request body", {
    cause: error,
  });
}

/** Cancels the body after `seconds`; `check()` then throws a 408. */
class BodyTimer {
  #timer: ReturnType<typeof setTimeout>;
  #expired = false;
  #seconds: number;

  constructor(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    seconds: number,
  ) {
    this.#seconds = seconds;
    this.#timer = setTimeout(() => {
      this.#expired = true;
      reader.cancel().catch(() => {});
    }, seconds * 1000);
  }

  check(): void {
    if (this.#expired) {
      throw new HTTPError(
        408,
        `Timeout reading the request body: not complete after ${this.#seconds} seconds (bodyTimeout)`,
      );
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

/** Cancels the rest of a body that is too large, then throws the 413. */
async function refuseTooLarge(
  body: { cancel(): Promise<void> } | null,
  maxBodySize: number,
): Promise<never> {
  await body?.cancel().catch(() => {});
  throw new HTTPError(413, `Body is larger than ${maxBodySize} bytes`);
}
