/**
 * {@linkcode websocketConnect}: a websocket client on the global
 * `WebSocket`.
 *
 * @module
 */

import { MessageQueue } from "./_message_queue.ts";
import { drained, framePayload, WebSocketClosedError } from "./_frames.ts";
import type {
  OutgoingMessage,
  WriteMessageOptions,
} from "./websocket_handler.ts";

/** Options of {@linkcode websocketConnect}. */
export interface WebSocketConnectOptions {
  /** Subprotocols to offer, in order of preference. */
  subprotocols?: string[];
  /** Extra headers of the handshake request (`Cookie`, `Origin`, ...). */
  headers?: HeadersInit;
}

/**
 * An open client connection, as {@linkcode websocketConnect} returns it.
 *
 * Tornado: `tornado.websocket.WebSocketClientConnection`
 *
 * @example Talk to an echo handler
 * ```ts
 * import { Application } from "@tornado-deno/tornado/web";
 * import {
 *   type WebSocketClientConnection,
 *   websocketConnect,
 *   WebSocketHandler,
 * } from "@tornado-deno/tornado/websocket";
 * import { withServer } from "@tornado-deno/tornado/testing";
 * import assert from "node:assert/strict";
 *
 * class Echo extends WebSocketHandler {
 *   override onMessage(message: string | Uint8Array): void {
 *     this.writeMessage(message);
 *   }
 * }
 * const app = new Application([["/ws", Echo]], { logFunction: () => {} });
 * await withServer(app, async (baseUrl) => {
 *   const ws: WebSocketClientConnection = await websocketConnect(`${baseUrl}/ws`);
 *   await ws.writeMessage("ping");
 *   assert.equal(await ws.readMessage(), "ping");
 *   ws.close();
 *   assert.equal(await ws.readMessage(), null);
 * });
 * ```
 */
export interface WebSocketClientConnection {
  /**
   * The next message (text as a string, binary as bytes); `null` once the
   * connection is closed and every message received before was read.
   */
  readMessage(): Promise<string | Uint8Array | null>;
  /**
   * Sends a message (bytes binary, text and objects as JSON text, unless
   * `binary` says otherwise); resolves when the send buffer has room.
   * Throws a `WebSocketClosedError` (by `name`) when closed.
   */
  writeMessage(
    message: OutgoingMessage,
    options?: WriteMessageOptions,
  ): Promise<void>;
  /** Closes the connection; resolves once the closing handshake is done. */
  close(code?: number, reason?: string): Promise<void>;
  /** The code of the server's close frame, or `null`. */
  readonly closeCode: number | null;
  /** The reason of the server's close frame, or `null`. */
  readonly closeReason: string | null;
  /** The subprotocol the server picked, or `null`. */
  readonly selectedSubprotocol: string | null;
}

/**
 * Opens a websocket to `url` (`ws:` or `wss:`; `http:` and `https:` are
 * mapped to them) and resolves once the handshake is done.
 *
 * Tornado: `tornado.websocket.websocket_connect`
 *
 * @param url The address of the websocket.
 * @param options Subprotocols to offer and extra handshake headers.
 * @returns The open connection.
 * @throws {Error} When the connection or the handshake fails (rejected).
 *
 * @example Talk to an echo handler
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
 * const app = new Application([["/", Echo]], { logFunction: () => {} });
 * const server = app.listen(0, { hostname: "127.0.0.1" });
 * try {
 *   const conn = await websocketConnect(`ws://127.0.0.1:${server.addr.port}/`);
 *   await conn.writeMessage(new Uint8Array([1, 2]));
 *   assert.deepEqual(await conn.readMessage(), new Uint8Array([1, 2]));
 *   await conn.close();
 *   assert.equal(await conn.readMessage(), null);
 * } finally {
 *   await server.shutdown();
 * }
 * ```
 */
export function websocketConnect(
  url: string | URL,
  options: WebSocketConnectOptions = {},
): Promise<WebSocketClientConnection> {
  const target = new URL(url);
  if (target.protocol === "http:") target.protocol = "ws:";
  else if (target.protocol === "https:") target.protocol = "wss:";
  const init: WebSocketOptions = {};
  if (options.subprotocols !== undefined) {
    init.protocols = options.subprotocols;
  }
  if (options.headers !== undefined) init.headers = options.headers;
  const socket = new WebSocket(target, init);
  socket.binaryType = "arraybuffer";
  return new Promise((resolve, reject) => {
    socket.onopen = () => {
      socket.onerror = null;
      resolve(new Connection(socket));
    };
    socket.onerror = (event) => {
      socket.onopen = socket.onerror = null;
      const message = event instanceof ErrorEvent ? `: ${event.message}` : "";
      reject(new Error(`Cannot connect to websocket "${target}"${message}`));
    };
  });
}

class Connection implements WebSocketClientConnection {
  #socket: WebSocket;
  #queue: MessageQueue<string | Uint8Array> = new MessageQueue();
  #closeCode: number | null = null;
  #closeReason: string | null = null;
  #closed: Promise<void>;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event: MessageEvent) => {
      const data = event.data;
      this.#queue.push(
        typeof data === "string" ? data : new Uint8Array(data as ArrayBuffer),
      );
    };
    this.#closed = new Promise((resolve) => {
      socket.onclose = (event: CloseEvent) => {
        const hasCode = event.code !== 1005 && event.code !== 0;
        this.#closeCode = hasCode ? event.code : null;
        this.#closeReason = hasCode ? event.reason : null;
        this.#queue.close();
        socket.onmessage = socket.onclose = null;
        resolve();
      };
    });
  }

  get closeCode(): number | null {
    return this.#closeCode;
  }

  get closeReason(): string | null {
    return this.#closeReason;
  }

  get selectedSubprotocol(): string | null {
    return this.#socket.protocol === "" ? null : this.#socket.protocol;
  }

  readMessage(): Promise<string | Uint8Array | null> {
    return this.#queue.shift();
  }

  writeMessage(
    message: OutgoingMessage,
    options: WriteMessageOptions = {},
  ): Promise<void> {
    if (this.#socket.readyState !== WebSocket.OPEN) {
      throw new WebSocketClosedError();
    }
    this.#socket.send(framePayload(message, options.binary));
    return drained(this.#socket);
  }

  close(code?: number, reason?: string): Promise<void> {
    if (this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.close(code ?? 1000, reason ?? "");
    }
    return this.#closed;
  }
}
