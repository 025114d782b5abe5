// Traces under Deno's built-in OpenTelemetry (`OTEL_DENO=true`): Deno.serve
// opens a server span per request and makes it the active span; this names
// it after the matched route (never the raw URL, which holds ids), adds the
// handler class, and records uncaught handler errors. Outgoing fetch()
// calls (AsyncHTTPClient) become its children by themselves. No npm
// package: the active span is read from Deno.telemetry.contextManager under
// the key @opentelemetry/api uses.

/** The context key of the active span in OpenTelemetry JS. */
const SPAN_KEY = Symbol.for("OpenTelemetry Context Key SPAN");
/** OpenTelemetry's `SpanStatusCode.ERROR`. */
const STATUS_ERROR = 2;

/** The parts of an OpenTelemetry span used here. */
interface Span {
  updateName(name: string): unknown;
  setAttribute(key: string, value: string): unknown;
  recordException(error: unknown): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  isRecording(): boolean;
}

/** `false` when OTEL_DENO is known to be off; `null` when it is unknown. */
const enabled: boolean | null = readEnabled();

function readEnabled(): boolean | null {
  try {
    const query = { name: "env", variable: "OTEL_DENO" } as const;
    if (Deno.permissions.querySync(query).state !== "granted") return null;
    const value = Deno.env.get("OTEL_DENO") ?? "";
    return value === "true" || value === "1";
  } catch {
    return null;
  }
}

function activeSpan(): Span | undefined {
  if (enabled === false) return undefined;
  const telemetry = Deno.telemetry;
  const span = telemetry?.contextManager?.active()?.getValue(SPAN_KEY) as
    | Span
    | undefined;
  return span?.isRecording() ? span : undefined;
}

/**
 * Names the request's span after its route: the route's name when it has
 * one, else the method and pattern (`GET /post/([^/]+)`); and records the
 * route and handler class as attributes.
 */
export function nameRequestSpan(
  method: string,
  route: { pattern: string; name: string | undefined },
  handlerClass: { name: string },
): void {
  const span = activeSpan();
  if (span === undefined) return;
  span.setAttribute("tornado.handler", handlerClass.name);
  if (route.pattern === "") return; // no route matched: keep Deno's name
  span.updateName(route.name ?? `${method} ${route.pattern}`);
  span.setAttribute("http.route", route.pattern);
}

/** Records an uncaught handler error on the request's span. */
export function recordRequestError(error: unknown): void {
  const span = activeSpan();
  if (span === undefined) return;
  span.recordException(error);
  span.setStatus({
    code: STATUS_ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
