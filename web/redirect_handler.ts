/**
 * {@linkcode RedirectHandler}: redirects every request to a URL.
 *
 * @module
 */

import { urlConcat } from "../_internal/url_concat.ts";
import { RequestHandler } from "./request_handler.ts";

/** Options of {@linkcode RedirectHandler}. */
export interface RedirectHandlerOptions {
  /**
   * Where to send the client. `{0}`, `{1}`, ... are replaced by the route's
   * groups, `{name}` by named groups.
   */
  url: string;
  /** 301 when `true` (the default), else 302. */
  permanent?: boolean;
}

const FIELD_REGEXP = /\{(\w*)\}/g;

/**
 * Redirects GET requests to a URL built from the route's groups, adding the
 * request's query arguments to its query (before any fragment) as Tornado's
 * `url_concat` does.
 *
 * Tornado: `tornado.web.RedirectHandler`
 *
 * @example Move pictures
 * ```ts
 * import { Application, RedirectHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const app = new Application([
 *   ["/pictures/(.*)", RedirectHandler, { url: "/photos/{0}" }],
 * ], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/pictures/a.jpg?s=1"));
 * assert.equal(response.status, 301);
 * assert.equal(response.headers.get("location"), "/photos/a.jpg?s=1");
 * ```
 */
export class RedirectHandler extends RequestHandler {
  #url = "";
  #permanent = true;

  /** Takes `{ url, permanent }`. */
  override initialize(options: RedirectHandlerOptions): void {
    this.#url = options.url;
    this.#permanent = options.permanent ?? true;
  }

  /** Redirects. */
  override get(...args: unknown[]): void {
    const named = args.length === 1 && typeof args[0] === "object" &&
        args[0] !== null
      ? args[0] as Record<string, unknown>
      : {};
    let auto = 0;
    let target = this.#url.replace(FIELD_REGEXP, (_, field: string) => {
      const key = field === "" ? String(auto++) : field;
      const value = /^\d+$/.test(key) ? args[Number(key)] : named[key];
      return value === undefined || value === null ? "" : String(value);
    });
    const pairs: [string, string][] = [];
    for (const [name, values] of Object.entries(this.request.queryArguments)) {
      for (const value of values) pairs.push([name, value]);
    }
    if (pairs.length > 0) target = urlConcat(target, pairs);
    this.redirect(target, { permanent: this.#permanent });
  }
}
