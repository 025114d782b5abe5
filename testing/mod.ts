/**
 * Testing helpers: {@linkcode AppTestClient} drives an application without
 * a socket; {@linkcode withServer} serves it on a free loopback port.
 *
 * @example Test without a socket
 * ```ts
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import { AppTestClient } from "@tornado-deno/tornado/testing";
 * import assert from "node:assert/strict";
 *
 * class Ping extends RequestHandler {
 *   override get(): void {
 *     this.write({ pong: true });
 *   }
 * }
 * const client = new AppTestClient(new Application([["/ping", Ping]], { logFunction: () => {} }));
 * assert.deepEqual(await (await client.fetch("/ping")).json(), { pong: true });
 * ```
 *
 * @module
 */
export { AppTestClient } from "./app_test_client.ts";
export { withServer } from "./with_server.ts";
