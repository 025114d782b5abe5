/**
 * Tornado for Deno: a TypeScript re-creation of Python's Tornado web
 * framework, built on `Deno.serve`.
 *
 * @example Hello, world
 * ```ts ignore
 * import { Application, RequestHandler } from "@tornado-deno/tornado";
 *
 * class MainHandler extends RequestHandler {
 *   override get(): void {
 *     this.write("Hello, world");
 *   }
 * }
 *
 * const app = new Application([["/", MainHandler]]);
 * app.listen(8888);
 * ```
 *
 * @module
 */
export * from "./web/mod.ts";
export * from "./template/mod.ts";
export * from "./escape/mod.ts";
export * from "./httpclient/mod.ts";
export * from "./options/mod.ts";
export * from "./locale/mod.ts";
export * from "./testing/mod.ts";
export * from "./auth/mod.ts";
export * from "./websocket/mod.ts";
