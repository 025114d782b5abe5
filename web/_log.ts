// The default access log: `200 GET / (127.0.0.1) 0.42ms`, level by status.

import type { RequestHandler } from "./request_handler.ts";

/** The access log line for a finished request. */
export function accessLogLine(handler: RequestHandler): string {
  const request = handler.request;
  const ms = (request.requestTime() * 1000).toFixed(2);
  return `${handler.getStatus()} ${request.method} ${request.uri} (${request.remoteIp}) ${ms}ms`;
}

/** Writes the access log line: info below 400, warn below 500, else error. */
export function defaultLogFunction(handler: RequestHandler): void {
  const status = handler.getStatus();
  const line = accessLogLine(handler);
  if (status < 400) console.info(line);
  else if (status < 500) console.warn(line);
  else console.error(line);
}
