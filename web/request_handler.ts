/**
 * {@linkcode RequestHandler}: the base class of every handler.
 *
 * @module
 */

import { recordRequestError } from "./_tracing.ts";
import {
  reasonFor,
  safeReason,
  STATUS_REASONS,
} from "../_internal/http_status.ts";
import { jsonForScript } from "./_json.ts";
import type { Application } from "./application.ts";
import type { ApplicationSettings } from "./settings.ts";
import { Finish, HTTPError, MissingArgumentError } from "./errors.ts";
import {
  endRequest,
  iterateBody,
  readRequestBody,
  setRequestBody,
} from "./request.ts";
import type { HTTPServerRequest } from "./request.ts";
import { errorPage, tracebackText } from "./_error_page.ts";
import { etagMatches, etagOf } from "./_etag.ts";
import { staticUrlFor } from "./_static_version.ts";
import {
  joinChunks,
  ResponseStream,
  StreamClosedError,
} from "./_response_writer.ts";
import { toBytes } from "../_internal/bytes.ts";
import {
  type ClearCookieOptions,
  formatClearCookie,
  formatSetCookie,
  type SetCookieOptions,
} from "./cookies.ts";
import {
  createSignedValue,
  decodeSignedValue,
  type SignedValueSecret,
} from "./signed_value.ts";
import {
  checkXsrfToken,
  encodeXsrfToken,
  getRawXsrfToken,
  type RawXsrfToken,
  submittedXsrfToken,
  XSRF_COOKIE_NAME,
} from "./_xsrf.ts";
import {
  jsonEncode,
  linkify,
  squeeze,
  urlEscape,
  xhtmlEscape,
} from "../escape/mod.ts";
import type { BaseLoader } from "../template/mod.ts";
import {
  fileLoader,
  insertResources,
  isAbsoluteResource,
  loaderFor,
  uiNamespace,
  unique,
} from "./_render.ts";
import type { UIModule } from "./ui_module.ts";
import { Locale, parseAcceptLanguage } from "../locale/mod.ts";
import {
  acceptsGzip,
  gzipStream,
  isCompressible,
  MIN_COMPRESS_LENGTH,
} from "./_compression.ts";

/** Options of `getArgument()` and its relatives. */
export interface ArgumentOptions {
  /** Trim white space from the values (default `true`). */
  strip?: boolean;
}

/** Options of `redirect()`. */
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

/** Options of `setSignedCookie()`: cookie attributes and the format. */
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

const DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";
const UNSAFE_HEADER_REGEXP = /[\x00-\x1f\x7f]/;
const HEADER_NAME_REGEXP = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL_CHAR_REGEXP = /[\x00-\x08\x0e-\x1f]/;
const CONTROL_CHARS_REGEXP = /[\x00-\x08\x0e-\x1f]/g;
const METHOD_NAMES: Record<string, string> = {
  GET: "get",
  HEAD: "head",
  POST: "post",
  DELETE: "delete",
  PATCH: "patch",
  PUT: "put",
  OPTIONS: "options",
};
const MISSING = Symbol("missing");

/** Runs a handler through its lifecycle (friend access for Application). */
export let executeHandler: (
  handler: RequestHandler,
  options: unknown,
  args: readonly unknown[],
  maxBodySize: number,
) => Response | Promise<Response>;

/**
 * Ends a request with a ready-made `Response` (friend access for
 * `FallbackHandler` and websockets).
 */
