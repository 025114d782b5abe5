/**
 * {@linkcode RequestHandler}: the base class of every handler.
 *
 * @module
 */

import type { Application } from "./application.ts";
import type { ApplicationSettings } from "./settings.ts";
import { HTTPError } from "./errors.ts";
import type { HTTPServerRequest } from "./request.ts";
import { errorPage, tracebackText } from "./_error_page.ts";
import { etagMatches, etagOf } from "./_etag.ts";
import { staticUrlFor } from "./_static_version.ts";
import { safeReason, STATUS_REASONS } from "../_internal/http_status.ts";
import { toBytes } from "../_internal/bytes.ts";
import { sendEvent, type SendEventOptions } from "./_event_stream.ts";
export type { SendEventOptions } from "./_event_stream.ts";
import {
  type ClearCookieOptions,
  formatClearCookie,
  formatSetCookie,
  type SetCookieOptions,
} from "./cookies.ts";
import { readSignedCookie, signCookie } from "./_signed_cookie.ts";
import {
  checkHandlerXsrf,
  handlerXsrfToken,
  type RawXsrfToken,
  requestXsrfToken,
} from "./_xsrf.ts";
import { xhtmlEscape } from "../escape/mod.ts";
import type { BaseLoader } from "../template/mod.ts";
import {
  embeddedCss,
  embeddedJs,
  fileLoader,
  insertResources,
  linkedCss,
  linkedJs,
  loaderFor,
  type NamespaceHelpers,
  namespaceHelpers,
  templateNamespace,
} from "./_render.ts";
import type { UIModule } from "./ui_module.ts";
import { Locale } from "../locale/mod.ts";
import { parseAcceptLanguage } from "../_internal/accept_language.ts";
import type { StaticUrlOptions } from "./static_file_handler.ts";
import { ResponseWriter } from "./_response_writer.ts";
import type { PendingResponse } from "./_drain.ts";
import {
  execute,
  finishResponse,
  respondWith,
  sendErrorPage,
  startStream,
} from "./_lifecycle.ts";
import { allArguments, lastArgument, MISSING } from "./_arguments.ts";

/**
 * Options of `getArgument()` and its relatives.
 *
 * @example Keep surrounding spaces
 * ```ts
 * import {
 *   Application,
 *   type ArgumentOptions,
 *   RequestHandler,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Echo extends RequestHandler {
 *   override get(): void {
 *     const options: ArgumentOptions = { strip: false };
 *     this.write(`[${this.getArgument("q", "", options)}]`);
 *   }
 * }
 * const app = new Application([["/", Echo]], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/?q=%20a%20"));
 * assert.equal(await response.text(), "[ a ]");
 * ```
 */
export interface ArgumentOptions {
  /** Trim white space from the values (default `true`). */
  strip?: boolean;
}

/**
 * Options of `redirect()`.
 *
 * @example A temporary redirect that keeps the method
 * ```ts
 * import {
 *   Application,
 *   type RedirectOptions,
 *   RequestHandler,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Moved extends RequestHandler {
 *   override post(): void {
 *     const options: RedirectOptions = { status: 307 };
 *     this.redirect("/v2/items", options);
 *   }
 * }
 * const app = new Application([["/items", Moved]], { logFunction: () => {} });
 * const response = await app.fetch(
 *   new Request("http://localhost/items", { method: "POST" }),
 * );
 * assert.equal(response.status, 307);
 * assert.equal(response.headers.get("location"), "/v2/items");
 * ```
 */
export interface RedirectOptions {
  /** Use 301 instead of 302 (ignored when `status` is given). */
  permanent?: boolean;
  /** The status code, 300-399. */
  status?: number;
}

/** Options of `sendError()` and `writeError()`. */
export interface SendErrorOptions {
  /** The error that caused the response, if any. */
  error?: unknown;
}

/**
 * Options of `setSignedCookie()`: cookie attributes and the format.
 *
 * @example A session cookie for one day
 * ```ts
 * import {
 *   Application,
 *   RequestHandler,
 *   type SetSignedCookieOptions,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Login extends RequestHandler {
 *   override post(): void {
 *     const options: SetSignedCookieOptions = {
 *       expiresDays: 1,
 *       httpOnly: true,
 *       sameSite: "Lax",
 *     };
 *     this.setSignedCookie("user", "ada", options);
 *   }
 * }
 * const app = new Application([["/login", Login]], {
 *   cookieSecret: "a long random string",
 *   logFunction: () => {},
 * });
 * const response = await app.fetch(
 *   new Request("http://localhost/login", { method: "POST" }),
 * );
 * const cookie = response.headers.get("set-cookie") ?? "";
 * assert.match(cookie, /^user="?2\|/);
 * assert.match(cookie, /HttpOnly/);
 * assert.match(cookie, /SameSite=Lax/);
 * ```
 */
