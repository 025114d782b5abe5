/**
 * The settings of an {@linkcode Application}.
 *
 * @module
 */

import type { RequestHandler } from "./request_handler.ts";
import type { RequestHandlerClass } from "./routing.ts";
import type { SetCookieOptions } from "./cookies.ts";
import type { BaseLoader, WhitespaceMode } from "../template/mod.ts";
import type { UIMethod, UIModuleClass } from "./ui_module.ts";

/**
 * Settings of an `Application`, Tornado's `**settings` in camelCase. Every
 * key is optional; keys of your own are allowed and read back with
 * `this.settings` in a handler.
 *
 * Tornado: `Application.settings`
 *
 * @example Settings, with one of your own
 * ```ts
 * import {
 *   Application,
 *   type ApplicationSettings,
 *   RequestHandler,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Home extends RequestHandler {
 *   override get(): void {
 *     this.write(String(this.settings.siteName));
 *   }
 * }
 * const settings: ApplicationSettings = {
 *   cookieSecret: "a long random string",
 *   xsrfCookies: true,
 *   logFunction: () => {},
 *   siteName: "My site", // a key of your own
 * };
 * const app = new Application([["/", Home]], settings);
 * const response = await app.fetch(new Request("http://localhost/"));
 * assert.equal(await response.text(), "My site");
 * ```
 */
export interface ApplicationSettings {
  /** Secret for signed cookies: a string, or key versions to secrets. */
  cookieSecret?: string | Record<number, string>;
  /** The key version used to sign new values when `cookieSecret` is a map. */
  keyVersion?: number;
  /** Where `@authenticated` sends anonymous users. */
  loginUrl?: string;
  /** Turns on XSRF protection for POST, PUT, PATCH and DELETE. */
  xsrfCookies?: boolean;
  /** Options for the `_xsrf` cookie (as `setCookie` takes). */
  xsrfCookieOptions?: SetCookieOptions;
  /** Version of new XSRF tokens (2, Tornado's default). */
  xsrfCookieVersion?: number;
  /** Directory of static files; adds the static route. */
  staticPath?: string;
  /** URL prefix of static files (default `/static/`). */
  staticUrlPrefix?: string;
  /** Handler class for static files (default `StaticFileHandler`). */
  staticHandlerClass?: RequestHandlerClass;
  /** Options handed to the static handler's `initialize()`. */
  staticHandlerArgs?: Record<string, unknown>;
  /** Cache file hashes for `staticUrl()` (default: on, off in debug). */
  staticHashCache?: boolean;
  /** Directory of templates for `render()`. */
  templatePath?: string;
  /** A template loader to use instead of one made from `templatePath`. */
  templateLoader?: BaseLoader;
  /** Name of the escape function in templates, or `null` for none. */
  autoescape?: string | null;
  /** Whitespace mode of templates: `all`, `single` or `oneline`. */
  templateWhitespace?: WhitespaceMode;
  /** Keep compiled templates between requests (default: on, off in debug). */
  compiledTemplateCache?: boolean;
  /** UI modules by name, usable with `{% module Name(...) %}`. */
  uiModules?: Record<string, UIModuleClass>;
  /** Functions called as `name(handler, ...args)` from templates. */
  uiMethods?: Record<string, UIMethod>;
  /** Debug mode: tracebacks on error pages, no template or hash caches. */
  debug?: boolean;
  /**
   * Accepted for Tornado compatibility; reloading on change is done by
   * `deno run --watch`.
   */
  autoreload?: boolean;
  /** Put the stack trace on 500 pages (default: the value of `debug`). */
  serveTraceback?: boolean;
  /** Compress responses with gzip when the client accepts it. */
  compressResponse?: boolean;
  /**
   * A host name (Tornado's `default_host`): a request whose host matches no
   * `addHandlers()` rule, and no route given to the constructor, uses the
   * routes of the rules whose pattern matches this name, unless it carries
   * `X-Real-IP` (it came through a proxy).
   */
  defaultHost?: string;
  /** Handler class for requests no route matches (default: a 404 page). */
  defaultHandlerClass?: RequestHandlerClass;
  /** Options handed to `defaultHandlerClass`'s `initialize()`. */
  defaultHandlerArgs?: unknown;
  /** Called once per finished request; the default writes an access log. */
  logFunction?: (handler: RequestHandler) => void;
  /**
   * The format of the default access log: `"text"` (default,
   * `200 GET / (127.0.0.1) 0.42ms`) or `"json"`, one JSON object per line
   * (`time`, `level`, `status`, `method`, `uri`, `remoteIp`, `durationMs`,
   * `userAgent`, `handler`) for log collectors.
   */
  logFormat?: "text" | "json";
  /** Largest request body accepted, in bytes (default 100 MB). */
  maxBodySize?: number;
  /**
   * Seconds a request body may take to arrive (Tornado's `body_timeout`);
   * past it, the request ends with 408 and a log line. Default: no limit.
   */
  bodyTimeout?: number;
  /**
   * Limits for `multipart/form-data` bodies: `maxParts` (default 100) and
   * `maxPartHeaderSize` in bytes (default 10 KiB), Tornado 6.5's defaults.
   * Past one the request gets 400.
   */
  multipartLimits?: MultipartLimits;
  /**
   * Trust `X-Real-IP`/`X-Forwarded-For` and `X-Scheme`/`X-Forwarded-Proto`
   * (for `deno serve` and Deno Deploy; `listen()` takes it as an option).
   */
  xheaders?: boolean;
  /** Seconds between websocket pings. */
  websocketPingInterval?: number;
  /** Largest websocket message accepted, in bytes (default 10 MiB). */
  websocketMaxMessageSize?: number;
  /** Any setting of your own. */
  [key: string]: unknown;
}

/**
 * Limits on a `multipart/form-data` body (the `multipartLimits` setting).
 * Past one, the request gets 400 without the rest of the body being looked
 * at.
 *
 * Tornado: `tornado.httputil.ParseMultipartConfig` (6.5)
 */
export interface MultipartLimits {
  /** Most parts in one body (default 100, as Tornado 6.5). */
  maxParts?: number;
  /** Most bytes in the headers of one part (default 10 KiB, as Tornado 6.5). */
  maxPartHeaderSize?: number;
}

/** The default largest request body, as Tornado's: 100 MB. */
export const DEFAULT_MAX_BODY_SIZE = 100 * 1024 * 1024;

/**
 * Checks the limits among the settings (`bodyTimeout`, `multipartLimits`),
 * so that a typo fails when the application is made, not on a request.
 *
 * @throws {RangeError} For a limit that is not a positive number.
 */
export function checkLimits(settings: ApplicationSettings): void {
  const { bodyTimeout, multipartLimits } = settings;
  if (bodyTimeout !== undefined) positive("bodyTimeout", bodyTimeout);
  if (multipartLimits?.maxParts !== undefined) {
    positive("multipartLimits.maxParts", multipartLimits.maxParts);
  }
  if (multipartLimits?.maxPartHeaderSize !== undefined) {
    positive(
      "multipartLimits.maxPartHeaderSize",
      multipartLimits.maxPartHeaderSize,
    );
  }
}

function positive(name: string, value: unknown): void {
  if (typeof value !== "number" || !(value > 0) || value === Infinity) {
    throw new RangeError(
      `Cannot use setting "${name}" of ${value}: it must be a positive number`,
    );
  }
}
