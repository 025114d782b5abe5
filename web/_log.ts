// The default access log: `200 GET / (127.0.0.1) 0.42ms`, level by status,
// or one JSON object per line with the `logFormat: "json"` setting; and the
// console level behind `--logging`. Lines are batched: a busy server writes
// one console call per batch (every 50 ms, or each 256 lines) instead of
// one per request, which would cost it more than its own request handling.
// A request only records its fields; lines are formatted at flush time, so
// nothing a request leaves behind survives into the next garbage collection
// as a half-built string.

import type { RequestHandler } from "./request_handler.ts";

type Level = "info" | "warn" | "error";

const FLUSH_MS = 50;
const FLUSH_LINES = 256;

// Per request, `FIELDS` slots: status, method, uri, remote IP and seconds;
// or, for a JSON record, the status, the finished line and three nulls.
const FIELDS = 5;
let records: (string | number | null)[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let unloadHooked = false;

/** The access log line for a finished request. */
export function accessLogLine(handler: RequestHandler): string {
  const request = handler.request;
  return formatLine(
    handler.getStatus(),
    request.method,
    request.uri,
    request.remoteIp,
    request.requestTime(),
  );
}

function formatLine(
  status: number,
  method: string,
  uri: string,
  ip: string,
  seconds: number,
): string {
  return status + " " + method + " " + uri + " (" + ip + ") " +
    milliseconds(seconds);
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

function levelOf(status: number): Level {
  return status < 400 ? "info" : status < 500 ? "warn" : "error";
}

/** Writes the access log line: info below 400, warn below 500, else error. */
export function defaultLogFunction(handler: RequestHandler): void {
  const status = handler.getStatus();
  if (handler.settings.logFormat === "json") {
    records.push(status, accessLogJson(handler), null, null, null);
  } else {
    const request = handler.request;
    records.push(
      status,
      request.method,
      request.uri,
      request.remoteIp,
      request.requestTime(),
    );
  }
  // A full batch is written at once; the timer, once set, is left to run
  // (a timer per batch would cost a busy server more than the lines).
  if (records.length >= FLUSH_LINES * FIELDS) writeRecords();
  if (timer === undefined) schedule();
}

function schedule(): void {
  const id = setTimeout(() => {
    timer = undefined;
    writeRecords();
  }, FLUSH_MS);
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
  writeRecords();
}

function writeRecords(): void {
  const batch = records;
  records = [];
  let text = "";
  let level: Level | undefined;
  for (let i = 0; i < batch.length; i += FIELDS) {
    const next = levelOf(batch[i] as number);
    if (level !== next) {
      if (level !== undefined) console[level](text);
      level = next;
      text = recordLine(batch, i);
    } else text += "\n" + recordLine(batch, i);
  }
  if (level !== undefined) console[level](text);
}

function recordLine(batch: (string | number | null)[], i: number): string {
  const uri = batch[i + 2];
  if (uri === null) return batch[i + 1] as string; // a JSON line
  return formatLine(
    batch[i] as number,
    batch[i + 1] as string,
    uri as string,
    batch[i + 3] as string,
    batch[i + 4] as number,
  );
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