export interface SetSignedCookieOptions extends SetCookieOptions {
  /** The signed value's format version, 1 or 2 (default 2). */
  version?: number;
}

/** Options of `getSignedCookie()`. */
export interface GetSignedCookieOptions {
  /** Refuse values signed longer ago than this many days (default 31). */
  maxAgeDays?: number;
  /** Refuse formats older than this version (default 1). */
  minVersion?: number;
  /** Decode this value instead of the request's cookie. */
  value?: string | null;
}

/** A value `write()` accepts: text, bytes, or a plain object sent as JSON. */
export type WriteChunk = string | Uint8Array | Record<string, unknown>;

/** Result of a handler method or hook: nothing, or a promise of nothing. */
export type MaybePromise = void | Promise<void>;

/** A header value: text, a number, or a date (sent as an HTTP date). */
export type HeaderValue = string | number | Date;

/** Runs a handler through its lifecycle (friend access for Application). */
export let executeHandler: (
  handler: RequestHandler,
  options: unknown,
  args: readonly unknown[],
  intake: RunLimits,
) => Response | Promise<Response>;

/** The server's limits for a run, and where pending responses wait. */
interface RunLimits {
  maxBodySize: number;
  pending?: Set<PendingResponse> | undefined;
}

/**
 * Ends a request with a ready-made `Response` (friend access for
 * `FallbackHandler` and websockets).
 */
export let finishWithResponse: (
  handler: RequestHandler,
  response: Response,
) => void;

/**
 * The response's header lines so far, `Set-Cookie` included (friend access
 * for the websocket 101 response).
 */
export let responseHeaderLines: (
  handler: RequestHandler,
) => [string, string][];

/**
 * The base class of request handlers. Subclass it and define the HTTP
 * methods you serve (`get`, `post`, ...), sync or `async`; route group
 * values arrive as arguments.
 *
 * The lifecycle of a request: `initialize(options)` -> `prepare()` -> the
 * method -> `finish()` -> `onFinish()`. Anything thrown becomes an error
 * page: `HTTPError` with its status, anything else a 500.
 *
 * Tornado: `tornado.web.RequestHandler`
 *
 * @example A handler with a path argument
 * ```ts
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class StoryHandler extends RequestHandler {
 *   override get(storyId: string): void {
 *     this.write("You requested the story " + storyId);
 *   }
 * }
 * const app = new Application([["/story/([0-9]+)", StoryHandler]], {
 *   logFunction: () => {},
 * });
 * const response = await app.fetch(new Request("http://localhost/story/7"));
 * assert.equal(await response.text(), "You requested the story 7");
 * ```
 */
export class RequestHandler<User = unknown> {
  /**
   * The HTTP methods handlers of this class accept; others get 405. A
   * method named here is served by the handler method of the same name in
   * lower case (`PROPFIND` by `propfind()`), or gets 405 when there is none.
   *
   * Tornado: `RequestHandler.SUPPORTED_METHODS`
   */
  static SUPPORTED_METHODS: readonly string[] = [
    "GET",
    "HEAD",
    "POST",
    "DELETE",
    "PATCH",
    "PUT",
    "OPTIONS",
  ];
  /**
   * When `true`, `prepare()` runs as soon as the headers arrive and the body
   * is handed to `dataReceived()` chunk by chunk instead of being read whole.
   *
   * Tornado: `@tornado.web.stream_request_body`
   */
  static streamRequestBody: boolean = false;

  /** The application this handler belongs to. */
  readonly application: Application;
  /** The request being handled. */
  readonly request: HTTPServerRequest;
  /**
   * The route's unnamed groups, percent-decoded, as the method receives
   * them (an optional group that took no part is `undefined`); set before
   * `prepare()`. Empty when the route has named groups.
   *
   * Tornado: `RequestHandler.path_args`
   */
  pathArgs: (string | undefined)[] = [];
  /**
   * The route's named groups, percent-decoded; set before `prepare()`.
   *
   * Tornado: `RequestHandler.path_kwargs`
   */
  pathKwargs: Record<string, string | undefined> = {};
  /**
   * Makes `staticUrl()` return absolute URLs (with the request's protocol
   * and host) unless a call passes `{ includeHost }`. Default `false`.
   *
   * Tornado: `RequestHandler.include_host`
   */
  includeHost: boolean = false;
  #out: ResponseWriter = new ResponseWriter();
  #currentUser: User | null | undefined;
  #rawXsrf: RawXsrfToken | undefined;
  #xsrfToken: string | undefined;
  #locale: Locale | undefined;
  #activeModules: Map<string, UIModule> | undefined;
  #helpers: NamespaceHelpers | undefined;

