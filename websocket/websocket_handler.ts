/**
 * {@linkcode WebSocketHandler}: websockets on `Deno.upgradeWebSocket`.
 *
 * @module
 */

import { HTTPError, RequestHandler } from "../web/mod.ts";
// Friend access (STYLE.md rule 9): the upgrade response is sent as it is,
// with the handler's headers and cookies.
import {
  finishWithResponse,
  responseHeaderLines,
} from "../web/request_handler.ts";
import { safeReason } from "../_internal/http_status.ts";
import {
  drained,
  framePayload,
  tooLarge,
  WebSocketClosedError,
} from "./_frames.ts";

/** A message `writeMessage()` takes: text, bytes, or an object sent as JSON. */
export type OutgoingMessage = string | Uint8Array | Record<string, unknown>;

/** Options of `writeMessage()`. */
export interface WriteMessageOptions {
  /**
   * Send a binary frame (`true`) or a text frame (`false`). The default
   * follows the message: bytes go out binary, text and objects as text.
   */
  binary?: boolean;
}

/** Headers of the handler that never go on the 101 response. */
const HANDSHAKE_HEADERS: ReadonlySet<string> = new Set([
  "content-type",
  "content-length",
  "transfer-encoding",
  "etag",
  "connection",
  "upgrade",
  "sec-websocket-accept",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
]);

/** Tornado's default `websocket_max_message_size`: 10 MiB. */
const DEFAULT_MAX_MESSAGE_SIZE = 10 * 1024 * 1024;

/**
 * A request handler that accepts a websocket. Override `open()`,
 * `onMessage()` and `onClose()`; send with `writeMessage()`. Cookies,
 * `prepare()` and `currentUser` work as for any handler: they run before
 * the upgrade, which happens in `get()`.
 *
 * Messages are handed to `onMessage()` one at a time, in order: when it is
 * `async`, the next message waits for it (and the first for `open()`).
 * A message larger than the `websocketMaxMessageSize` setting (default
 * 10 MiB) closes the connection with code 1009. The `websocketPingInterval`
 * setting (seconds) becomes Deno's `idleTimeout`: Deno pings an idle client
 * and closes the connection (code 1001) when no pong comes back within that
 * time; without the setting, no pings (Tornado's default).
 *
 * What Deno allows: its server websocket has no API to send a ping frame or
 * to see pongs, so `ping()` throws and `onPong()` is never called; and
 * Deno itself drops messages over 64 MiB whatever the setting.
 *
 * Tornado: `tornado.websocket.WebSocketHandler`
 *
 * @example An echo server
 * ```ts
 * import { Application } from "@tornado-deno/tornado/web";
 * import {
 *   websocketConnect,
 *   WebSocketHandler,
 * } from "@tornado-deno/tornado/websocket";
 * import assert from "node:assert/strict";
 *
 * class Echo extends WebSocketHandler {
 *   override onMessage(message: string | Uint8Array): void {
 *     this.writeMessage(message);
 *   }
 * }
 * const app = new Application([["/echo", Echo]], { logFunction: () => {} });
 * const server = app.listen(0, { hostname: "127.0.0.1" });
 * try {
 *   const conn = await websocketConnect(
 *     `ws://127.0.0.1:${server.addr.port}/echo`,
 *   );
 *   await conn.writeMessage("hello");
 *   assert.equal(await conn.readMessage(), "hello");
 *   await conn.close();
 * } finally {
 *   await server.shutdown();
 * }
 * ```
 */
export class WebSocketHandler extends RequestHandler {
  #socket: WebSocket | undefined;
  #closing = false;
  #closeCode: number | null = null;
  #closeReason: string | null = null;
  #chain: Promise<void> = Promise.resolve();

  /**
   * The code of the peer's close frame; `null` while open or when the
   * frame had none.
   *
   * Tornado: `WebSocketHandler.close_code`
   */
  get closeCode(): number | null {
    return this.#closeCode;
  }

  /**
   * The reason of the peer's close frame; `null` while open or when the
   * frame had no code.
   *
   * Tornado: `WebSocketHandler.close_reason`
   */
  get closeReason(): string | null {
    return this.#closeReason;
  }

  /**
   * Checks the handshake headers and upgrades the connection. Not meant to
   * be overridden: use `prepare()` for checks before the upgrade.
   *
   * @throws {HTTPError} 400 for a request Deno cannot upgrade.
   */
  override get(...args: unknown[]): void {
    const problem = this.#checkHandshake();
    if (problem !== null) {
      this.setStatus(problem[0]);
      this.finish(problem[1]);
      return;
    }
    const upgraded = this.#upgrade();
    for (const [name, value] of responseHeaderLines(this)) {
      if (!HANDSHAKE_HEADERS.has(name)) {
        upgraded.response.headers.append(name, value);
      }
    }
    this.#attach(upgraded.socket, args);
    finishWithResponse(this, upgraded.response);
  }

