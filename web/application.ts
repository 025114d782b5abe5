/**
 * {@linkcode Application}: routes, settings and the fetch handler.
 *
 * @module
 */

import { hasHostHeader, HTTPServerRequest, setServeInfo } from "./request.ts";
import { executeHandler } from "./request_handler.ts";
import type { RequestHandler } from "./request_handler.ts";
import { ErrorHandler } from "./error_handler.ts";
import {
  type HostRoutes,
  type PathArguments,
  type Route,
  RouteTable,
  toURLSpec,
  type URLSpec,
} from "./routing.ts";
import {
  type ApplicationSettings,
  checkLimits,
  DEFAULT_MAX_BODY_SIZE,
  type MultipartLimits,
} from "./settings.ts";
import { defaultLogFunction } from "./_log.ts";
import { type ListenOptions, type Server, startServer } from "./server.ts";
import { errorPage } from "./_error_page.ts";
import { staticRoutes } from "./static_file_handler.ts";
import { nameRequestSpan } from "./_tracing.ts";

/** How one request is taken in: proxy trust and body limit. */
export interface IntakeOptions {
  /** Trust the proxy headers. */
  xheaders: boolean;
  /** Largest body accepted, in bytes. */
  maxBodySize: number;
  /** Refuse requests without a `Host` header (real sockets). */
  requireHost: boolean;
  /** Limits for multipart bodies (the setting). */
  multipartLimits: MultipartLimits | undefined;
}

const NOT_FOUND: readonly [URLSpec, PathArguments] = [
  toURLSpec(["", ErrorHandler, { statusCode: 404 }]),
  [],
];
const BAD_REQUEST: readonly [URLSpec, PathArguments] = [
  toURLSpec(["", ErrorHandler, { statusCode: 400 }]),
  [],
];

/**
 * A web application: a table of routes and the settings handlers share.
 * `app.fetch` is a standard fetch handler, so `export default app` serves
 * with `deno serve` and on Deno Deploy; `app.listen(port)` starts a server.
 *
 * Tornado: `tornado.web.Application`
 *
 * @example Routes and a request
 * ```ts
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class MainHandler extends RequestHandler {
 *   override get(): void {
 *     this.write("Hello, world");
 *   }
 * }
 * const app = new Application([["/", MainHandler]], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/"));
 * assert.equal(await response.text(), "Hello, world");
 * ```
 */
export class Application {
  /** The settings, with `debug` defaults applied. */
  readonly settings: ApplicationSettings;
  #hosts: HostRoutes[] = [];
  #wildcard: RouteTable;
  #named: Map<string, URLSpec> = new Map();
  #defaultRoute: readonly [URLSpec, PathArguments] = NOT_FOUND;
  #intake: IntakeOptions;

