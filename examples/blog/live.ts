// Live parts: the server-sent event stream of new posts and comments, and
// the chat room (a websocket, with long polling when a websocket cannot be
// used). Everything travels on the MessageBus, so any bus works.
import {
  authenticated,
  type BusMessage,
  HTTPError,
  type Locale,
  type MessageBus,
  WebSocketHandler,
} from "../../mod.ts";
import {
  BaseHandler,
  type BlogOptions,
  chosenLocale,
  LIVE_CHANNEL,
  SESSION_COOKIE,
} from "./base.ts";
import type { BlogDb, User } from "./db.ts";
import { openBusFeed, waitForMessages } from "../_bus_feed.ts";

/** The bus channel of the chat room. */
export const CHAT_CHANNEL = "blog-chat";
/** The longest chat message accepted, in characters. */
export const MAX_CHAT_MESSAGE = 500;

/** The stream behind live pages: `post` and `comment` events. */
export class EventsHandler extends BaseHandler {
  #gone = new AbortController();

  override async get(): Promise<void> {
    const after = Number(this.lastEventId ?? "");
    const cursor = Number.isSafeInteger(after) && after > 0 ? after : null;
    await this.sendEvent("", { retry: 2000 });
    const signal = this.#gone.signal;
    const feed = await openBusFeed(this.bus, LIVE_CHANNEL, cursor, signal);
    for await (const m of feed) {
      const data = m.data as { kind: string };
      await this.sendEvent(data, { event: data.kind, id: m.id }).catch(
        () => {},
      );
    }
  }

  override onConnectionClose(): void {
    this.#gone.abort();
  }
}

export class ChatHandler extends BaseHandler {
  @authenticated
  override async get(): Promise<void> {
    const messages = await this.bus.history(CHAT_CHANNEL);
    this.render("chat.html", {
      messages: messages.map(chatJson),
      cursor: messages.at(-1)?.id ?? 0,
    });
  }
}

/** What a client sees of a chat message. */
function chatJson(m: BusMessage): { id: number; author: string; body: string } {
  const data = m.data as { author: string; body: string };
  return { id: m.id, author: data.author, body: data.body };
}

/** A refusal to show the writer, or `null` when the text is fine. */
function refusal(body: string): string | null {
  if (body === "") return "Type a message first";
  if (body.length > MAX_CHAT_MESSAGE) {
    return `Messages are limited to ${MAX_CHAT_MESSAGE} characters`;
  }
  return null;
}

export class ChatNewHandler extends BaseHandler {
  @authenticated
  override async post(): Promise<void> {
    const body = this.getBodyArgument("body", "");
    const error = refusal(body);
    if (error !== null) {
      this.setStatus(400);
      return this.write({ error: this.locale.translate(error) });
    }
    const author = this.currentUser!.name;
    const m = await this.bus.publish(CHAT_CHANNEL, { author, body });
    this.write(chatJson(m));
  }
}

export class ChatUpdatesHandler extends BaseHandler {
  #left = new AbortController();

  @authenticated
  override async post(): Promise<void> {
    const cursor = Number(this.getBodyArgument("cursor", "0"));
    const after = Number.isSafeInteger(cursor) && cursor > 0 ? cursor : 0;
    const signal = this.#left.signal;
    const messages = await waitForMessages(
      this.bus,
      CHAT_CHANNEL,
      after,
      signal,
    );
    if (!this.#left.signal.aborted) {
      this.write({ messages: messages.map(chatJson) });
    }
  }

  override onConnectionClose(): void {
    this.#left.abort();
  }
}

export class ChatSocketHandler extends WebSocketHandler {
  #user: User | null = null;
  #db!: BlogDb;
  #bus!: MessageBus;
  #stop: (() => void) | undefined;

  override initialize(options: BlogOptions): void {
    this.#db = options.db;
    this.#bus = options.bus;
  }

  override getUserLocale(): Locale | null {
    return chosenLocale(this);
  }

  /**
   * Reads the request before the upgrade (Deno closes it then): the user
   * from the session cookie (403 without one) and the language.
   */
  override prepare(): void {
    const id = this.getSignedCookie(SESSION_COOKIE);
    this.#user = id === null ? null : this.#db.userById(Number(id));
    if (this.#user === null) throw new HTTPError(403, "Chat needs a session");
    void this.locale;
  }

  override async open(): Promise<void> {
    const cursor = Number(this.getArgument("cursor", "0")) || 0;
    // Live messages wait while the history is read, then each goes once.
    let pending: BusMessage[] | null = [];
    this.#stop = this.#bus.subscribe(CHAT_CHANNEL, (m) => {
      if (pending !== null) pending.push(m);
      else this.#send([m]);
    });
    const past = await this.#bus.history(CHAT_CHANNEL, cursor);
    const newest = past.at(-1)?.id ?? cursor;
    this.#send([...past, ...pending.filter((m) => m.id > newest)]);
    pending = null;
  }

  override async onMessage(message: string | Uint8Array): Promise<void> {
    let body = "";
    try {
      body = String(JSON.parse(String(message)).body ?? "").trim();
    } catch {
      return this.writeMessage({ error: 'Messages are JSON: {"body": ...}' });
    }
    const error = refusal(body);
    if (error !== null) {
      return this.writeMessage({ error: this.locale.translate(error) });
    }
    const author = this.#user!.name;
    await this.#bus.publish(CHAT_CHANNEL, { author, body });
  }

  override onClose(): void {
    this.#stop?.();
  }

  #send(messages: BusMessage[]): void {
    if (messages.length === 0 || this.closeCode !== null) return;
    try {
      this.writeMessage({ messages: messages.map(chatJson) });
    } catch { /* closed meanwhile */ }
  }
}