  #upgrade(): { socket: WebSocket; response: Response } {
    // The upgrade closes the request: what the access log reads of it
    // (the client's address, through the proxy headers) is read first, and
    // has() makes Deno copy the header list, so that open() and
    // onMessage() can still read headers and cookies.
    this.request.remoteIp;
    this.request.headers.has("host");
    try {
      return Deno.upgradeWebSocket(this.request.raw, this.#upgradeOptions());
    } catch (error) {
      throw new HTTPError(400, `Cannot upgrade to a websocket: ${error}`);
    }
  }

  #upgradeOptions(): Deno.UpgradeWebSocketOptions {
    const protocols = (this.request.headers.get("sec-websocket-protocol") ?? "")
      .split(",").map((p) => p.trim()).filter((p) => p !== "");
    const options: Deno.UpgradeWebSocketOptions = {
      idleTimeout: this.settings.websocketPingInterval ?? 0,
    };
    if (protocols.length === 0) return options;
    const selected = this.selectSubprotocol(protocols);
    if (selected !== null) {
      if (!protocols.includes(selected)) {
        throw new Error(
          `Cannot select subprotocol "${selected}": the client did not offer it`,
        );
      }
      options.protocol = selected;
    }
    return options;
  }

  /**
   * Override to run code once the connection is open; receives the route's
   * path arguments. May be `async`: messages wait for it.
   *
   * Tornado: `WebSocketHandler.open`
   *
   * @example Greet the client
   * ```ts ignore
   * override open(room: string) { this.writeMessage(`Welcome to ${room}`); }
   * ```
   */
  open(..._args: unknown[]): void | Promise<void> {}

  /**
   * Override to handle a message: a string for a text frame, bytes for a
   * binary one. May be `async`; messages are handled one at a time, in
   * order. An exception is logged and closes the connection (1011); an
   * `HTTPError` below 500 is a refusal: one log line, and close code 1008
   * with the error's reason.
   *
   * Tornado: `WebSocketHandler.on_message`
   *
   * @example Echo
   * ```ts ignore
   * override onMessage(message: string | Uint8Array) {
   *   this.writeMessage(message);
   * }
   * ```
   */
  onMessage(_message: string | Uint8Array): void | Promise<void> {}

  /**
   * Override to clean up when the connection closes (either side); runs
   * once. `closeCode` and `closeReason` are set by then.
   *
   * Tornado: `WebSocketHandler.on_close`
   *
   * @example Leave a room
   * ```ts ignore
   * override onClose() { room.delete(this); }
   * ```
   */
  onClose(): void {}

  /**
   * Override to see pongs. Never called on Deno, whose websocket API
   * answers and consumes pings and pongs itself.
   *
   * Tornado: `WebSocketHandler.on_pong`
   */
  onPong(_data: Uint8Array): void {}

  /**
   * Sends a ping frame. Deno's websocket API has no way to send one, so
   * this throws; the `websocketPingInterval` setting makes Deno ping the
   * client on its own.
   *
   * Tornado: `WebSocketHandler.ping`
   *
   * @throws {Error} Always: `WebSocketClosedError` when closed, else an
   * error saying Deno cannot send pings.
   */
  ping(_data?: string | Uint8Array): void {
    if (this.#isClosed()) throw new WebSocketClosedError("send a ping");
    throw new Error(
      "Cannot send a ping: Deno's websocket API has no ping frames, set websocketPingInterval instead",
    );
  }

  /**
   * Sends a message: a string as a text frame, bytes as a binary one, an
   * object as JSON text; `{ binary }` overrides the frame type. Resolves
   * when the send buffer is below 1 MiB again (back-pressure).
   *
   * Tornado: `WebSocketHandler.write_message`
   *
   * @throws {Error} `WebSocketClosedError` (by `name`) when the connection
   * is closed or closing, thrown at once rather than rejected.
   * @throws {TypeError} For a message of another type.
   */
  writeMessage(
    message: OutgoingMessage,
    options: WriteMessageOptions = {},
  ): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined || this.#isClosed()) {
      throw new WebSocketClosedError();
    }
    socket.send(framePayload(message, options.binary));
    return drained(socket);
  }

  /**
   * Starts the closing handshake, with an optional code (1000 or
   * 3000-4999, or one the protocol defines) and reason. Does nothing when
   * already closed.
   *
   * Tornado: `WebSocketHandler.close`
   */
  close(code?: number, reason?: string): void {
    const socket = this.#socket;
    if (socket === undefined || this.#isClosed()) return;
    this.#closing = true;
    socket.close(code ?? 1000, reason ?? "");
  }

  /**
   * Override to accept cross-origin connections. The default accepts an
   * `Origin` whose host (with port) is the request's `Host`; others get
   * 403. Requests without `Origin` (not from a browser) are accepted.
   *
   * Tornado: `WebSocketHandler.check_origin`
   *
   * @example Accept one other site
   * ```ts ignore
   * override checkOrigin(origin: string) {
   *   return new URL(origin).hostname === "app.example";
   * }
   * ```
   */
  checkOrigin(origin: string): boolean {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    return host.toLowerCase() === this.request.host.toLowerCase();
  }

  /**
   * Override to pick a subprotocol from those the client offers (called
   * only when it offers some). Return one of them, or `null` for none.
   *
   * Tornado: `WebSocketHandler.select_subprotocol`
   *
   * @example Prefer "chat.v2"
   * ```ts ignore
   * override selectSubprotocol(protocols: string[]) {
   *   return protocols.includes("chat.v2") ? "chat.v2" : null;
   * }
   * ```
   */
  selectSubprotocol(_protocols: string[]): string | null {
    return null;
  }

  #checkHandshake(): [number, string] | null {
    const headers = this.request.headers;
    if ((headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
      return [400, 'Can "Upgrade" only to "WebSocket".'];
    }
    const connection = (headers.get("connection") ?? "").toLowerCase()
      .split(",").map((token) => token.trim());
    if (!connection.includes("upgrade")) {
      return [400, '"Connection" must be "Upgrade".'];
    }
    const origin = headers.get("origin") ??
      headers.get("sec-websocket-origin");
    if (origin !== null && !this.checkOrigin(origin)) {
      return [403, "Cross origin websockets not allowed"];
    }
    if (headers.get("sec-websocket-version") !== "13") {
      this.setHeader("Sec-WebSocket-Version", "13");
      return [426, ""];
    }
    return null;
  }

  #isClosed(): boolean {
    const socket = this.#socket;
    return this.#closing || socket === undefined ||
      socket.readyState >= WebSocket.CLOSING;
  }

  #attach(socket: WebSocket, args: readonly unknown[]): void {
    this.#socket = socket;
    socket.binaryType = "arraybuffer";
    const max = this.settings.websocketMaxMessageSize ??
      DEFAULT_MAX_MESSAGE_SIZE;
    socket.onopen = () => this.#enqueue(() => this.open(...args), "open()");
    socket.onmessage = (event: MessageEvent) => this.#received(event, max);
    socket.onclose = (event: CloseEvent) => {
      this.#closing = true;
      const hasCode = event.code !== 1005 && event.code !== 0;
      this.#closeCode = hasCode ? event.code : null;
      this.#closeReason = hasCode ? event.reason : null;
      socket.onmessage = socket.onopen = socket.onclose = null;
      try {
        this.onClose();
      } catch (error) {
        console.error("Uncaught exception in onClose()", error);
      }
    };
  }

  #received(event: MessageEvent, max: number): void {
    if (this.#isClosed()) return;
    const data = event.data;
    const message = typeof data === "string"
      ? data
      : new Uint8Array(data as ArrayBuffer);
    if (tooLarge(message, max)) {
      this.close(1009, "message too big");
      return;
    }
    this.#enqueue(() => this.onMessage(message), "onMessage()");
  }

  #enqueue(run: () => void | Promise<void>, name: string): void {
    this.#chain = this.#chain.then(() => {
      if (this.#isClosed()) return;
      return run();
    }).catch((error) => {
      if (error instanceof HTTPError && error.statusCode < 500) {
        const reason = safeReason(error.statusCode, error.reason);
        console.warn(`WebSocket ${name} refused: ${error.message}`);
        return this.close(1008, reason);
      }
      this.#logException(error, name);
      this.close(1011, "internal error");
    });
  }

  // As a request's: an HTTPError (a 5xx here) is one warning line,
  // anything else an error with its stack.
  #logException(error: unknown, name: string): void {
    if (error instanceof HTTPError) {
      console.warn(`WebSocket ${name} failed: ${error.message}`);
    } else {
      console.error(`Uncaught exception in ${name}`, error);
    }
  }
}
