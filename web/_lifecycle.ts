// The lifecycle of one request: initialize -> (body) -> XSRF check ->
// prepare -> method -> finish -> onFinish, with exceptions turned into
// error pages and disconnects into onConnectionClose().

import { safeReason } from "../_internal/http_status.ts";
import { Finish, HTTPError } from "./errors.ts";
import { MessageBusUnavailableError } from "./message_bus.ts";
import { endRequest, setRequestBody } from "./request.ts";
import {
  BodyDisconnectedError,
  type BodyLimits,
  iterateBody,
  readRequestBody,
} from "./_read_body.ts";
import { onCutShort, shutdownResponse } from "./_drain.ts";
import { StreamClosedError } from "./_response_stream.ts";
import { recordRequestError } from "./_tracing.ts";
import type { ResponseStream } from "./_response_stream.ts";
import type { ResponseWriter } from "./_response_writer.ts";
import type { RequestHandler, SendErrorOptions } from "./request_handler.ts";

type Handler = RequestHandler<unknown>;

const METHOD_NAMES: Record<string, string> = {
  GET: "get",
  HEAD: "head",
  POST: "post",
  DELETE: "delete",
  PATCH: "patch",
  PUT: "put",
  OPTIONS: "options",
};

/**
 * Runs a handler and returns its response: at once when the whole run was
 * synchronous, else a promise. `watchClose` says whether the handler
 * overrides `onConnectionClose()` (only then is the connection watched).
 */
export function execute(
  handler: Handler,
  out: ResponseWriter,
  options: unknown,
  args: readonly unknown[],
  maxBodySize: number,
  watchClose: boolean,
): Response | Promise<Response> {
  const running = run(handler, out, options, args, maxBodySize, watchClose);
  if (out.response !== undefined) return out.response;
  // Deno forgets the client's address once the request closes, which an
  // async handler may outlive: read it now (the access log needs it).
  keepRemoteAddress(handler);
  const response = out.waitForResponse();
  onCutShort(handler.request.raw, () => cutShort(handler, out));
  // A run that went async checks for a response itself when it ends.
  if (running === undefined) queueMicrotask(() => afterRun(out));
  return response;
}

/**
 * A shutdown answered the request with 503 before the handler did: the
 * handler is told, as for a client that left, and the 503 is logged.
 */
function cutShort(handler: Handler, out: ResponseWriter): void {
  if (out.finished) return;
  connectionLost(handler, out);
  out.status = 503;
  out.deliver(shutdownResponse());
  markFinished(handler, out);
}

/** Reads the client's address while Deno still has it. */
function keepRemoteAddress(handler: Handler): void {
  handler.request.remoteIp;
}

/** Answers a bare 500 when the run ended without any response. */
function afterRun(out: ResponseWriter): void {
  if (out.response === undefined && !out.errorPagePending) {
    out.deliver(new Response(null, { status: 500 }));
  }
}

/**
 * Runs the lifecycle synchronously as far as it can: a request without a
 * body whose `prepare()` and method return no promise needs no async
 * frame (faster, and nothing held while a long poll waits). Returns the
 * promise of the rest when something has to be awaited.
 */
function run(
  handler: Handler,
  out: ResponseWriter,
  options: unknown,
  args: readonly unknown[],
  maxBodySize: number,
  watchClose: boolean,
): Promise<void> | undefined {
  try {
    const ctor = begin(handler, out, options, args, watchClose);
    const checkXsrf = needsXsrfCheck(handler);
    if (ctor.streamRequestBody || handler.request.raw.body !== null) {
      return runWithBody(handler, out, {
        streamed: ctor.streamRequestBody,
        checkXsrf,
        maxBodySize,
        bodyTimeout: handler.settings.bodyTimeout,
      }, args);
    }
    if (checkXsrf) handler.checkXsrfCookie();
    return runWithoutBody(handler, out, args);
  } catch (error) {
    handleException(handler, out, error);
  }
  return undefined;
}

/**
 * Sets `pathArgs` or `pathKwargs` from what the route matched (a fresh
 * array or object per match, so no copy is needed).
 */
function setPathArguments(handler: Handler, args: readonly unknown[]): void {
  const first = args[0];
  if (args.length === 1 && typeof first === "object" && first !== null) {
    handler.pathKwargs = first as Record<string, string | undefined>;
  } else if (args.length > 0) {
    handler.pathArgs = args as (string | undefined)[];
  }
}

/** `initialize()`, the method check (405) and the disconnect watch. */
function begin(
  handler: Handler,
  out: ResponseWriter,
  options: unknown,
  args: readonly unknown[],
  watchClose: boolean,
): typeof RequestHandler {
  setPathArguments(handler, args);
  handler.clear();
  handler.initialize(options);
  const ctor = handler.constructor as typeof RequestHandler;
  if (!ctor.SUPPORTED_METHODS.includes(handler.request.method)) {
    throw new HTTPError(405);
  }
  if (watchClose) watchConnection(handler, out);
  return ctor;
}

