/**
 * Method decorators for handlers: {@linkcode authenticated},
 * {@linkcode removeslash} and {@linkcode addslash} (TC39 decorators).
 *
 * @module
 */

import { urlConcat } from "../_internal/url_concat.ts";
import { HTTPError } from "./errors.ts";
import type { RequestHandler } from "./request_handler.ts";

/** A handler method, as the decorators here take and return it. */
export type HandlerMethod<This, Args extends unknown[], Return> = (
  this: This,
  ...args: Args
) => Return;

const ABSOLUTE_URL_REGEXP = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

const ASYNC_FUNCTION_PROTOTYPE: unknown = Object.getPrototypeOf(
  async function () {},
);

/**
 * What a wrapped method returns when the decorator answered instead of it:
 * a resolved promise for an `async` method, so that the wrapper keeps the
 * method's type, else `undefined` (the dispatcher awaits only thenables).
 */
function skipped<Return>(method: HandlerMethod<never, never, Return>): Return {
  const isAsync = Object.getPrototypeOf(method) === ASYNC_FUNCTION_PROTOTYPE;
  return (isAsync ? Promise.resolve() : undefined) as Return;
}

/**
 * Lets only signed-in users (a truthy `currentUser`) call the method.
 * Anonymous GET and HEAD requests are redirected to the login URL with
 * `next=` set to the page they asked for (the full URL when the login URL
 * is absolute); other methods get 403.
 *
 * Tornado: `@tornado.web.authenticated`
 *
 * @example Protect a page
 * ```ts
 * import { Application, authenticated, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Account extends RequestHandler {
 *   @authenticated
 *   override get(): void {
 *     this.write("your account");
 *   }
 * }
 * const app = new Application([["/account", Account]], {
 *   loginUrl: "/login",
 *   logFunction: () => {},
 * });
 * const response = await app.fetch(new Request("http://localhost/account"));
 * assert.equal(response.status, 302);
 * assert.equal(response.headers.get("location"), "/login?next=%2Faccount");
 * ```
 */
export function authenticated<
  This extends RequestHandler<unknown>,
  Args extends unknown[],
  Return,
>(
  method: HandlerMethod<This, Args, Return>,
  _context: ClassMethodDecoratorContext<
    This,
    HandlerMethod<This, Args, Return>
  >,
): HandlerMethod<This, Args, Return> {
  return function (this: This, ...args: Args): Return {
    if (!this.currentUser) {
      const verb = this.request.method;
      if (verb === "GET" || verb === "HEAD") {
        let target = this.getLoginUrl();
        if (!target.includes("?")) {
          const next = ABSOLUTE_URL_REGEXP.test(target)
            ? this.request.fullUrl()
            : this.request.uri;
          // Before any fragment, encoded as Python's urlencode.
          target = urlConcat(target, { next });
        }
        this.redirect(target);
        return skipped(method);
      }
      throw new HTTPError(403);
    }
    return method.apply(this, args);
  };
}

/**
 * Redirects requests whose path ends in `/` to the path without it (GET and
 * HEAD; other methods get 404).
 *
 * Tornado: `@tornado.web.removeslash`
 *
 * @example Canonical paths without a trailing slash
 * ```ts
 * import { Application, removeslash, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Page extends RequestHandler {
 *   @removeslash
 *   override get(): void {
 *     this.write("page");
 *   }
 * }
 * const app = new Application([["/page/?", Page]], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/page/?a=1"));
 * assert.equal(response.headers.get("location"), "/page?a=1");
 * ```
 */
export function removeslash<
  This extends RequestHandler<unknown>,
  Args extends unknown[],
  Return,
>(
  method: HandlerMethod<This, Args, Return>,
  _context: ClassMethodDecoratorContext<
    This,
    HandlerMethod<This, Args, Return>
  >,
): HandlerMethod<This, Args, Return> {
  return slashRedirect(method, (path) => {
    if (!path.endsWith("/")) return null;
    const trimmed = path.replace(/\/+$/, "");
    if (trimmed === "") throw new HTTPError(404);
    return trimmed;
  });
}

/**
 * Redirects requests whose path lacks a trailing `/` to the path with it
 * (GET and HEAD; other methods get 404).
 *
 * Tornado: `@tornado.web.addslash`
 *
 * @example Directory-style paths
 * ```ts
 * import { addslash, Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Dir extends RequestHandler {
 *   @addslash
 *   override get(): void {
 *     this.write("listing");
 *   }
 * }
 * const app = new Application([["/docs/?", Dir]], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/docs"));
 * assert.equal(response.headers.get("location"), "/docs/");
 * ```
 */
export function addslash<
  This extends RequestHandler<unknown>,
  Args extends unknown[],
  Return,
>(
  method: HandlerMethod<This, Args, Return>,
  _context: ClassMethodDecoratorContext<
    This,
    HandlerMethod<This, Args, Return>
  >,
): HandlerMethod<This, Args, Return> {
  return slashRedirect(
    method,
    (path) => path.endsWith("/") ? null : path + "/",
  );
}

/**
 * Wraps `method` so that a request whose path `fix` changes is redirected
 * (301, query kept) to the fixed path: GET and HEAD only, others get 404.
 */
function slashRedirect<
  This extends RequestHandler<unknown>,
  Args extends unknown[],
  Return,
>(
  method: HandlerMethod<This, Args, Return>,
  fix: (path: string) => string | null,
): HandlerMethod<This, Args, Return> {
  return function (this: This, ...args: Args): Return {
    const { path, query, method: verb } = this.request;
    const fixed = fix(path);
    if (fixed === null) return method.apply(this, args);
    if (verb !== "GET" && verb !== "HEAD") throw new HTTPError(404);
    this.redirect(query === "" ? fixed : `${fixed}?${query}`, {
      permanent: true,
    });
    return skipped(method);
  };
}
