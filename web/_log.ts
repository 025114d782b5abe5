// The default access log: `200 GET / (127.0.0.1) 0.42ms`, level by status,
// or one JSON object per line with the `logFormat: "json"` setting; and the
// console level behind `--logging`. Lines are batched: a busy server writes
// one console call per batch (every 50 ms, or each 256 lines) instead of
// one per request, which would cost it more than its own request handling.

import type { RequestHandler } from "./request_handler.ts";

type Level = "info" | "warn" | "error";

const FLUSH_MS = 50;
const FLUSH_LINES = 256;

let levels: Level[] = [];
let lines: string[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let unloadHooked = false;

/** The access log line for a finished request. */
export function accessLogLine(handler: RequestHandler): string {
  const request = handler.request;
  return handler.getStatus() + " " + request.method + " " + request.uri +
    " (" + request.remoteIp + ") " + milliseconds(request.requestTime());
}

/** `0.42ms` for 0.00042 seconds (two decimals, as `toFixed(2)` but faster). */
function milliseconds(seconds: number): string {
  const hundredths = Math.round(seconds * 100_000);
  const fraction = hundredths % 100;
  return ((hundredths - fraction) / 100) + (fraction < 10 ? ".0" : ".") +
    fraction + "ms";
}

/**
 * The access log record for a finished request, one JSON object per line
 * for log collectors: time (ISO 8601), level, status, method, uri, remote
 * IP, duration in milliseconds, user agent and the handler's class.
 */
export function accessLogJson(handler: RequestHandler): string {
  const request = handler.request;
  const status = handler.getStatus();
  return JSON.stringify({
    time: new Date().toISOString(),
    level: levelOf(status),
    status,
    method: request.method,
    uri: request.uri,
    remoteIp: request.remoteIp,
    durationMs: Math.round(request.requestTime() * 1e5) / 100,
    userAgent: request.headers.get("user-agent"),
    handler: handler.constructor.name,
  });
}

function levelOf(status: number): "info" | "warn" | "error" {
  return status < 400 ? "info" : status < 500 ? "warn" : "error";
}

/** Writes the access log line: info below 400, warn below 500, else error. */
export function defaultLogFunction(handler: RequestHandler): void {
  const status = handler.getStatus();
  const line = handler.settings.logFormat === "json"
    ? accessLogJson(handler)
    : accessLogLine(handler);
  levels.push(levelOf(status));
  lines.push(line);
  if (lines.length >= FLUSH_LINES) flushAccessLog();
  else if (timer === undefined) schedule();
}

function schedule(): void {
  const id = setTimeout(flushAccessLog, FLUSH_MS);
  // The log never keeps a process (or a test) alive.
  Deno.unrefTimer(id);
  timer = id;
  if (!unloadHooked) {
    unloadHooked = true;
    globalThis.addEventListener("unload", flushAccessLog);
  }
}

/**
 * Writes the buffered access log lines now, one console call per run of
 * lines of the same level (so the order is kept).
 */
export function flushAccessLog(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  const batch = lines;
  const batchLevels = levels;
  lines = [];
  levels = [];
  let start = 0;
  for (let i = 1; i <= batch.length; i++) {
    if (i < batch.length && batchLevels[i] === batchLevels[start]) continue;
    console[batchLevels[start]!](batch.slice(start, i).join("\n"));
    start = i;
  }
}

/** A console level, as Tornado's `--logging` option. */
export type LoggingLevel = "debug" | "info" | "warn" | "error" | "none";

const LEVELS = ["debug", "info", "warn", "error"] as const;

/**
 * Silences the console methods below `level` (`console.log` counts as
 * info), for the whole process, as Tornado's `--logging` does.
 */
export function applyLogging(level: LoggingLevel): void {
  const rank = level === "none" ? LEVELS.length : LEVELS.indexOf(level);
  if (rank < 0) {
    throw new RangeError(
      `Cannot set logging to "${level}": use debug, info, warn, error or none`,
    );
  }
  const quiet = () => {};
  LEVELS.forEach((name, i) => {
    if (i < rank) console[name] = quiet;
  });
  if (rank > 1) console.log = quiet;
}
