// The chat demo (Tornado's demos/chat, rebuilt on a message bus): a page
// with a message box, long polling with a cursor, and a websocket that
// carries the same messages. Any MessageBus works: MemoryMessageBus for one
// process, BroadcastChannelMessageBus for `deno serve --parallel`,
// RedisMessageBus (from ../../redis/mod.ts) for several processes.
import {
  Application,
  type ApplicationSettings,
  type BusMessage,
  HTTPError,
  type MessageBus,
  RequestHandler,
  WebSocketHandler,
  xhtmlEscape,
} from "../../mod.ts";

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

/**
 * Waits for messages after `cursor`: those kept in the history, else the
 * next ones published (read back from the history, so none is skipped).
 * Resolves to `[]` when `signal` aborts. Subscribes before reading the
 * history so nothing published in between is lost.
 */
export async function waitForMessages(
  bus: MessageBus,
  cursor: number,
  signal: AbortSignal,
): Promise<BusMessage[]> {
  let wake: () => void = () => {};
  const unsubscribe = bus.subscribe(CHANNEL, (message) => {
    if (message.id > cursor) wake();
  });
  const onAbort = () => wake();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    while (!signal.aborted) {
      const woken = new Promise<void>((resolve) => wake = resolve);
      const messages = await bus.history(CHANNEL, cursor);
      if (messages.length > 0 || signal.aborted) return messages;
      await woken;
    }
    return [];
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", onAbort);
  }
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
    const messages = await this.#bus.history(CHANNEL);
    this.write(page(messages.map(toJson)));
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
    const cursor = Number(this.getArgument("cursor", "0"));
    if (!Number.isSafeInteger(cursor) || cursor < 0) {
      throw new HTTPError(400, "Bad cursor");
    }
    const messages = await waitForMessages(
      this.#bus,
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
    const past = await this.#bus.history(CHANNEL, cursor);
    const seen = new Set(past.map((m) => m.id));
    const merged = [...past, ...pending.filter((m) => !seen.has(m.id))];
    pending = null;
    this.#send(merged.filter((m) => m.id > cursor).sort((a, b) => a.id - b.id));
  }
  override async onMessage(message: string | Uint8Array): Promise<void> {
    let text = typeof message === "string"
      ? message
      : new TextDecoder().decode(message);
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed?.body === "string") text = parsed.body;
    } catch { /* plain text */ }
    await this.#bus.publish(CHANNEL, { body: messageBody(text) });
  }
  override onClose(): void {
    this.#unsubscribe?.();
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
  // TODO(#6): turn on `xsrfCookies: true` and put `xsrfFormHtml()` in the
  // form once XSRF lands in RequestHandler (the page's script already sends
  // the `_xsrf` cookie back as `X-XSRFToken`).
  return new Application([
    ["/", MainHandler, { bus }],
    ["/a/message/new", MessageNewHandler, { bus }],
    ["/a/message/updates", MessageUpdatesHandler, { bus }],
    ["/chatsocket", ChatSocketHandler, { bus }],
  ], settings);
}

function page(messages: { id: number; body: string }[]): string {
  const items = messages.map((m) =>
    `<div class="message" id="m${m.id}">${xhtmlEscape(m.body)}</div>`
  ).join("\n");
  const cursor = messages.at(-1)?.id ?? 0;
  return `<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>Tornado Chat Demo</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}
.message{padding:.2em 0;border-bottom:1px solid #eee}</style></head>
<body>
<div id="inbox">
${items}
</div>
<form id="messageform" action="/a/message/new" method="post">
<input name="body" id="message" autocomplete="off" style="width:30em">
<input type="submit" value="Post">
</form>
<script>
let cursor = ${cursor};
const inbox = document.getElementById("inbox");
function xsrf() {
  const m = document.cookie.match(/(?:^|; )_xsrf=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : "";
}
function show(message) {
  if (document.getElementById("m" + message.id)) return;
  const div = document.createElement("div");
  div.className = "message";
  div.id = "m" + message.id;
  div.textContent = message.body;
  inbox.appendChild(div);
}
async function post(path, data) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "X-XSRFToken": xsrf() },
    body: new URLSearchParams(data),
  });
  if (!response.ok) throw new Error(response.status + " " + path);
  return response.json();
}
document.getElementById("messageform").onsubmit = async (event) => {
  event.preventDefault();
  const input = document.getElementById("message");
  if (input.value.trim() === "") return;
  await post("/a/message/new", { body: input.value });
  input.value = "";
};
async function poll() {
  for (;;) {
    try {
      const { messages } = await post("/a/message/updates", { cursor });
      for (const m of messages) { show(m); cursor = Math.max(cursor, m.id); }
    } catch {
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
}
poll();
</script>
</body>
</html>
`;
}
