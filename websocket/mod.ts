/**
 * Websockets: {@linkcode WebSocketHandler} for the server side, on
 * `Deno.upgradeWebSocket`, and {@linkcode websocketConnect} for clients.
 *
 * Settings read from the application: `websocketPingInterval` (seconds;
 * Deno pings the client and drops it when no pong comes back) and
 * `websocketMaxMessageSize` (bytes, default 10 MiB; larger messages close
 * the connection with code 1009).
 *
 * @example A chat room
 * ```ts
 * import { Application } from "@tornado-deno/tornado/web";
 * import {
 *   websocketConnect,
 *   WebSocketHandler,
 * } from "@tornado-deno/tornado/websocket";
 * import assert from "node:assert/strict";
 *
 * const room = new Set<WebSocketHandler>();
 * class Chat extends WebSocketHandler {
 *   override open(): void {
 *     room.add(this);
 *   }
 *   override onMessage(message: string | Uint8Array): void {
 *     for (const member of room) member.writeMessage(message);
 *   }
 *   override onClose(): void {
 *     room.delete(this);
 *   }
 * }
 * const app = new Application([["/chat", Chat]], { logFunction: () => {} });
 * const server = app.listen(0, { hostname: "127.0.0.1" });
 * try {
 *   const url = `ws://127.0.0.1:${server.addr.port}/chat`;
 *   const alice = await websocketConnect(url);
 *   const bob = await websocketConnect(url);
 *   while (room.size < 2) await new Promise((r) => setTimeout(r, 5));
 *   await alice.writeMessage("hi all");
 *   assert.equal(await bob.readMessage(), "hi all");
 *   await alice.close();
 *   await bob.close();
 * } finally {
 *   await server.shutdown();
 * }
 * ```
 *
 * @module
 */
export {
  type OutgoingMessage,
  WebSocketHandler,
  type WriteMessageOptions,
} from "./websocket_handler.ts";
export {
  type WebSocketClientConnection,
  websocketConnect,
  type WebSocketConnectOptions,
} from "./client.ts";
