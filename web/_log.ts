// The default access log: `200 GET / (127.0.0.1) 0.42ms`, level by status,
// or one JSON object per line with the `logFormat: "json"` setting; and the
// console level behind `--logging`.

import type { RequestHandler } from "./request_handler.ts";

/** The access log line for a finished request. */
export function accessLogLine(handler: RequestHandler): string {
  const request = handler.request;
  const ms = (request.requestTime() * 1000).toFixed(2);
  return `${handler.getStatus()} ${request.method} ${request.uri} (${request.remoteIp}) ${ms}ms`;
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
  const level = levelOf(status);
  if (level === "info") console.info(line);
  else if (level === "warn") console.warn(line);
  else console.error(line);
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
