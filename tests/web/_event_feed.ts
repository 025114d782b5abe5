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
      const cursor = Number(this.lastEventId ?? 0);
      // Each id once: a message published while history() is read comes
      // both live and from the history.
      let last = cursor;
      const send = async (m: BusMessage) => {
        if (m.id <= last) return;
        last = m.id;
        await this.sendEvent(m.data as object, { id: m.id }).catch(() => {});
      };
      await this.sendEvent("", { retry: 1000 }); // headers out, no event
      let held: BusMessage[] | null = [];
      this.#stop = bus.subscribe("news", (m) => {
        if (held !== null) held.push(m);
        else void send(m);
      });
      for (const m of await bus.history("news", cursor)) await send(m);
      for (const m of held) await send(m); // grows while it is sent
      held = null;
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
