// Shared by the event-stream tests: a feed of a bus channel over SSE, and
// a reader of the events a client receives.
import {
  Application,
  type BusMessage,
  type MessageBus,
  RequestHandler,
} from "../../web/mod.ts";

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
    #stop: (() => void) | undefined;
    #left = Promise.withResolvers<void>();
    override async get(): Promise<void> {
      const send = (m: BusMessage) =>
        this.sendEvent(m.data as object, { id: m.id }).catch(() => {});
      await this.sendEvent("", { retry: 1000 }); // headers out, no event
      this.#stop = bus.subscribe("news", send);
      const cursor = Number(this.lastEventId ?? 0);
      for (const m of await bus.history("news", cursor)) await send(m);
      await this.#left.promise;
    }
    override onConnectionClose(): void {
      this.#stop?.();
      this.#left.resolve();
      closed();
    }
  }
  return new Application([["/feed", Feed]], quiet);
}