  static {
    executeHandler = (handler, options, args, intake) => {
      if (intake.pending !== undefined) {
        handler.#out.pending = intake.pending;
        handler.#out.owner = handler;
      }
      return execute(
        handler,
        handler.#out,
        options,
        args,
        intake.maxBodySize,
        handler.onConnectionClose !==
          RequestHandler.prototype.onConnectionClose,
      );
    };
    finishWithResponse = (handler, response) =>
      respondWith(handler, handler.#out, response);
    responseHeaderLines = (handler) => handler.#out.headerLines();
  }

  /**
   * Handlers are made by the application; to receive options from the
   * route, override `initialize()` instead of the constructor.
   */
  constructor(application: Application, request: HTTPServerRequest) {
    this.application = application;
    this.request = request;
  }

  /** The application's settings. */
  get settings(): ApplicationSettings {
    return this.application.settings;
  }

  /**
   * Override to take the options given as the third element of the route.
   *
   * Tornado: `RequestHandler.initialize`
   *
   * @example Receive a database from the route
   * ```ts ignore
   * class ProfileHandler extends RequestHandler {
   *   declare database: Map<string, string>;
   *   override initialize({ database }: { database: Map<string, string> }) {
   *     this.database = database;
   *   }
   * }
   * ```
   */
  initialize(_options: unknown): void {}

  /**
   * Override to run code before the HTTP method; may be `async`. Finishing
   * the response here skips the method.
   *
   * Tornado: `RequestHandler.prepare`
   *
   * @example Look the user up before every method
   * ```ts ignore
   * override async prepare() {
   *   this.currentUser = await db.userFor(this.getSignedCookie("user"));
   * }
   * ```
   */
  prepare(): MaybePromise {}

  /**
   * Override to run code once the response is finished (logging, clean-up).
   *
   * Tornado: `RequestHandler.on_finish`
   *
   * @example Count finished requests
   * ```ts ignore
   * override onFinish() { metrics.count++; }
   * ```
   */
  onFinish(): MaybePromise {}

  /**
   * Override to clean up when the client disconnects before the response is
   * finished (long polling, streaming).
   *
   * Tornado: `RequestHandler.on_connection_close`
   *
   * @example Stop waiting for a message
   * ```ts ignore
   * override onConnectionClose() { this.waiter.cancel(); }
   * ```
   */
  onConnectionClose(): void {}

  /**
   * Override to receive the body chunk by chunk when the class sets
   * `static streamRequestBody = true`.
   *
   * Tornado: `RequestHandler.data_received`
   *
   * @example Count uploaded bytes
   * ```ts ignore
   * static override streamRequestBody = true;
   * override dataReceived(chunk: Uint8Array) { this.size += chunk.length; }
   * ```
   */
  dataReceived(_chunk: Uint8Array): MaybePromise {
    throw new Error(
      "Override dataReceived() to use streamRequestBody",
    );
  }

  /** Handles GET; override it. The default answers 405. */
  get(..._args: unknown[]): MaybePromise {
    throw new HTTPError(405);
  }
  /** Handles HEAD; override it. The default answers 405. */
  head(..._args: unknown[]): MaybePromise {
    throw new HTTPError(405);
  }
  /** Handles POST; override it. The default answers 405. */
  post(..._args: unknown[]): MaybePromise {
    throw new HTTPError(405);
  }
  /** Handles DELETE; override it. The default answers 405. */
  delete(..._args: unknown[]): MaybePromise {
    throw new HTTPError(405);
  }
  /** Handles PATCH; override it. The default answers 405. */
  patch(..._args: unknown[]): MaybePromise {
    throw new HTTPError(405);
  }
  /** Handles PUT; override it. The default answers 405. */
  put(..._args: unknown[]): MaybePromise {
    throw new HTTPError(405);
  }
  /** Handles OPTIONS; override it. The default answers 405. */
  options(..._args: unknown[]): MaybePromise {
    throw new HTTPError(405);
  }

  /**
   * Override to set headers on every response (also after `clear()` and
   * before error pages).
   *
   * Tornado: `RequestHandler.set_default_headers`
   *
   * @example Allow any origin
   * ```ts ignore
   * override setDefaultHeaders() {
   *   this.setHeader("Access-Control-Allow-Origin", "*");
   * }
   * ```
   */
  setDefaultHeaders(): void {}

  /**
   * Resets the headers, status and written body to their defaults.
   *
   * Tornado: `RequestHandler.clear`
   */
  clear(): void {
    this.#out.reset();
    this.setDefaultHeaders();
  }

  /**
   * Sets the response status, with an optional reason phrase. A reason
   * with characters that could break a status line or a page is replaced
   * by the standard phrase.
   *
   * Tornado: `RequestHandler.set_status`
   *
   * @throws {RangeError} For a code outside 100-599, or an unknown code
   * without a reason.
   */
  setStatus(code: number, reason?: string): void {
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      throw new RangeError(
        `Cannot set status ${code}: status must be 100-599`,
      );
    }
    if (reason === undefined && !STATUS_REASONS.has(code)) {
      throw new RangeError(
        `Cannot set status ${code}: an unknown status code needs a reason`,
      );
    }
    this.#out.status = code;
    this.#out.reason = safeReason(code, reason);
  }