  /**
   * Makes an application from a route table and settings.
   *
   * @param routes The route table, matched in order; the first match wins.
   * @param settings Settings shared by every handler.
   * @throws {SyntaxError} When a pattern is not a valid regular expression.
   * @throws {RangeError} When `bodyTimeout` or a `multipartLimits` value is
   * not a positive number.
   */
  constructor(
    routes: readonly Route[] = [],
    settings: ApplicationSettings = {},
  ) {
    const s: ApplicationSettings = { ...settings };
    if (s.debug) {
      s.autoreload ??= true;
      s.compiledTemplateCache ??= false;
      s.staticHashCache ??= false;
      s.serveTraceback ??= true;
    }
    this.settings = s;
    const specs = this.#compile(routes);
    if (s.staticPath) specs.unshift(...this.#compile(staticRoutes(s)));
    this.#wildcard = new RouteTable(specs);
    if (s.defaultHandlerClass !== undefined) {
      this.#defaultRoute = [
        toURLSpec(["", s.defaultHandlerClass, s.defaultHandlerArgs ?? {}]),
        [],
      ];
    }
    checkLimits(s);
    this.#intake = {
      xheaders: s.xheaders ?? false,
      maxBodySize: s.maxBodySize ?? DEFAULT_MAX_BODY_SIZE,
      requireHost: false,
      multipartLimits: s.multipartLimits,
    };
  }

  /**
   * Adds routes for requests whose host name (without the port) matches
   * `hostPattern`, a regular expression anchored at both ends. Host routes
   * are tried before the routes given to the constructor, in the order
   * they were added.
   *
   * Tornado: `Application.add_handlers`
   */
  addHandlers(hostPattern: string, routes: readonly Route[]): void {
    let source = hostPattern.startsWith("^")
      ? hostPattern.slice(1)
      : hostPattern;
    if (source.endsWith("$")) source = source.slice(0, -1);
    this.#hosts.push({
      host: new RegExp(`^(?:${source})$`, "i"),
      routes: new RouteTable(this.#compile(routes)),
    });
  }

  /**
   * Returns the path of the named route with `args` filled in (escaped).
   *
   * Tornado: `Application.reverse_url`
   *
   * @throws {Error} When no route has that name.
   */
  reverseUrl(name: string, ...args: unknown[]): string {
    const spec = this.#named.get(name);
    if (spec === undefined) {
      throw new Error(`Cannot reverse "${name}": no route has that name`);
    }
    return spec.reverse(...args);
  }

  /**
   * Handles a request: a standard fetch handler, bound to the application,
   * for `deno serve`, Deno Deploy and tests. Proxy headers are trusted only
   * with the `xheaders` setting.
   */
  fetch = (
    request: Request,
    info?: Deno.ServeHandlerInfo,
  ): Promise<Response> => {
    const result = this.#handle(request, info, this.#intake);
    return result instanceof Response ? Promise.resolve(result) : result;
  };

  /**
   * Starts serving on `port` with `Deno.serve`; port `0` picks a free one.
   *
   * Tornado: `Application.listen`
   *
   * @example Listen on a free port
   * ```ts
   * import { Application } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * const server = new Application([]).listen(0, { hostname: "127.0.0.1" });
   * assert.ok(server.addr.port > 0);
   * await server.shutdown();
   * ```
   */
  listen(port: number, options: ListenOptions = {}): Server {
    const intake: IntakeOptions = {
      xheaders: options.xheaders ?? this.#intake.xheaders,
      maxBodySize: options.maxBodySize ?? this.#intake.maxBodySize,
      // HTTP/2 (over TLS) carries the host in `:authority`, not `Host`.
      requireHost: options.cert === undefined,
      multipartLimits: this.#intake.multipartLimits,
    };
    return startServer(
      (request, info) => this.#handle(request, info, intake),
      port,
      options,
    );
  }

  /**
   * Writes the access log for a finished request through the
   * `logFunction` setting (by default: `200 GET / (127.0.0.1) 0.42ms`).
   *
   * Tornado: `Application.log_request`
   */
  logRequest(handler: RequestHandler): void {
    (this.settings.logFunction ?? defaultLogFunction)(handler);
  }

  #compile(routes: readonly Route[]): URLSpec[] {
    const specs = routes.map(toURLSpec);
    for (const spec of specs) {
      if (spec.name !== undefined) this.#named.set(spec.name, spec);
    }
    return specs;
  }

  #find(request: HTTPServerRequest): readonly [URLSpec, PathArguments] {
    const path = request.path;
    try {
      if (this.#hosts.length > 0) {
        const host = hostName(request.host);
        for (const rule of this.#hosts) {
          if (rule.host === null || !rule.host.test(host)) continue;
          const found = rule.routes.match(path);
          if (found !== null) return found;
        }
      }
      return this.#wildcard.match(path) ??
        this.#defaultHostMatch(request, path) ?? this.#defaultRoute;
    } catch {
      return BAD_REQUEST; // bad percent-encoding in a path argument
    }
  }

  /**
   * Tornado's `DefaultHostMatches`: after every other route, the routes of
   * host rules whose pattern matches the `defaultHost` setting, unless the
   * request came through a proxy (it has `X-Real-IP`).
   */
  #defaultHostMatch(
    request: HTTPServerRequest,
    path: string,
  ): readonly [URLSpec, PathArguments] | null {
    const host = this.settings.defaultHost;
    if (host === undefined || request.headers.has("x-real-ip")) return null;
    for (const rule of this.#hosts) {
      if (rule.host === null || !rule.host.test(host)) continue;
      const found = rule.routes.match(path);
      if (found !== null) return found;
    }
    return null;
  }

  #handle(
    raw: Request,
    info: Deno.ServeHandlerInfo | undefined,
    intake: IntakeOptions,
  ): Response | Promise<Response> {
    // The intake options double as the request options (no object per
    // request); the remote address is read from `info` only when used.
    const request = new HTTPServerRequest(raw, intake);
    if (info !== undefined) setServeInfo(request, info);
    const [spec, args] = intake.requireHost && !hasHostHeader(request)
      ? BAD_REQUEST
      : this.#find(request);
    nameRequestSpan(request.method, spec, spec.handlerClass);
    try {
      const handler = new spec.handlerClass(this, request);
      return executeHandler(handler, spec.options, args, intake.maxBodySize);
    } catch (error) {
      console.error(`Cannot create a handler for ${request.uri}`, error);
      return new Response(errorPage(500, "Internal Server Error"), {
        status: 500,
        headers: { "content-type": "text/html; charset=UTF-8" },
      });
    }
  }
}

function hostName(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return host.slice(0, end + 1).toLowerCase();
  }
  const colon = host.lastIndexOf(":");
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}