export let finishWithResponse: (
  handler: RequestHandler,
  response: Response,
) => void;

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
  /** The HTTP methods handlers of this class accept; others get 405. */
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
  #status = 200;
  #reason = "OK";
  // Both set by clear(), which every request runs first.
  #headers!: Map<string, string | string[]>;
  #chunks!: (string | Uint8Array)[];
  #finished = false;
  #headersWritten = false;
  #stream: ResponseStream | undefined;
  #response: Response | undefined;
  #resolve: ((response: Response) => void) | undefined;
  #closeListener: (() => void) | undefined;
  #connectionClosed = false;
  #errorPagePending = false;
  #newCookies: Map<string, string> | undefined;
  #currentUser: User | null | undefined;
  #rawXsrf: RawXsrfToken | undefined;
  #xsrfToken: string | undefined;
  #locale: Locale | undefined;
  #activeModules: Map<string, UIModule> | undefined;

  static {
    executeHandler = (handler, options, args, maxBodySize) =>
      handler.#execute(options, args, maxBodySize);
    finishWithResponse = (handler, response) => {
      if (handler.#finished) throw new Error("Cannot respond after finish()");
      handler.#headersWritten = true;
      handler.#status = response.status;
      handler.#deliver(response);
      handler.#markFinished();
    };
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
    this.#headers = new Map([
      ["content-type", DEFAULT_CONTENT_TYPE],
    ]);
    this.setDefaultHeaders();
    this.#chunks = [];
    this.#status = 200;
    this.#reason = "OK";
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
    this.#status = code;
    this.#reason = safeReason(code, reason);
  }

  /** The response status code. Tornado: `RequestHandler.get_status` */
  getStatus(): number {
    return this.#status;
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
    this.#headers.set(checkHeaderName(name), headerValue(value));
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
    const key = checkHeaderName(name);
    const text = headerValue(value);
    const existing = this.#headers.get(key);
    if (existing === undefined) this.#headers.set(key, text);
    else if (typeof existing === "string") {
      this.#headers.set(key, [existing, text]);
    } else existing.push(text);
  }

  /** Removes a response header. Tornado: `RequestHandler.clear_header` */
  clearHeader(name: string): void {
    this.#headers.delete(name.toLowerCase());
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
    if (this.#finished) throw new Error("Cannot write() after finish()");
    if (typeof chunk === "string" || chunk instanceof Uint8Array) {
      this.#chunks.push(chunk);
    } else if (Array.isArray(chunk)) {
      throw new TypeError(
        "Cannot write() an array: wrap it in an object for safety",
      );
    } else if (chunk !== null && typeof chunk === "object") {
      this.#chunks.push(jsonForScript(chunk));
      this.setHeader("Content-Type", "application/json; charset=UTF-8");
    } else {
      throw new TypeError(
        `Cannot write() a value of type "${typeof chunk}": write() takes a string, bytes or an object`,
      );
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
    if (this.#finished) throw new Error("Cannot flush() after finish()");
    const stream = this.#stream ?? this.#startStream();
    const chunks = this.#chunks;
    this.#chunks = [];
    if (this.request.method === "HEAD") return;
    for (const chunk of chunks) await stream.write(toBytes(chunk));
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
    if (this.#finished) throw new Error("Cannot finish() twice");
    if (chunk !== undefined) this.write(chunk);
    if (this.#stream !== undefined) {
      const stream = this.#stream;
      const chunks = this.#chunks;
      this.#chunks = [];
      if (this.request.method !== "HEAD") {
        for (const c of chunks) stream.write(toBytes(c)).catch(() => {});
      }
      stream.close();
    } else {
      this.#deliver(this.#buildResponse());
    }
    this.#markFinished();
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
    if (this.#headersWritten) {
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
    if (this.#headersWritten) {
      console.error(`Cannot send error response after headers written`);
      if (!this.#finished) {
        this.#stream?.abort(new Error(`Error ${status} while streaming`));
        this.#markFinished();
      }
      return;
    }
    this.clear();
    const error = options.error;
    const reason = error instanceof HTTPError ? error.reason : undefined;
    this.#status = status;
    this.#reason = safeReason(status, reason);
    const onFailure = (failure: unknown) => {
      console.error("Uncaught exception in writeError()", failure);
    };
    const done = () => {
      if (!this.#finished) this.finish();
    };
    try {
      const result = this.writeError(status, options);
      if (result !== undefined) {
        this.#errorPagePending = true;
        result.catch(onFailure).finally(() => {
          this.#errorPagePending = false;
          done();
        });
        return;
      }
    } catch (failure) {
      onFailure(failure);
    }
    done();
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
    this.finish(errorPage(status, this.#reason));
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
    return this.#lastArgument(
      this.request.arguments,
      name,
      arguments.length > 1 ? defaultValue : MISSING,
      options,
    );
  }

  /** All values of an argument. Tornado: `RequestHandler.get_arguments` */
  getArguments(name: string, options?: ArgumentOptions): string[] {
    return this.#allArguments(this.request.arguments, name, options);
  }

  /** Like `getArgument()`, from the query string only. */
  /** The last value of a query argument; missing: `MissingArgumentError`. */
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
    return this.#lastArgument(
      this.request.queryArguments,
      name,
      arguments.length > 1 ? defaultValue : MISSING,
      options,
    );
  }

  /** All values of a query argument. */
  getQueryArguments(name: string, options?: ArgumentOptions): string[] {
    return this.#allArguments(this.request.queryArguments, name, options);
  }

  /** Like `getArgument()`, from the body only. */
  /** The last value of a body argument; missing: `MissingArgumentError`. */
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
    return this.#lastArgument(
      this.request.bodyArguments,
      name,
      arguments.length > 1 ? defaultValue : MISSING,
      options,
    );
  }

  /** All values of a body argument. */
  getBodyArguments(name: string, options?: ArgumentOptions): string[] {
    return this.#allArguments(this.request.bodyArguments, name, options);
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
    const header = formatSetCookie(name, value, options);
    const cookies = this.#newCookies ??= new Map();
    cookies.delete(name);
    cookies.set(name, header);
  }

  /**
   * Deletes a cookie: sends it empty and expired. Pass the `path` and
   * `domain` it was set with.
   *
   * Tornado: `RequestHandler.clear_cookie`
   */
  clearCookie(name: string, options: ClearCookieOptions = {}): void {
    const header = formatClearCookie(name, options);
    const cookies = this.#newCookies ??= new Map();
    cookies.delete(name);
    cookies.set(name, header);
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
    const { version, ...cookieOptions } = options;
    if (
      cookieOptions.expiresDays === undefined && options.expires === undefined
    ) {
      cookieOptions.expiresDays = 30;
    }
    const signOptions: { version?: number; keyVersion?: number } = {};
    if (version !== undefined) signOptions.version = version;
    if (this.settings.keyVersion !== undefined) {
      signOptions.keyVersion = this.settings.keyVersion;
    }
    const signed = createSignedValue(
      this.#cookieSecret("sign a cookie"),
      name,
      value,
      signOptions,
    );
    this.setCookie(name, signed, cookieOptions);
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
    const secret = this.#cookieSecret("read a signed cookie");
    const value = options.value === undefined
      ? this.getCookie(name)
      : options.value;
    if (value === null) return null;
    const decodeOptions: { maxAgeDays?: number; minVersion?: number } = {};
    if (options.maxAgeDays !== undefined) {
      decodeOptions.maxAgeDays = options.maxAgeDays;
    }
    if (options.minVersion !== undefined) {
      decodeOptions.minVersion = options.minVersion;
    }
    return decodeSignedValue(
      secret,
      name,
      value,
      decodeOptions,
    );
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
    if (this.#xsrfToken === undefined) {
      const raw = this.#rawXsrfToken();
      const version = this.settings.xsrfCookieVersion ?? 2;
      this.#xsrfToken = encodeXsrfToken(raw, { version });
      if (raw.version === null) {
        const options: SetCookieOptions = {
          ...this.settings.xsrfCookieOptions,
        };
        if (options.expiresDays === undefined && this.currentUser) {
          options.expiresDays = 30;
        }
        this.setCookie(XSRF_COOKIE_NAME, this.#xsrfToken, options);
      }
    }
    return this.#xsrfToken;
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
    if (!this.request.cookies.has(XSRF_COOKIE_NAME)) {
      throw new HTTPError(403, "'_xsrf' cookie missing from request");
    }
    const submitted = submittedXsrfToken(
      this.getArgument("_xsrf", null),
      this.request.headers,
    );
    const problem = checkXsrfToken(submitted, this.#rawXsrfToken());
    if (problem !== null) throw new HTTPError(403, problem);
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
    if (this.#finished) throw new Error("Cannot render() after finish()");
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
    const locale = this.locale;
    return {
      handler: this,
      request: this.request,
      currentUser: this.currentUser,
      locale,
      _: locale.translate.bind(locale),
      pgettext: locale.pgettext.bind(locale),
      staticUrl: this.staticUrl.bind(this),
      xsrfFormHtml: this.xsrfFormHtml.bind(this),
      reverseUrl: this.reverseUrl.bind(this),
      escape: xhtmlEscape,
      xhtmlEscape,
      urlEscape,
      jsonEncode,
      squeeze,
      linkify,
      ...uiNamespace(this, this.#activeModules ??= new Map()),
    };
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
    return unique(paths).map((path) =>
      `<script src="${
        xhtmlEscape(this.#resourceUrl(path))
      }" type="text/javascript"></script>`
    ).join("");
  }

  /** Override to change how UI modules' JavaScript is embedded. */
  renderEmbedJs(parts: readonly string[]): string {
    return '<script type="text/javascript">\n//<![CDATA[\n' +
      parts.join("\n") + "\n//]]>\n</script>";
  }

  /**
   * Override to change how UI modules' style sheets are linked. The
   * default writes one `<link>` per distinct file; relative paths go
   * through `staticUrl()`.
   */
  renderLinkedCss(paths: readonly string[]): string {
    return unique(paths).map((path) =>
      `<link href="${
        xhtmlEscape(this.#resourceUrl(path))
      }" type="text/css" rel="stylesheet"/>`
    ).join("");
  }

  /** Override to change how UI modules' CSS is embedded. */
  renderEmbedCss(parts: readonly string[]): string {
    return '<style type="text/css">\n' + parts.join("\n") + "\n</style>";
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
    return etagOf(this.#chunks);
  }

  /** Sets the `Etag` header from `computeEtag()`. */
  setEtagHeader(): void {
    const etag = this.computeEtag();
    if (etag !== null) this.setHeader("Etag", etag);
  }

  /** Whether the request's `If-None-Match` matches the response's ETag. */
  checkEtagHeader(): boolean {
    const etag = this.#headers.get("etag");
    const wanted = this.request.headers.get("if-none-match");
    if (typeof etag !== "string" || wanted === null) return false;
    return etagMatches(wanted, etag);
  }

  #resourceUrl(path: string): string {
    return isAbsoluteResource(path) ? path : this.staticUrl(path);
  }

  #cookieSecret(action: string): SignedValueSecret {
    const secret = this.settings.cookieSecret;
    if (secret === undefined || secret === "") {
      throw new TypeError(
        `Cannot ${action}: the "cookieSecret" setting is missing`,
      );
    }
    return secret;
  }

  #rawXsrfToken(): RawXsrfToken {
    return this.#rawXsrf ??= getRawXsrfToken(
      this.request.cookies.get(XSRF_COOKIE_NAME),
    );
  }

  #lastArgument(
    source: Record<string, string[]>,
    name: string,
    defaultValue: string | null | undefined | typeof MISSING,
    options: ArgumentOptions | undefined,
  ): string | null {
    const values = this.#allArguments(source, name, options);
    if (values.length === 0) {
      if (defaultValue === MISSING) throw new MissingArgumentError(name);
      return defaultValue ?? null;
    }
    return values[values.length - 1]!;
  }

  #allArguments(
    source: Record<string, string[]>,
    name: string,
    options: ArgumentOptions | undefined,
  ): string[] {
    const raw = Object.hasOwn(source, name) ? source[name]! : [];
    const strip = options?.strip ?? true;
    return raw.map((value) => {
      let text = this.decodeArgument(value, name);
      if (CONTROL_CHAR_REGEXP.test(text)) {
        text = text.replace(CONTROL_CHARS_REGEXP, " ");
      }
      return strip ? text.trim() : text;
    });
  }

  #execute(
    options: unknown,
    args: readonly unknown[],
    maxBodySize: number,
  ): Response | Promise<Response> {
    const running = this.#run(options, args, maxBodySize);
    if (this.#response !== undefined) return this.#response;
    return new Promise<Response>((resolve) => {
      this.#resolve = resolve;
      // A run that went async checks for a response itself when it ends.
      if (running === undefined) queueMicrotask(() => this.#afterRun());
    });
  }

  /** Answers a bare 500 when the run ended without any response. */
  #afterRun(): void {
    if (this.#response === undefined && !this.#errorPagePending) {
      this.#deliver(new Response(null, { status: 500 }));
    }
  }

  /**
   * Runs the lifecycle synchronously as far as it can: a request without a
   * body whose `prepare()` and method return no promise needs no async
   * frame (faster, and nothing held while a long poll waits). Returns the
   * promise of the rest when something has to be awaited.
   */
  #run(
    options: unknown,
    args: readonly unknown[],
    maxBodySize: number,
  ): Promise<void> | undefined {
    try {
      this.clear();
      this.initialize(options);
      const request = this.request;
      const ctor = this.constructor as typeof RequestHandler;
      if (!ctor.SUPPORTED_METHODS.includes(request.method)) {
        throw new HTTPError(405);
      }
      if (
        this.onConnectionClose !== RequestHandler.prototype.onConnectionClose
      ) {
        this.#watchConnection();
      }
      const method = request.method;
      const checkXsrf = this.settings.xsrfCookies === true &&
        method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
      if (ctor.streamRequestBody || request.raw.body !== null) {
        return this.#runWithBody(
          ctor.streamRequestBody,
          checkXsrf,
          args,
          maxBodySize,
        );
      }
      if (checkXsrf) this.checkXsrfCookie();
      const prepared = this.prepare();
      if (prepared !== undefined) return this.#finishAfter(prepared, args);
      if (this.#finished) return undefined;
      const result = this.#callMethod(args);
      if (result !== undefined) return this.#finishAfter(result, null);
      if (!this.#finished) this.finish();
    } catch (error) {
      this.#handleException(error);
    }
    return undefined;
  }

  /** Calls the method named by the request's HTTP method. */
  #callMethod(args: readonly unknown[]): unknown {
    const name = METHOD_NAMES[this.request.method] ?? "";
    const fn = (this as unknown as Record<string, unknown>)[name];
    if (typeof fn !== "function") throw new HTTPError(405);
    return fn.apply(this, args);
  }

  /**
   * Awaits `pending` (the promise of `prepare()` when `args` are given,
   * then calls the method; else the method's own), then finishes.
   */
  async #finishAfter(
    pending: unknown,
    args: readonly unknown[] | null,
  ): Promise<void> {
    try {
      await pending;
      if (args !== null) {
        if (this.#finished) return;
        const result = this.#callMethod(args);
        if (result !== undefined) await result;
      }
      if (!this.#finished) this.finish();
    } catch (error) {
      this.#handleException(error);
    } finally {
      this.#afterRun();
    }
  }

  /** The lifecycle of a request with a body, read whole or streamed. */
  async #runWithBody(
    streamed: boolean,
    checkXsrf: boolean,
    args: readonly unknown[],
    maxBodySize: number,
  ): Promise<void> {
    const request = this.request;
    const raw = request.raw;
    try {
      if (streamed) {
        if (checkXsrf) this.checkXsrfCookie();
        const prepared = this.prepare();
        if (prepared !== undefined) await prepared;
        if (this.#finished) return;
        for await (const chunk of iterateBody(raw, maxBodySize)) {
          const received = this.dataReceived(chunk);
          if (received !== undefined) await received;
          if (this.#finished) return;
        }
      } else {
        setRequestBody(request, await readRequestBody(raw, maxBodySize));
        if (checkXsrf) this.checkXsrfCookie();
        const prepared = this.prepare();
        if (prepared !== undefined) await prepared;
        if (this.#finished) return;
      }
      const result = this.#callMethod(args);
      if (result !== undefined) await result;
      if (!this.#finished) this.finish();
    } catch (error) {
      this.#handleException(error);
    } finally {
      this.#afterRun();
    }
  }

  #handleException(error: unknown): void {
    if (error instanceof Finish) {
      if (!this.#finished) this.finish(error.chunk);
      return;
    }
    if (this.#connectionClosed || error instanceof StreamClosedError) {
      if (!this.#finished) this.#markFinished();
      return;
    }
    const summary =
      `${this.request.method} ${this.request.uri} (${this.request.remoteIp})`;
    let status = 500;
    if (error instanceof HTTPError) {
      status = error.statusCode;
      if (error.logMessage !== undefined) {
        console.warn(`${status} ${summary}: ${error.logMessage}`);
      }
    } else {
      console.error(`Uncaught exception ${summary}`, error);
      recordRequestError(error);
    }
    if (this.#finished) return;
    this.sendError(status, { error });
  }

  #watchConnection(): void {
    const signal = this.request.raw.signal;
    const listener = () => this.#connectionLost();
    this.#closeListener = listener;
    signal.addEventListener("abort", listener, { once: true });
  }

  #connectionLost(): void {
    if (this.#connectionClosed || this.#finished) return;
    this.#connectionClosed = true;
    try {
      this.onConnectionClose();
    } catch (error) {
      console.error("Uncaught exception in onConnectionClose()", error);
    }
  }

  #startStream(): ResponseStream {
    const stream = new ResponseStream(() => {
      this.#connectionLost();
      this.#connectionClosed = true;
    });
    this.#stream = stream;
    this.#headersWritten = true;
    this.#deliver(this.#makeResponse(stream.readable));
    return stream;
  }

  #buildResponse(): Response {
    const status = this.#status;
    const method = this.request.method;
    if (
      status === 200 && (method === "GET" || method === "HEAD") &&
      !this.#headers.has("etag")
    ) {
      this.setEtagHeader();
      if (this.checkEtagHeader()) {
        this.#chunks = [];
        this.#status = 304;
        this.#reason = reasonFor(304);
      }
    }
    if (this.#status === 204 || this.#status === 304 || this.#status < 200) {
      for (
        const name of ["content-type", "content-encoding", "content-language"]
      ) {
        this.#headers.delete(name);
      }
      return this.#makeResponse(null);
    }
    const body = joinChunks(this.#chunks);
    if (this.settings.compressResponse && body.length >= MIN_COMPRESS_LENGTH) {
      const compressed = this.#maybeCompress(body);
      if (compressed !== null) return this.#makeResponse(compressed);
    }
    if (method === "HEAD") {
      if (!this.#headers.has("content-length") && body.length > 0) {
        this.#headers.set("content-length", String(toBytes(body).length));
      }
      return this.#makeResponse(null);
    }
    return this.#makeResponse(body as BodyInit);
  }

  #maybeCompress(body: string | Uint8Array): ReadableStream<Uint8Array> | null {
    this.addHeader("Vary", "Accept-Encoding");
    const type = this.#headers.get("content-type");
    if (typeof type !== "string" || !isCompressible(type)) return null;
    if (this.#headers.has("content-encoding")) return null;
    if (!acceptsGzip(this.request.headers.get("accept-encoding"))) return null;
    this.#headers.set("content-encoding", "gzip");
    this.#headers.delete("content-length");
    if (this.request.method === "HEAD") return null;
    return gzipStream(new Blob([body as BlobPart]).stream());
  }

  #makeResponse(body: BodyInit | null): Response {
    const headers: [string, string][] = [];
    for (const [name, value] of this.#headers) {
      if (typeof value === "string") headers.push([name, value]);
      else for (const v of value) headers.push([name, v]);
    }
    if (this.#newCookies !== undefined) {
      for (const cookie of this.#newCookies.values()) {
        headers.push(["set-cookie", cookie]);
      }
    }
    const status = this.#status;
    // Deno writes the standard phrase on the wire whatever statusText says,
    // and a statusText costs its serve path ~10%: pass only a custom one.
    return STATUS_REASONS.get(status) === this.#reason
      ? new Response(body, { status, headers })
      : new Response(body, { status, statusText: this.#reason, headers });
  }

  #deliver(response: Response): void {
    if (this.#response !== undefined) return;
    this.#response = response;
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.(response);
  }

  #markFinished(): void {
    this.#finished = true;
    endRequest(this.request);
    if (this.#closeListener !== undefined) {
      this.request.raw.signal.removeEventListener("abort", this.#closeListener);
      this.#closeListener = undefined;
    }
    try {
      this.application.logRequest(this);
    } catch (error) {
      console.error("Uncaught exception in logFunction", error);
    }
    try {
      const result = this.onFinish();
      if (result !== undefined) {
        result.catch((error) =>
          console.error("Uncaught exception in onFinish()", error)
        );
      }
    } catch (error) {
      console.error("Uncaught exception in onFinish()", error);
    }
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
  staticUrl(
    path: string,
    options: { includeHost?: boolean; includeVersion?: boolean } = {},
  ): string {
    return staticUrlFor(this.settings, this.request, path, options);
  }
}

function checkHeaderName(name: string): string {
  if (!HEADER_NAME_REGEXP.test(name)) {
    throw new TypeError(`Cannot set header "${name}": invalid header name`);
  }
  return name.toLowerCase();
}

function headerValue(value: HeaderValue): string {
  const text = typeof value === "string"
    ? value
    : value instanceof Date
    ? value.toUTCString()
    : String(value);
  if (UNSAFE_HEADER_REGEXP.test(text)) {
    throw new TypeError(
      `Cannot set header value ${
        JSON.stringify(text)
      }: it holds a control character`,
    );
  }
  return text;
}