  /** The response status code. Tornado: `RequestHandler.get_status` */
  getStatus(): number {
    return this.#out.status;
  }

  /**
   * Sets a response header, replacing any value it had. Numbers become
   * text; dates become HTTP dates.
   *
   * Tornado: `RequestHandler.set_header`
   *
   * @throws {TypeError} When the name or value holds CR, LF or another
   * control character.
   */
  setHeader(name: string, value: HeaderValue): void {
    this.#out.setHeader(name, value);
  }

  /**
   * Adds a response header, keeping earlier values of the same name.
   *
   * Tornado: `RequestHandler.add_header`
   *
   * @throws {TypeError} When the name or value holds CR, LF or another
   * control character.
   */
  addHeader(name: string, value: HeaderValue): void {
    this.#out.addHeader(name, value);
  }

  /** Removes a response header. Tornado: `RequestHandler.clear_header` */
  clearHeader(name: string): void {
    this.#out.headers.delete(name.toLowerCase());
  }

  /**
   * Writes to the response body. A plain object is sent as JSON (with
   * `</` escaped) and sets the JSON content type; arrays are refused, as in
   * Tornado, since a top-level JSON array can leak data to other sites.
   *
   * Tornado: `RequestHandler.write`
   *
   * @throws {TypeError} For an array or a value of another type.
   * @throws {Error} After `finish()`.
   */
  write(chunk: WriteChunk): void {
    if (this.#out.write(chunk)) {
      this.setHeader("Content-Type", "application/json; charset=UTF-8");
    }
  }

  /**
   * Sends the headers (the first time) and what was written so far,
   * turning the response into a stream. Resolves when the client has room
   * for more, so a slow client slows the writer down.
   *
   * Tornado: `RequestHandler.flush`
   *
   * @throws {Error} When the client has gone away (name
   * `"StreamClosedError"`) or after `finish()`.
   */
  async flush(): Promise<void> {
    const out = this.#out;
    if (out.finished) throw new Error("Cannot flush() after finish()");
    const stream = out.stream ?? startStream(this, out);
    const chunks = out.takeChunks();
    if (this.request.method === "HEAD") return;
    for (const chunk of chunks) await stream.write(toBytes(chunk));
  }

  /**
   * Sends one server-sent event, starting a `text/event-stream` response
   * (no caching, never compressed) on the first call. Multi-line data goes
   * out as several `data:` lines; an object is sent as JSON. Resolves when
   * the client has room for more; rejects with `StreamClosedError` once it
   * has gone (and `onConnectionClose()` runs). `sendEvent("", { retry })`
   * sends the headers without dispatching an event in the browser.
   *
   * @throws {TypeError} When `event` or `id` holds CR, LF or NUL.
   * @example Stream a clock
   * ```ts ignore
   * override async get() {
   *   for (let i = 0; i < 3; i++) await this.sendEvent({ now: Date.now() }, { id: i });
   * }
   * ```
   */
  sendEvent(data: string | object, options?: SendEventOptions): Promise<void> {
    return sendEvent(this, data, options);
  }

  /**
   * The `Last-Event-ID` request header a reconnecting `EventSource` sends,
   * or `null`.
   */
  get lastEventId(): string | null {
    return this.request.headers.get("last-event-id");
  }

