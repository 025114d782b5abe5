// Shared by the event-stream tests: a feed of a bus channel over SSE (the
// examples' openBusFeed()), and a reader of the events a client receives.
import { Application, type MessageBus, RequestHandler } from "../../web/mod.ts";
import { openBusFeed } from "../../examples/_bus_feed.ts";

const quiet = { logFunction: () => {} };

/** Reads an event stream until `count` events (blank-line ends) arrived. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  count: number,
): Promise<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (text.split("\n\n").length - 1 < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return text;
}

/** An SSE feed of a bus channel that resumes after Last-Event-ID. */
export function feedApp(bus: MessageBus, closed: () => void): Application {
  class Feed extends RequestHandler {
    #left = new AbortController();
    override async get(): Promise<void> {
      const cursor = Number(this.lastEventId ?? 0);
      await this.sendEvent("", { retry: 1000 }); // headers out, no event
      const feed = await openBusFeed(bus, "news", cursor, this.#left.signal);
      for await (const m of feed) {
        await this.sendEvent(m.data as object, { id: m.id }).catch(() => {});
      }
    }
    override onConnectionClose(): void {
      this.#left.abort(); // unsubscribes at once
      closed();
    }
  }
  return new Application([["/feed", Feed]], quiet);
}
