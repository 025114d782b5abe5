/**
 * The web framework: {@linkcode Application}, {@linkcode RequestHandler},
 * routing, errors and the built-in handlers.
 *
 * A request goes through these steps:
 *
 * 1. `app.fetch(request)` (or the server from `app.listen()`) builds an
 *    {@linkcode HTTPServerRequest} and finds the first route whose pattern
 *    matches the path (host routes from `addHandlers()` first; those of
 *    the `defaultHost` last).
 * 2. A handler is made with `pathArgs`/`pathKwargs` set;
 *    `initialize(options)` gets the route's options.
 * 3. Methods outside `SUPPORTED_METHODS` get 405; the body is read (413
 *    past `maxBodySize`, 408 past `bodyTimeout`).
 * 4. `prepare()` runs, then the method (`get`, `post`, ...) with the route's
 *    groups as arguments; both may be `async`.
 * 5. `finish()` sends the response (automatically when the method returns);
 *    then the access log is written and `onFinish()` runs.
 *
 * @example Hello, world
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
 *
 * @module
 */
export { Application } from "./application.ts";
export { type ApplicationSettings, type MultipartLimits } from "./settings.ts";
export {
  type PathArguments,
  type RequestHandlerClass,
  type Route,
  url,
  URLSpec,
} from "./routing.ts";
export { type ListenOptions, type Server } from "./server.ts";
export { startApp, type StartOptions } from "./start_app.ts";
export {
  TemplateModule,
  type TemplateResources,
  type UIMethod,
  UIModule,
  type UIModuleClass,
} from "./ui_module.ts";
export {
  type HTTPFile,
  HTTPServerRequest,
  type HTTPServerRequestOptions,
} from "./request.ts";
export {
  type ArgumentOptions,
  type GetSignedCookieOptions,
  type HeaderValue,
  type MaybePromise,
  type RedirectOptions,
  RequestHandler,
  type SendErrorOptions,
  type SetSignedCookieOptions,
  type WriteChunk,
} from "./request_handler.ts";
export { type SendEventOptions } from "./request_handler.ts";
export {
  addslash,
  authenticated,
  type HandlerMethod,
  removeslash,
} from "./decorators.ts";
export {
  createSignedValue,
  type CreateSignedValueOptions,
  decodeSignedValue,
  type DecodeSignedValueOptions,
  getSignatureKeyVersion,
  type SignedValueSecret,
} from "./signed_value.ts";
export { type ClearCookieOptions, type SetCookieOptions } from "./cookies.ts";
export {
  Finish,
  HTTPError,
  type HTTPErrorOptions,
  MissingArgumentError,
  StreamClosedError,
} from "./errors.ts";
export { ErrorHandler, type ErrorHandlerOptions } from "./error_handler.ts";
export {
  RedirectHandler,
  type RedirectHandlerOptions,
} from "./redirect_handler.ts";
export {
  FallbackHandler,
  type FallbackHandlerOptions,
} from "./fallback_handler.ts";
export {
  type ContentRangeOptions,
  type MakeStaticUrlOptions,
  StaticFileHandler,
  type StaticFileHandlerOptions,
  type StaticUrlOptions,
} from "./static_file_handler.ts";
export {
  BroadcastChannelMessageBus,
  type BroadcastChannelMessageBusOptions,
  type BusListener,
  type BusMessage,
  MemoryMessageBus,
  type MessageBus,
  type MessageBusOptions,
  MessageBusUnavailableError,
  type MessageBusUnavailableErrorOptions,
} from "./message_bus.ts";
