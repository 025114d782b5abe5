// Server-sent events (the `text/event-stream` format of the HTML standard):
// framing of one event, and the headers sent before the first one.
// `RequestHandler.sendEvent()` is a thin wrapper over `sendEvent()` here.

/**
 * Options of `RequestHandler.sendEvent()`.
 *
 * @example A named event with an id
 * ```ts
 * import {
 *   Application,
 *   RequestHandler,
 *   type SendEventOptions,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Progress extends RequestHandler {
 *   override async get(): Promise<void> {
 *     const options: SendEventOptions = { event: "progress", id: 1, retry: 5000 };
 *     await this.sendEvent({ percent: 50 }, options);
 *   }
 * }
 * const app = new Application([["/", Progress]], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/"));
 * assert.equal(
 *   await response.text(),
 *   'event: progress\nid: 1\nretry: 5000\ndata: {"percent":50}\n\n',
 * );
 * ```
 */
export interface SendEventOptions {
  /** The event type (`event:` field); the browser's `message` by default. */
  event?: string;
  /** The event id (`id:` field), sent back as `Last-Event-ID` on reconnect. */
  id?: string | number;
  /** The reconnection delay the browser should use, in milliseconds. */
  retry?: number;
}

/** What `sendEvent()` needs of a handler (kept structural to avoid a cycle). */
export interface EventStreamTarget {
  setHeader(name: string, value: string): void;
  write(chunk: string): void;
  flush(): Promise<void>;
}

const LINE_BREAK_REGEXP = /\r\n|\r|\n/;
const FIELD_FORBIDDEN_REGEXP = /[\r\n\0]/;

/** Handlers whose event-stream headers are set. */
const started = new WeakSet<EventStreamTarget>();

function checkField(name: string, value: string): string {
  if (FIELD_FORBIDDEN_REGEXP.test(value)) {
    throw new TypeError(
      `Cannot send event: "${name}" must not contain CR, LF or NUL`,
    );
  }
  return value;
}

/**
 * Formats one event: `event:`, `id:` and `retry:` fields, then one `data:`
 * line per line of `data` (objects as JSON), then the blank line.
 *
 * @throws {TypeError} When `event` or `id` holds CR, LF or NUL.
 * @throws {RangeError} When `retry` is not a non-negative integer.
 */
export function formatEvent(
  data: string | object,
  options: SendEventOptions = {},
): string {
  let frame = "";
  if (options.event !== undefined) {
    frame += `event: ${checkField("event", options.event)}\n`;
  }
  if (options.id !== undefined) {
    frame += `id: ${checkField("id", String(options.id))}\n`;
  }
  if (options.retry !== undefined) {
    const retry = options.retry;
    if (!Number.isSafeInteger(retry) || retry < 0) {
      throw new RangeError(
        `Cannot send event: "retry" must be a non-negative integer, got ${retry}`,
      );
    }
    frame += `retry: ${retry}\n`;
  }
  const text = typeof data === "string" ? data : JSON.stringify(data);
  for (const line of text.split(LINE_BREAK_REGEXP)) frame += `data: ${line}\n`;
  return frame + "\n";
}

/**
 * Sends one event: sets the stream's headers before the first (type
 * `text/event-stream`, no caching, `no-transform` so that neither Deno nor
 * a proxy compresses or buffers it), writes the frame and flushes.
 * Resolves when the client has room for more; rejects with
 * `StreamClosedError` once it has gone.
 */
export function sendEvent(
  target: EventStreamTarget,
  data: string | object,
  options: SendEventOptions = {},
): Promise<void> {
  const frame = formatEvent(data, options);
  if (!started.has(target)) {
    started.add(target);
    target.setHeader("Content-Type", "text/event-stream; charset=UTF-8");
    target.setHeader("Cache-Control", "no-cache, no-transform");
    target.setHeader("X-Accel-Buffering", "no");
  }
  target.write(frame);
  return target.flush();
}