function needsXsrfCheck(handler: Handler): boolean {
  const method = handler.request.method;
  return handler.settings.xsrfCookies === true && method !== "GET" &&
    method !== "HEAD" && method !== "OPTIONS";
}

/** `prepare()` then the method, staying synchronous while they are. */
function runWithoutBody(
  handler: Handler,
  out: ResponseWriter,
  args: readonly unknown[],
): Promise<void> | undefined {
  const prepared = handler.prepare();
  if (prepared !== undefined) return finishAfter(handler, out, prepared, args);
  if (out.finished) return undefined;
  const result = callMethod(handler, args);
  if (result !== undefined) return finishAfter(handler, out, result, null);
  if (!out.finished) handler.finish();
  return undefined;
}

/** Calls the method named by the request's HTTP method. */
function callMethod(handler: Handler, args: readonly unknown[]): unknown {
  const method = handler.request.method;
  // Other methods got here through SUPPORTED_METHODS.
  const name = METHOD_NAMES[method] ?? method.toLowerCase();
  const fn = (handler as unknown as Record<string, unknown>)[name];
  if (typeof fn !== "function") throw new HTTPError(405);
  return fn.apply(handler, args);
}

/**
 * Awaits `pending` (the promise of `prepare()` or of the body, when `args`
 * are given, then calls the method; else the method's own), then finishes.
 */
async function finishAfter(
  handler: Handler,
  out: ResponseWriter,
  pending: unknown,
  args: readonly unknown[] | null,
): Promise<void> {
  try {
    await pending;
    if (args !== null) {
      if (out.finished) return;
      const result = callMethod(handler, args);
      if (result !== undefined) await result;
    }
    if (!out.finished) handler.finish();
  } catch (error) {
    handleException(handler, out, error);
  } finally {
    afterRun(out);
  }
}

interface BodyOptions extends BodyLimits {
  streamed: boolean;
  checkXsrf: boolean;
}

/** The lifecycle of a request with a body, read whole or streamed. */
function runWithBody(
  handler: Handler,
  out: ResponseWriter,
  body: BodyOptions,
  args: readonly unknown[],
): Promise<void> {
  const received = body.streamed
    ? receiveStreamed(handler, out, body)
    : receiveWhole(handler, body);
  return finishAfter(handler, out, received, args);
}

async function receiveWhole(
  handler: Handler,
  body: BodyOptions,
): Promise<void> {
  const request = handler.request;
  setRequestBody(request, await readRequestBody(request.raw, body));
  await prepare(handler, body.checkXsrf);
}

async function receiveStreamed(
  handler: Handler,
  out: ResponseWriter,
  body: BodyOptions,
): Promise<void> {
  await prepare(handler, body.checkXsrf);
  if (out.finished) return;
  for await (
    const chunk of iterateBody(handler.request.raw, body)
  ) {
    const received = handler.dataReceived(chunk);
    if (received !== undefined) await received;
    if (out.finished) return;
  }
}

async function prepare(handler: Handler, checkXsrf: boolean): Promise<void> {
  if (checkXsrf) handler.checkXsrfCookie();
  const prepared = handler.prepare();
  if (prepared !== undefined) await prepared;
}

/** Turns what a lifecycle step threw into the end of the response. */
function handleException(
  handler: Handler,
  out: ResponseWriter,
  error: unknown,
): void {
  if (error instanceof Finish) {
    if (!out.finished) handler.finish(error.chunk);
    return;
  }
  if (error instanceof BodyDisconnectedError) {
    bodyDisconnected(handler, out);
    return;
  }
  if (out.connectionClosed || error instanceof StreamClosedError) {
    if (!out.finished) markFinished(handler, out);
    return;
  }
  const status = logException(handler, error);
  if (!out.finished) handler.sendError(status, { error });
}

/** The client left before its body was in. */
function bodyDisconnected(handler: Handler, out: ResponseWriter): void {
  // A streaming handler has seen the request start: tell it, as Tornado
  // does. Otherwise the handler has not run, so nothing needs telling.
  const ctor = handler.constructor as typeof RequestHandler;
  if (ctor.streamRequestBody) connectionLost(handler, out);
  out.connectionClosed = true;
  // Never answered: no access log line (Tornado logs none either).
  if (!out.finished) markFinished(handler, out, false);
}

