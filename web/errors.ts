/**
 * Errors with Tornado's meaning: {@linkcode HTTPError},
 * {@linkcode MissingArgumentError}, {@linkcode Finish} and
 * {@linkcode StreamClosedError}.
 *
 * @module
 */

import { reasonFor } from "../_internal/http_status.ts";

/** Options of {@linkcode HTTPError}. */
export interface HTTPErrorOptions {
  /** The reason phrase for the status line (defaults to the standard one). */
  reason?: string;
  /** The underlying error, kept as `cause`. */
  cause?: unknown;
}

/**
 * Throw to end a request with an HTTP error status.
 *
 * The `logMessage` is written to the log and never reaches the client; the
 * page shows only the status code and reason.
 *
 * Tornado: `tornado.web.HTTPError`
 *
 * @example Refuse a request
 * ```ts
 * import { HTTPError } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const error = new HTTPError(403, "user %s may not see this");
 * assert.equal(error.statusCode, 403);
 * assert.equal(error.reason, undefined);
 * assert.equal(String(error), "HTTP 403: Forbidden (user %s may not see this)");
 * ```
 */
export class HTTPError extends Error {
  /** The HTTP status code. */
  statusCode: number;
  /** A message for the log only; never sent to the client. */
  logMessage: string | undefined;
  /** A custom reason phrase for the status line. */
  reason: string | undefined;

  /**
   * Makes an error for a status code.
   *
   * @param statusCode The HTTP status code, 100-599.
   * @param logMessage A message for the log only.
   * @param options A custom `reason` phrase and a `cause`.
   */
  constructor(
    statusCode: number = 500,
    logMessage?: string,
    options: HTTPErrorOptions = {},
  ) {
    super(
      describe(statusCode, logMessage, options.reason),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "HTTPError";
    this.statusCode = statusCode;
    this.logMessage = logMessage;
    this.reason = options.reason;
  }

  /**
   * Describes the error as Tornado's `str(HTTPError)` does:
   * `HTTP 404: Not Found (log message)`, with `Unknown` as the reason of a
   * code that has no standard phrase.
   *
   * @returns The description.
   */
  override toString(): string {
    return describe(this.statusCode, this.logMessage, this.reason);
  }
}

function describe(
  code: number,
  logMessage: string | undefined,
  reason: string | undefined,
): string {
  const text = `HTTP ${code}: ${reason || reasonFor(code)}`;
  return logMessage ? `${text} (${logMessage})` : text;
}

/**
 * Thrown by `getArgument()` when a required argument is missing (400).
 * The client sees the standard `400: Bad Request`; the argument's name goes
 * into the log message (and so into the log and the debug page).
 *
 * Tornado: `tornado.web.MissingArgumentError`
 *
 * @example Catch a missing argument
 * ```ts
 * import { MissingArgumentError } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const error = new MissingArgumentError("page");
 * assert.equal(error.statusCode, 400);
 * assert.equal(error.argName, "page");
 * assert.equal(error.logMessage, "Missing argument page");
 * ```
 */
export class MissingArgumentError extends HTTPError {
  /** The name of the missing argument. */
  argName: string;

  /**
   * Makes the error for a missing argument.
   *
   * @param argName The name of the missing argument.
   */
  constructor(argName: string) {
    super(400, `Missing argument ${argName}`);
    this.name = "MissingArgumentError";
    this.argName = argName;
  }
}

/**
 * Throw to end a request quietly: the response is finished as it stands,
 * without an error page.
 *
 * Tornado: `tornado.web.Finish`
 *
 * @example End a request early
 * ```ts
 * import { Finish } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new Finish() instanceof Error);
 * ```
 */
export class Finish extends Error {
  /**
   * Makes the signal to finish quietly.
   *
   * @param chunk Something to write before finishing.
   */
  constructor(readonly chunk?: string | Uint8Array | Record<string, unknown>) {
    super("Finish");
    this.name = "Finish";
  }
}

/**
 * Rejects `flush()` once the client has gone away, so a handler streaming a
 * long response can stop. Thrown out of a handler method, it ends the
 * request quietly (no error page, no error log).
 *
 * Tornado: `tornado.iostream.StreamClosedError`
 *
 * @example Stop streaming when the client leaves
 * ```ts
 * import { RequestHandler, StreamClosedError } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Ticker extends RequestHandler {
 *   override async get(): Promise<void> {
 *     try {
 *       for (let i = 0; i < 3; i++) {
 *         this.write(`tick ${i}\n`);
 *         await this.flush();
 *       }
 *     } catch (error) {
 *       if (!(error instanceof StreamClosedError)) throw error;
 *     }
 *   }
 * }
 * assert.equal(new StreamClosedError().name, "StreamClosedError");
 * assert.ok(Ticker);
 * ```
 */
export class StreamClosedError extends Error {
  /** Makes the error; the message says the client closed the connection. */
  constructor() {
    super("Cannot flush: the client closed the connection");
    this.name = "StreamClosedError";
  }
}
