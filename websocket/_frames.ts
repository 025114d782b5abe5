// Shared by the handler and the client: the closed error, frame payloads,
// and waiting for the send buffer to drain.

import type { OutgoingMessage } from "./websocket_handler.ts";

/** Raised by `writeMessage()` and `ping()` once the connection is closed. */
export class WebSocketClosedError extends Error {
  constructor(action = "write a message") {
    super(`Cannot ${action}: the websocket is closed`);
    this.name = "WebSocketClosedError";
  }
}

/** Bytes queued in a socket above which `writeMessage()` waits. */
export const HIGH_WATER_MARK = 1024 * 1024;

/** Resolves once `socket` has sent most of what is queued, or closed. */
export function drained(socket: WebSocket): Promise<void> {
  if (socket.bufferedAmount <= HIGH_WATER_MARK) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (
        socket.bufferedAmount <= HIGH_WATER_MARK ||
        socket.readyState >= WebSocket.CLOSING
      ) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
}

/**
 * The payload to send: bytes go out as a binary frame unless `binary` is
 * `false`; text (and objects, as JSON) as a text frame unless it is `true`.
 */
export function framePayload(
  message: OutgoingMessage,
  binary: boolean | undefined,
): string | Uint8Array<ArrayBuffer> {
  if (message instanceof Uint8Array) {
    if (binary === false) return new TextDecoder().decode(message);
    return message as Uint8Array<ArrayBuffer>;
  }
  let text: string;
  if (typeof message === "string") text = message;
  else if (
    message !== null && typeof message === "object" && !Array.isArray(message)
  ) {
    text = JSON.stringify(message);
  } else {
    const kind = Array.isArray(message) ? "array" : typeof message;
    throw new TypeError(
      `Cannot write a message of type "${kind}": write a string, bytes or an object`,
    );
  }
  return binary === true ? new TextEncoder().encode(text) : text;
}

/** Whether a received message is larger than `max` bytes (UTF-8 for text). */
export function tooLarge(message: string | Uint8Array, max: number): boolean {
  if (typeof message !== "string") return message.length > max;
  if (message.length * 3 <= max) return false; // UTF-8 takes at most 3 per unit
  if (message.length > max) return true;
  return new TextEncoder().encode(message).length > max;
}
