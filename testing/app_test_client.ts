/**
 * {@linkcode AppTestClient}: drives an application without a socket.
 *
 * @module
 */

import type { Application } from "../web/mod.ts";
import { CookieJar } from "./_cookie_jar.ts";

/**
 * Calls `app.fetch` directly, with no socket, accepting relative URLs and
 * keeping cookies between requests like a browser. Redirects are not
 * followed, so tests see them.
 *
 * Tornado: `tornado.testing.AsyncHTTPTestCase.fetch`
 *
 * @example Test a handler
 * ```ts
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import { AppTestClient } from "@tornado-deno/tornado/testing";
 * import assert from "node:assert/strict";
 *
 * class Hello extends RequestHandler {
 *   override get(): void {
 *     this.write("Hello, " + this.getArgument("name", "world"));
 *   }
 * }
 * const client = new AppTestClient(
 *   new Application([["/", Hello]], { logFunction: () => {} }),
 * );
 * const response = await client.fetch("/?name=Deno");
 * assert.equal(await response.text(), "Hello, Deno");
 * ```
 */
export class AppTestClient {
  /** The base URL relative paths are resolved against. */
  readonly baseUrl: string;
  #app: Application;
  #jar: CookieJar = new CookieJar();

  /**
   * Makes a client for an application.
   *
   * @param app The application under test.
   * @param options `baseUrl` for relative paths (default
   * `http://127.0.0.1`).
   */
  constructor(app: Application, options: { baseUrl?: string } = {}) {
    this.#app = app;
    this.baseUrl = options.baseUrl ?? "http://127.0.0.1";
  }

  /**
   * Sends a request to the application and returns its response. The
   * kept cookies are sent (unless the request sets its own `Cookie`) and
   * the response's `Set-Cookie` headers are kept.
   */
  async fetch(path: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(path, this.baseUrl);
    const headers = new Headers(init.headers);
    const cookie = this.#jar.header(target.pathname);
    if (cookie !== null && !headers.has("cookie")) {
      headers.set("cookie", cookie);
    }
    const response = await this.#app.fetch(
      new Request(target, { ...init, headers }),
    );
    this.#jar.update(response);
    return response;
  }

  /** The value of a kept cookie. */
  getCookie(name: string): string | undefined {
    return this.#jar.get(name);
  }

  /** Forgets the kept cookies. */
  clearCookies(): void {
    this.#jar.clear();
  }
}
