// A bus channel read by the examples' live clients (and the event-stream
// tests): as a stream for server-sent events (the messages kept after a
// cursor, then the live ones, each id once and in id order, until a signal
// aborts), and as one batch for a long poll.
import type { BusMessage, MessageBus } from "../mod.ts";

/**
 * The messages of `channel`: those kept after `after` (none when `after` is
 * `null`), then the live ones, each id once and in id order. Subscribes
 * before reading the history, so nothing published in between is lost.
 * Aborting `signal` unsubscribes at once and ends the iteration; so does
 * leaving the loop.
 *
 * @throws {MessageBusUnavailableError} When the history cannot be read
 * (rejected; nothing stays subscribed).
 */
export async function openBusFeed(
  bus: MessageBus,
  channel: string,
  after: number | null,
  signal: AbortSignal,
): Promise<AsyncIterable<BusMessage>> {
  const queue: BusMessage[] = [];
  let wake: () => void = () => {};
  const stop = bus.subscribe(channel, (message) => {
    queue.push(message);
    wake();
  });
  let stopped = false;
  const end = () => {
    if (!stopped) stop();
    stopped = true;
    wake();
  };
  signal.addEventListener("abort", end, { once: true });
  try {
    if (after !== null) queue.unshift(...await bus.history(channel, after));
  } catch (error) {
    signal.removeEventListener("abort", end);
    end();
    throw error;
  }
  if (signal.aborted) end();
  return drain(queue, after ?? 0, signal, (w) => wake = w, end);
}

// Yields the queue as it fills, skipping ids already seen, until `signal`
// aborts; `sleep` installs the wake-up the subscriber calls, `end`
// unsubscribes (also when the consumer stops early or throws).
async function* drain(
  queue: BusMessage[],
  last: number,
  signal: AbortSignal,
  sleep: (wake: () => void) => void,
  end: () => void,
): AsyncGenerator<BusMessage> {
  try {
    while (!signal.aborted) {
      if (queue.length === 0) await new Promise<void>(sleep);
      for (const message of queue.splice(0)) {
        if (message.id <= last || signal.aborted) continue;
        last = message.id;
        yield message;
      }
    }
  } finally {
    end();
  }
}

/**
 * Waits for messages of `channel` after `cursor` (a long poll): those kept
 * in the history, else the next ones published. Resolves to `[]` when
 * `signal` aborts. Subscribes before reading the history so nothing
 * published in between is lost; the bus delivers each message once, in id
 * order, across reconnects, so a long poll waiting through a Redis outage
 * resumes when it is back.
 *
 * @throws {MessageBusUnavailableError} When the history cannot be read
 * (rejected).
 */
export async function waitForMessages(
  bus: MessageBus,
  channel: string,
  cursor: number,
  signal: AbortSignal,
): Promise<BusMessage[]> {
  const arrived: BusMessage[] = [];
  let wake: () => void = () => {};
  const woken = new Promise<void>((resolve) => wake = resolve);
  const unsubscribe = bus.subscribe(channel, (message) => {
    if (message.id <= cursor) return;
    arrived.push(message);
    wake();
  });
  signal.addEventListener("abort", wake, { once: true });
  try {
    const past = await bus.history(channel, cursor);
    if (past.length === 0 && arrived.length === 0 && !signal.aborted) {
      await woken;
    }
    if (signal.aborted) return [];
    const newest = past.at(-1)?.id ?? cursor;
    return [...past, ...arrived.filter((m) => m.id > newest)];
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", wake);
  }
}
