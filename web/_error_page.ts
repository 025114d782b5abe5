// The default error page, and the stack trace page in debug mode.

import { xhtmlEscape } from "../escape/mod.ts";

/** Tornado's default error page for a status code and reason. */
export function errorPage(code: number, reason: string): string {
  const title = `${code}: ${xhtmlEscape(reason)}`;
  return `<html><title>${title}</title><body>${title}</body></html>`;
}

/** The plain-text stack trace served with `serveTraceback`. */
export function tracebackText(error: unknown): string {
  if (error instanceof Error) {
    let text = error.stack ?? `${error.name}: ${error.message}`;
    let cause = error.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      text += "\nCaused by: " +
        (cause instanceof Error ? cause.stack ?? String(cause) : String(cause));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    return text + "\n";
  }
  return `${String(error)}\n`;
}