/** Logs an exception; returns the status its error page gets. */
function logException(handler: Handler, error: unknown): number {
  const request = handler.request;
  const summary = `${request.method} ${request.uri} (${request.remoteIp})`;
  if (!(error instanceof HTTPError)) {
    console.error(`Uncaught exception ${summary}`, error);
    recordRequestError(error);
    return 500;
  }
  const status = error.statusCode;
  if (error.logMessage !== undefined) {
    console.warn(`${status} ${summary}: ${error.logMessage}`);
  }
  return status;
}

function watchConnection(handler: Handler, out: ResponseWriter): void {
  const listener = () => connectionLost(handler, out);
  out.closeListener = listener;
  handler.request.raw.signal.addEventListener("abort", listener, {
    once: true,
  });
}

function connectionLost(handler: Handler, out: ResponseWriter): void {
  if (out.connectionClosed || out.finished) return;
  out.connectionClosed = true;
  try {
    handler.onConnectionClose();
  } catch (error) {
    console.error("Uncaught exception in onConnectionClose()", error);
  }
}

/** Sends the headers and starts the streamed body (the first `flush()`). */
export function startStream(
  handler: Handler,
  out: ResponseWriter,
): ResponseStream {
  keepRemoteAddress(handler);
  return out.startStream(
    () => {
      connectionLost(handler, out);
      out.connectionClosed = true;
    },
    handler.request,
    handler.settings.compressResponse === true,
  );
}

/**
 * Finishes the response: ends the stream, or adds the ETag (304 when the
 * client has it) and delivers the buffered response.
 */
export function finishResponse(handler: Handler, out: ResponseWriter): void {
  const request = handler.request;
  if (out.stream !== undefined) {
    out.endStream(out.stream, request.method);
  } else {
    if (out.wantsEtag(request.method)) {
      handler.setEtagHeader();
      if (handler.checkEtagHeader()) out.notModified();
    }
    const compress = handler.settings.compressResponse === true;
    out.deliver(out.build(request, compress));
  }
  markFinished(handler, out);
}

/** Ends a request with a ready-made `Response` (fallbacks, websockets). */
export function respondWith(
  handler: Handler,
  out: ResponseWriter,
  response: Response,
): void {
  if (out.finished) throw new Error("Cannot respond after finish()");
  keepRemoteAddress(handler);
  out.headersWritten = true;
  out.status = response.status;
  out.deliver(response);
  markFinished(handler, out);
}

/**
 * Replaces the response with an error page written by `writeError()`;
 * once the headers are gone, cuts the stream instead.
 */
export function sendErrorPage(
  handler: Handler,
  out: ResponseWriter,
  status: number,
  options: SendErrorOptions,
): void {
  if (out.headersWritten) {
    console.error(`Cannot send error response after headers written`);
    if (!out.finished) {
      out.stream?.abort(new Error(`Error ${status} while streaming`));
      markFinished(handler, out);
    }
    return;
  }
  handler.clear();
  const error = options.error;
  if (error instanceof MessageBusUnavailableError) {
    handler.setHeader("Retry-After", String(error.retryAfter));
  }
  out.status = status;
  out.reason = safeReason(
    status,
    error instanceof HTTPError ? error.reason : undefined,
  );
  writeErrorPage(handler, out, status, options);
}

function writeErrorPage(
  handler: Handler,
  out: ResponseWriter,
  status: number,
  options: SendErrorOptions,
): void {
  const done = () => {
    if (!out.finished) handler.finish();
  };
  try {
    const result = handler.writeError(status, options);
    if (result !== undefined) {
      out.errorPagePending = true;
      result.catch(logWriteErrorFailure).finally(() => {
        out.errorPagePending = false;
        done();
      });
      return;
    }
  } catch (failure) {
    logWriteErrorFailure(failure);
  }
  done();
}

function logWriteErrorFailure(failure: unknown): void {
  console.error("Uncaught exception in writeError()", failure);
}

/**
 * Marks the response finished: log it (unless `logged` is false: it was
 * never answered) and run `onFinish()`.
 */
export function markFinished(
  handler: Handler,
  out: ResponseWriter,
  logged = true,
): void {
  out.finished = true;
  const request = handler.request;
  endRequest(request);
  if (out.closeListener !== undefined) {
    request.raw.signal.removeEventListener("abort", out.closeListener);
    out.closeListener = undefined;
  }
  if (logged) logRequest(handler);
  runOnFinish(handler);
}

function logRequest(handler: Handler): void {
  try {
    handler.application.logRequest(handler);
  } catch (error) {
    console.error("Uncaught exception in logFunction", error);
  }
}

function runOnFinish(handler: Handler): void {
  try {
    const result = handler.onFinish();
    if (result !== undefined) {
      result.catch((error) =>
        console.error("Uncaught exception in onFinish()", error)
      );
    }
  } catch (error) {
    console.error("Uncaught exception in onFinish()", error);
  }
}
