/**
 * {@linkcode withServer}: runs code against an application on a real
 * socket.
 *
 * @module
 */

import type { Application } from "../web/mod.ts";

/**
 * Serves `app` on a free port of 127.0.0.1, calls `fn` with the base URL
 * (`http://127.0.0.1:PORT`, no trailing slash) and shuts the server down
 * when `fn` settles, whatever happens. Returns what `fn` returns.
 *
 * @example Fetch over a socket
 * ```ts
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import { withServer } from "@tornado-deno/tornado/testing";
 * import assert from "node:assert/strict";
 *
 * class Hello extends RequestHandler {
 *   override get(): void {
 *     this.write("hi");
 *   }
 * }
 * const app = new Application([["/", Hello]], { logFunction: () => {} });
 * const text = await withServer(app, async (baseUrl) => {
 *   return await (await fetch(baseUrl + "/")).text();
 * });
 * assert.equal(text, "hi");
 * ```
 */
export async function withServer<T>(
  app: Application,
  fn: (baseUrl: string) => T | Promise<T>,
): Promise<T> {
  const server = app.listen(0, { hostname: "127.0.0.1" });
  try {
    return await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}
