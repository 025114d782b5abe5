// The chat demo (Tornado's demos/chat, rebuilt on a message bus): a page
// with a message box (XSRF-protected), long polling with a cursor, and a
// websocket that carries the same messages. Any MessageBus works: MemoryMessageBus for one
// process, BroadcastChannelMessageBus for `deno serve --parallel`,
// RedisMessageBus (../../redis/mod.ts) for several processes or machines,
// KvMessageBus (../../kv/mod.ts) for Deno Deploy; main.ts picks one from
// CHAT_BUS (see bus.ts). /a/message/events streams the same messages as
// server-sent events. While the bus is unreachable, posting answers 503
// with Retry-After, and the socket answers {error: "unavailable"}.
import {
  Application,
  type ApplicationSettings,
  type BusMessage,
  HTTPError,
  type MessageBus,
  MessageBusUnavailableError,
  RequestHandler,
  WebSocketHandler,
} from "../../mod.ts";
import { fileURLToPath } from "node:url";
import { openBusFeed, waitForMessages } from "../_bus_feed.ts";

/** The bus channel the room uses. */
export const CHANNEL = "chat";
/** The longest message accepted, in characters. */
export const MAX_MESSAGE_LENGTH = 2000;

interface ChatOptions {
  bus: MessageBus;
}

/** What a client sees of a message. */
function toJson(message: BusMessage): { id: number; body: string } {
  const data = message.data as { body?: unknown };
  return { id: message.id, body: String(data?.body ?? "") };
}

function parseCursor(text: string): number {
  const cursor = Number(text);
  if (!Number.isSafeInteger(cursor) || cursor < 0) {
    throw new HTTPError(400, "Bad cursor");
  }
  return cursor;
}

function messageBody(text: string): string {
  const body = text.trim();
  if (body === "") throw new HTTPError(400, "Empty message");
  if (body.length > MAX_MESSAGE_LENGTH) {
    throw new HTTPError(400, `Message longer than ${MAX_MESSAGE_LENGTH}`);
  }
  return body;
}

class MainHandler extends RequestHandler {
  #bus!: MessageBus;
  override initialize(options: ChatOptions): void {
    this.#bus = options.bus;
  }
  override async get(): Promise<void> {
    const messages = (await this.#bus.history(CHANNEL)).map(toJson);
    this.render("index.html", {
      messages,
      cursor: messages.at(-1)?.id ?? 0,
    });
  }
}

class MessageNewHandler extends RequestHandler {
  #bus!: MessageBus;
  override initialize(options: ChatOptions): void {
    this.#bus = options.bus;
  }
  override async post(): Promise<void> {
    const body = messageBody(this.getArgument("body"));
    const message = await this.#bus.publish(CHANNEL, { body });
    this.write(toJson(message));
  }
}

class MessageUpdatesHandler extends RequestHandler {
  #bus!: MessageBus;
  #waiting = new AbortController();
  override initialize(options: ChatOptions): void {
    this.#bus = options.bus;
  }
  override async post(): Promise<void> {
    const cursor = parseCursor(this.getArgument("cursor", "0"));
    const messages = await waitForMessages(
      this.#bus,
      CHANNEL,
      cursor,
      this.#waiting.signal,
    );
    if (this.#waiting.signal.aborted) return; // the client went away
    this.write({ messages: messages.map(toJson) });
  }
  override onConnectionClose(): void {
    this.#waiting.abort();
  }
}

/**
 * Server-sent events: each message is an event whose id is the message id,
 * so a reconnecting `EventSource` resumes from `Last-Event-ID` (or the
 * `cursor` argument) with exactly the later messages still kept.
 */
class MessageEventsHandler extends RequestHandler {
  #bus!: MessageBus;
  #gone = new AbortController();
  override initialize(options: ChatOptions): void {
    this.#bus = options.bus;
  }
  override async get(): Promise<void> {
    const cursor = parseCursor(
      this.lastEventId ?? this.getArgument("cursor", "0"),
    );
    const feed = await openBusFeed(
      this.#bus,
      CHANNEL,
      cursor,
      this.#gone.signal,
    );
    await this.sendEvent("", { retry: 2000 });
    for await (const message of feed) {
      await this.sendEvent(toJson(message), { id: message.id });
    }
  }
  override onConnectionClose(): void {
    this.#gone.abort();
  }
}

class ChatSocketHandler extends WebSocketHandler {
  #bus!: MessageBus;
  #unsubscribe: (() => void) | undefined;
  override initialize(options: ChatOptions): void {
    this.#bus = options.bus;
  }
  override async open(): Promise<void> {
    const cursor = Number(this.getArgument("cursor", "0")) || 0;
    let pending: BusMessage[] | null = [];
    this.#unsubscribe = this.#bus.subscribe(CHANNEL, (message) => {
      if (pending !== null) pending.push(message);
      else this.#send([message]);
    });
    let past: BusMessage[];
    try {
      past = await this.#bus.history(CHANNEL, cursor);
    } catch (error) {
      this.#unavailable(error);
      this.close(1013, "try again later");
      return;
    }
    const newest = past.at(-1)?.id ?? cursor;
    this.#send([...past, ...pending.filter((m) => m.id > newest)]);
    pending = null;
  }
  override async onMessage(message: string | Uint8Array): Promise<void> {
    let text = typeof message === "string"
      ? message
      : new TextDecoder().decode(message);
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed?.body === "string") text = parsed.body;
    } catch { /* plain text */ }
    let body: string;
    try {
      body = messageBody(text);
      await this.#bus.publish(CHANNEL, { body });
    } catch (error) {
      if (error instanceof HTTPError && error.statusCode === 400) {
        this.writeMessage({ error: error.logMessage ?? "bad message" });
        return;
      }
      const retryAfter = this.#unavailable(error);
      this.writeMessage({ error: "unavailable", retryAfter });
    }
  }
  override onClose(): void {
    this.#unsubscribe?.();
  }
  // A bus outage: one log line and a message the client can act on.
  #unavailable(error: unknown): number {
    if (!(error instanceof MessageBusUnavailableError)) throw error;
    console.warn(`Chat socket: ${error.message}`);
    return error.retryAfter;
  }
  #send(messages: BusMessage[]): void {
    if (messages.length === 0 || this.closeCode !== null) return;
    try {
      this.writeMessage({ messages: messages.map(toJson) });
    } catch { /* closed meanwhile */ }
  }
}

/** Makes the chat application on a bus. */
export function makeChatApp(
  bus: MessageBus,
  settings: ApplicationSettings = {},
): Application {
  return new Application([
    ["/", MainHandler, { bus }],
    ["/a/message/new", MessageNewHandler, { bus }],
    ["/a/message/updates", MessageUpdatesHandler, { bus }],
    ["/a/message/events", MessageEventsHandler, { bus }],
    ["/chatsocket", ChatSocketHandler, { bus }],
  ], {
    templatePath: fileURLToPath(new URL("./templates", import.meta.url)),
    xsrfCookies: true,
    ...settings,
  });
}