  /**
   * Finishes the response, writing `chunk` first if given. Handlers are
   * finished automatically when their method returns.
   *
   * Tornado: `RequestHandler.finish`
   *
   * @throws {Error} When called twice.
   */
  finish(chunk?: WriteChunk): void {
    if (this.#out.finished) throw new Error("Cannot finish() twice");
    if (chunk !== undefined) this.write(chunk);
    finishResponse(this, this.#out);
  }

  /**
   * Redirects to `url` (302, or 301 with `permanent`) and finishes.
   *
   * Tornado: `RequestHandler.redirect`
   *
   * @throws {Error} After the headers were sent.
   * @throws {RangeError} For a status outside 300-399.
   * @throws {TypeError} For a URL with CR, LF or control characters.
   */
  redirect(url: string, options: RedirectOptions = {}): void {
    if (this.#out.headersWritten) {
      throw new Error("Cannot redirect after headers have been written");
    }
    const status = options.status ?? (options.permanent ? 301 : 302);
    if (status < 300 || status > 399) {
      throw new RangeError(`Cannot redirect with status ${status}: use 3xx`);
    }
    this.setHeader("Location", url);
    this.setStatus(status);
    this.finish();
  }

  /**
   * Sends an error page for `status` through `writeError()`, replacing
   * anything written so far.
   *
   * Tornado: `RequestHandler.send_error`
   */
  sendError(status: number = 500, options: SendErrorOptions = {}): void {
    sendErrorPage(this, this.#out, status, options);
  }

  /**
   * Override to write custom error pages. The default writes Tornado's
   * page, or the stack trace as text with `serveTraceback` (or `debug`).
   *
   * Tornado: `RequestHandler.write_error`
   *
   * @example A JSON error
   * ```ts ignore
   * override writeError(status: number) {
   *   this.finish({ error: status });
   * }
   * ```
   */
  writeError(status: number, options: SendErrorOptions = {}): MaybePromise {
    const settings = this.settings;
    const traceback = settings.serveTraceback ?? settings.debug ?? false;
    if (traceback && options.error !== undefined) {
      this.setHeader("Content-Type", "text/plain; charset=UTF-8");
      this.finish(tracebackText(options.error));
      return;
    }
    this.finish(errorPage(status, this.#out.reason));
  }

  /**
   * Returns the last value of an argument (query or body). Without a
   * default, a missing argument is a `MissingArgumentError` (400).
   *
   * Tornado: `RequestHandler.get_argument`
   *
   * @example Read a page number
   * ```ts ignore
   * const page = Number(this.getArgument("page", "1"));
   * ```
   */
  getArgument(name: string): string;
  /** The last value of an argument, or `defaultValue` when missing. */
  getArgument(
    name: string,
    defaultValue: string,
    options?: ArgumentOptions,
  ): string;
  /** The last value of an argument, or `defaultValue` when missing. */
  getArgument(
    name: string,
    defaultValue: null | undefined,
    options?: ArgumentOptions,
  ): string | null;
  getArgument(
    name: string,
    defaultValue?: string | null,
    options?: ArgumentOptions,
  ): string | null {
    return lastArgument(
      this,
      this.request.arguments,
      name,
      arguments.length > 1 ? defaultValue : MISSING,
      options,
    );
  }

  /** All values of an argument. Tornado: `RequestHandler.get_arguments` */
  getArguments(name: string, options?: ArgumentOptions): string[] {
    return allArguments(this, this.request.arguments, name, options);
  }

  /**
   * Like `getArgument()`, from the query string only: the last value of a
   * query argument; missing: `MissingArgumentError`.
   */
  getQueryArgument(name: string): string;
  /** The last value of a query argument, or `defaultValue` when missing. */
  getQueryArgument(
    name: string,
    defaultValue: string,
    options?: ArgumentOptions,
  ): string;
  /** The last value of a query argument, or `defaultValue` when missing. */
  getQueryArgument(
    name: string,
    defaultValue: null | undefined,
    options?: ArgumentOptions,
  ): string | null;
  getQueryArgument(
    name: string,
    defaultValue?: string | null,
    options?: ArgumentOptions,
  ): string | null {
    return lastArgument(
      this,
      this.request.queryArguments,
      name,
      arguments.length > 1 ? defaultValue : MISSING,
      options,
    );
  }

  /** All values of a query argument. */
  getQueryArguments(name: string, options?: ArgumentOptions): string[] {
    return allArguments(this, this.request.queryArguments, name, options);
  }

  /**
   * Like `getArgument()`, from the body only: the last value of a body
   * argument; missing: `MissingArgumentError`.
   */
  getBodyArgument(name: string): string;
  /** The last value of a body argument, or `defaultValue` when missing. */
  getBodyArgument(
    name: string,
    defaultValue: string,
    options?: ArgumentOptions,
  ): string;
  /** The last value of a body argument, or `defaultValue` when missing. */
  getBodyArgument(
    name: string,
    defaultValue: null | undefined,
    options?: ArgumentOptions,
  ): string | null;
  getBodyArgument(
    name: string,
    defaultValue?: string | null,
    options?: ArgumentOptions,
  ): string | null {
    return lastArgument(
      this,
      this.request.bodyArguments,
      name,
      arguments.length > 1 ? defaultValue : MISSING,
      options,
    );
  }

  /** All values of a body argument. */
  getBodyArguments(name: string, options?: ArgumentOptions): string[] {
    return allArguments(this, this.request.bodyArguments, name, options);
  }

  /**
   * Override to decode or check argument values. The default returns the
   * value as it is (bodies and query strings are already decoded as UTF-8).
   *
   * Tornado: `RequestHandler.decode_argument`
   *
   * @example Refuse long values
   * ```ts ignore
   * override decodeArgument(value: string, name: string) {
   *   if (value.length > 100) throw new HTTPError(400, `${name} too long`);
   *   return value;
   * }
   * ```
   */
  decodeArgument(value: string, _name?: string): string {
    return value;
  }

  /** The URL of a named route. Tornado: `RequestHandler.reverse_url` */
  reverseUrl(name: string, ...args: unknown[]): string {
    return this.application.reverseUrl(name, ...args);
  }

  /**
   * Returns the value of a request cookie, or `defaultValue` (else `null`).
   *
   * Tornado: `RequestHandler.get_cookie`
   */
  getCookie(name: string): string | null;
  /** Returns the value of a request cookie, or `defaultValue`. */
  getCookie(name: string, defaultValue: string): string;
  getCookie(name: string, defaultValue?: string): string | null {
    return this.request.cookies.get(name) ?? defaultValue ?? null;
  }

  /**
   * Sets a cookie on the response. Setting the same name twice keeps the
   * last; names and values that would break the header are refused.
   *
   * Tornado: `RequestHandler.set_cookie`
   *
   * @throws {TypeError} For a name or value with CR, LF, space, or control
   * characters, or a bad attribute.
   *
   * @example A session cookie for a week
   * ```ts ignore
   * this.setCookie("theme", "dark", { expiresDays: 7, httpOnly: true });
   * ```
   */
  setCookie(name: string, value: string, options: SetCookieOptions = {}): void {
    this.#out.setCookie(name, formatSetCookie(name, value, options));
  }

  /**
   * Deletes a cookie: sends it empty and expired. Pass the `path` and
   * `domain` it was set with.
   *
   * Tornado: `RequestHandler.clear_cookie`
   */
  clearCookie(name: string, options: ClearCookieOptions = {}): void {
    this.#out.setCookie(name, formatClearCookie(name, options));
  }

  /**
   * Deletes every cookie the request sent.
   *
   * Tornado: `RequestHandler.clear_all_cookies`
   */
  clearAllCookies(options: ClearCookieOptions = {}): void {
    for (const name of this.request.cookies.keys()) {
      this.clearCookie(name, options);
    }
  }

  /**
   * Sets a cookie signed with the `cookieSecret` setting, in Tornado's
   * format, so it cannot be forged. Expires in 30 days unless told.
   *
   * Tornado: `RequestHandler.set_signed_cookie`
   *
   * @throws {TypeError} When the `cookieSecret` setting is missing.
   *
   * @example Remember the user
   * ```ts ignore
   * this.setSignedCookie("user", userId);
   * ```
   */
  setSignedCookie(
    name: string,
    value: string | Uint8Array,
    options: SetSignedCookieOptions = {},
  ): void {
    const signed = signCookie(this.settings, name, value, options);
    this.setCookie(name, signed.value, signed.cookieOptions);
  }

  /**
   * Returns the value of a signed cookie if its signature is valid and it
   * is not too old, else `null`.
   *
   * Tornado: `RequestHandler.get_signed_cookie`
   *
   * @throws {TypeError} When the `cookieSecret` setting is missing.
   */
  getSignedCookie(
    name: string,
    options: GetSignedCookieOptions = {},
  ): string | null {
    const value = options.value === undefined
      ? this.getCookie(name)
      : options.value;
    return readSignedCookie(this.settings, name, value, options);
  }

  /** Alias of `setSignedCookie()` (Tornado before 6.3). */
  setSecureCookie(
    name: string,
    value: string | Uint8Array,
    options: SetSignedCookieOptions = {},
  ): void {
    this.setSignedCookie(name, value, options);
  }

  /** Alias of `getSignedCookie()` (Tornado before 6.3). */
  getSecureCookie(
    name: string,
    options: GetSignedCookieOptions = {},
  ): string | null {
    return this.getSignedCookie(name, options);
  }

  /**
   * The user of this request: `getCurrentUser()` is called once, on first
   * use; an async lookup assigns it in `prepare()` instead.
   *
   * Tornado: `RequestHandler.current_user`
   */
  get currentUser(): User | null {
    if (this.#currentUser === undefined) {
      this.#currentUser = this.getCurrentUser();
    }
    return this.#currentUser;
  }
  set currentUser(user: User | null) {
    this.#currentUser = user;
  }

  /**
   * Override to say who the user is (for `currentUser` and
   * `@authenticated`); `null` means nobody is signed in.
   *
   * Tornado: `RequestHandler.get_current_user`
   *
   * @example The user from a signed cookie
   * ```ts ignore
   * override getCurrentUser() {
   *   return this.getSignedCookie("user");
   * }
   * ```
   */
  getCurrentUser(): User | null {
    return null;
  }

  /**
   * Override to change where `@authenticated` sends anonymous users. The
   * default is the `loginUrl` setting.
   *
   * Tornado: `RequestHandler.get_login_url`
   *
   * @throws {Error} When the `loginUrl` setting is missing.
   *
   * @example A login page per language
   * ```ts ignore
   * override getLoginUrl() { return `/${this.locale.code}/login`; }
   * ```
   */
  getLoginUrl(): string {
    const url = this.settings.loginUrl;
    if (url === undefined) {
      throw new Error(
        'Cannot redirect to the login page: the "loginUrl" setting is missing',
      );
    }
    return url;
  }

  /**
   * The XSRF token for this request's forms, masked anew for each request
   * (version 2). Reading it sets the `_xsrf` cookie when the request had
   * none.
   *
   * Tornado: `RequestHandler.xsrf_token`
   */
  get xsrfToken(): string {
    return this.#xsrfToken ??= handlerXsrfToken(this, this.#rawXsrfToken());
  }

  /**
   * A hidden form field holding the XSRF token; put it in every form that
   * POSTs when the `xsrfCookies` setting is on.
   *
   * Tornado: `RequestHandler.xsrf_form_html`
   */
  xsrfFormHtml(): string {
    return `<input type="hidden" name="_xsrf" value="${
      xhtmlEscape(this.xsrfToken)
    }"/>`;
  }

  /**
   * Override to change the XSRF check, which runs before `prepare()` on
   * POST, PUT, PATCH and DELETE when `xsrfCookies` is on. The default
   * compares the `_xsrf` argument (or the `X-XSRFToken` / `X-CSRFToken`
   * header) with the `_xsrf` cookie in constant time.
   *
   * Tornado: `RequestHandler.check_xsrf_cookie`
   *
   * @throws {HTTPError} 403, with a log message saying what was wrong.
   *
   * @example Skip the check for an API authenticated otherwise
   * ```ts ignore
   * override checkXsrfCookie() {
   *   if (!this.request.headers.has("authorization")) super.checkXsrfCookie();
   * }
   * ```
   */
  checkXsrfCookie(): void {
    checkHandlerXsrf(this, () => this.#rawXsrfToken());
  }

  /**
   * The locale of this request: `getUserLocale()`, else
   * `getBrowserLocale()`. Computed once; assignable.
   *
   * Tornado: `RequestHandler.locale`
   */
  get locale(): Locale {
    return this.#locale ??= this.getUserLocale() ?? this.getBrowserLocale();
  }
  set locale(locale: Locale) {
    this.#locale = locale;
  }

  /**
   * Override to choose the locale from the user (a profile setting, say);
   * `null` falls back to the browser's `Accept-Language`.
   *
   * Tornado: `RequestHandler.get_user_locale`
   *
   * @example The language of the user's profile
   * ```ts ignore
   * override getUserLocale() {
   *   const user = this.currentUser as { lang?: string } | null;
   *   return user?.lang ? Locale.get(user.lang) : null;
   * }
   * ```
   */
  getUserLocale(): Locale | null {
    return null;
  }

  /**
   * The supported locale closest to the request's `Accept-Language`
   * (q-values honoured, malformed entries ignored), else `defaultCode`.
   *
   * Tornado: `RequestHandler.get_browser_locale`
   */
  getBrowserLocale(defaultCode: string = "en_US"): Locale {
    const header = this.request.headers.get("accept-language");
    const codes = header === null ? [] : parseAcceptLanguage(header);
    return Locale.getClosest(...(codes.length > 0 ? codes : [defaultCode]));
  }

  /**
   * Renders a template with `kwargs` and finishes the response with it,
   * adding the CSS and JavaScript of the UI modules the page used.
   *
   * Tornado: `RequestHandler.render`
   *
   * @throws {Error} After `finish()`, or without `templatePath` or
   * `templateLoader`.
   *
   * @example Render a page
   * ```ts ignore
   * this.render("home.html", { title: "Home", items });
   * ```
   */
  render(name: string, kwargs: Record<string, unknown> = {}): void {
    if (this.#out.finished) {
      throw new Error("Cannot render() after finish()");
    }
    const html = this.renderString(name, kwargs);
    const active = this.#activeModules;
    this.finish(
      active === undefined ? html : insertResources(this, html, active),
    );
  }

  /**
   * Renders a template with the handler's namespace and `kwargs`, and
   * returns the text.
   *
   * Tornado: `RequestHandler.render_string`
   */
  renderString(name: string, kwargs: Record<string, unknown> = {}): string {
    const loader = loaderFor(this, this.getTemplatePath());
    const namespace = this.getTemplateNamespace();
    Object.assign(namespace, kwargs);
    return loader.load(name).generate(namespace);
  }

  /**
   * Override to add names to every template this handler renders; call
   * `super` and extend its result. The default holds `handler`,
   * `request`, `currentUser`, `locale`, `_`, `pgettext`, `staticUrl`,
   * `xsrfFormHtml`, `reverseUrl`, the escape helpers, and the UI modules
   * and methods.
   *
   * Tornado: `RequestHandler.get_template_namespace`
   *
   * @example Add the site name
   * ```ts ignore
   * override getTemplateNamespace() {
   *   return { ...super.getTemplateNamespace(), site: "Example" };
   * }
   * ```
   */
  getTemplateNamespace(): Record<string, unknown> {
    const active = this.#activeModules ??= new Map();
    this.#helpers = namespaceHelpers(this, active, this.#helpers);
    return templateNamespace(this, this.#helpers);
  }

  /**
   * Override to choose the template directory per handler. The default is
   * the `templatePath` setting (`""` when only `templateLoader` is set).
   *
   * Tornado: `RequestHandler.get_template_path`
   *
   * @throws {Error} When neither `templatePath` nor `templateLoader` is set.
   *
   * @example Templates beside the handler
   * ```ts ignore
   * override getTemplatePath() { return new URL("./templates", import.meta.url).pathname; }
   * ```
   */
  getTemplatePath(): string {
    const path = this.settings.templatePath;
    if (path !== undefined) return path;
    if (this.settings.templateLoader !== undefined) return "";
    throw new Error(
      'Cannot render a template: the "templatePath" setting is missing',
    );
  }

  /**
   * Override to make the template loader for a directory. The default is
   * the `templateLoader` setting, or a `Loader` with the `autoescape` and
   * `templateWhitespace` settings. Loaders are kept per application and
   * directory.
   *
   * Tornado: `RequestHandler.create_template_loader`
   *
   * @example Templates from a record
   * ```ts ignore
   * override createTemplateLoader() { return new DictLoader(TEMPLATES); }
   * ```
   */
  createTemplateLoader(path: string): BaseLoader {
    return this.settings.templateLoader ?? fileLoader(this, path);
  }

  /**
   * Override to change how UI modules' script files are linked. The
   * default writes one `<script src>` per distinct file; relative paths go
   * through `staticUrl()`.
   */
  renderLinkedJs(paths: readonly string[]): string {
    return linkedJs(this, paths);
  }

  /** Override to change how UI modules' JavaScript is embedded. */
  renderEmbedJs(parts: readonly string[]): string {
    return embeddedJs(parts);
  }

  /**
   * Override to change how UI modules' style sheets are linked. The
   * default writes one `<link>` per distinct file; relative paths go
   * through `staticUrl()`.
   */
  renderLinkedCss(paths: readonly string[]): string {
    return linkedCss(this, paths);
  }

  /** Override to change how UI modules' CSS is embedded. */
  renderEmbedCss(parts: readonly string[]): string {
    return embeddedCss(parts);
  }

  /**
   * Override to change the ETag of GET responses. The default is the
   * quoted SHA-1 hex digest of the body, as Tornado's; `null` sends none.
   *
   * Tornado: `RequestHandler.compute_etag`
   *
   * @example No ETags
   * ```ts ignore
   * override computeEtag() { return null; }
   * ```
   */
  computeEtag(): string | null {
    return etagOf(this.#out.chunks);
  }

  /** Sets the `Etag` header from `computeEtag()`. */
  setEtagHeader(): void {
    const etag = this.computeEtag();
    if (etag !== null) this.setHeader("Etag", etag);
  }

  /** Whether the request's `If-None-Match` matches the response's ETag. */
  checkEtagHeader(): boolean {
    const etag = this.#out.headers.get("etag");
    const wanted = this.request.headers.get("if-none-match");
    if (typeof etag !== "string" || wanted === null) return false;
    return etagMatches(wanted, etag);
  }

  #rawXsrfToken(): RawXsrfToken {
    return this.#rawXsrf ??= requestXsrfToken(this);
  }

  /**
   * Returns the URL of a static file: `/static/<path>?v=<version>`, where
   * the version is the SHA-512 of the file's content (as Tornado's, so the
   * URL matches a Tornado app serving the same file). Built by the
   * `staticHandlerClass`'s `makeStaticUrl()`; `includeHost` prefixes
   * `protocol://host`, `includeVersion: false` leaves the version out.
   *
   * Tornado: `RequestHandler.static_url`
   *
   * @throws {Error} When the `staticPath` setting is not set.
   * @example A versioned stylesheet URL
   * ```ts
   * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * const root = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${root}/site.css`, "");
   * class Page extends RequestHandler {
   *   override get(): void {
   *     this.write(this.staticUrl("site.css"));
   *   }
   * }
   * const app = new Application([["/", Page]], {
   *   staticPath: root,
   *   logFunction: () => {},
   * });
   * const response = await app.fetch(new Request("http://localhost/"));
   * assert.match(await response.text(), /^\/static\/site\.css\?v=cf83e135/);
   * await Deno.remove(root, { recursive: true });
   * ```
   */
  staticUrl(path: string, options: StaticUrlOptions = {}): string {
    return staticUrlFor(this.settings, this.request, path, {
      ...options,
      includeHost: options.includeHost ?? this.includeHost,
    });
  }
}
