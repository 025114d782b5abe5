/**
 * The subscriber side shared by the buses that carry messages between
 * processes (Redis, Deno KV): the listeners of each channel, the id last
 * delivered to them, and the gap-fill that catches up from the history
 * without delivering anything twice or out of id order.
 *
 * @module
 */

/** A message as the buses carry it (structurally `BusMessage`). */
export interface ChannelMessage {
  readonly id: number;
  readonly channel: string;
  readonly data: unknown;
}

/** A listener of a channel. */
export type ChannelListener = (message: ChannelMessage) => void;

/** Reads the kept messages of a channel after `cursor`, oldest first. */
export type HistoryReader = (cursor: number) => Promise<ChannelMessage[]>;

interface Channel {
  listeners: Set<ChannelListener>;
  /** The id last delivered to the listeners (undefined: none yet). */
  lastId: number | undefined;
  /** The newest kept id when the subscription started. */
  baseline: number | undefined;
  /** Live messages held back while a gap-fill runs. */
  held: ChannelMessage[] | null;
  /** The gap-fill in flight, and whether another one was asked for. */
  filling: Promise<void> | null;
  again: boolean;
}

function newChannel(): Channel {
  return {
    listeners: new Set(),
    lastId: undefined,
    baseline: undefined,
    held: null,
    filling: null,
    again: false,
  };
}

/**
 * The channels this process listens to. `deliver()` passes a live message
 * on once (ids at or below the last delivered one are dropped);
 * `fill()` catches up from the history after a reconnect or a poke.
 */
export class BusChannels {
  #channels: Map<string, Channel> = new Map();

  /**
   * Adds `listener` to `channel`; `onFirst` runs when the channel gets its
   * first listener, `onLast` when its last one leaves.
   */
  add(
    channel: string,
    listener: ChannelListener,
    hooks: { onFirst(): void; onLast(): void },
  ): () => void {
    const first = !this.#channels.has(channel);
    if (first) this.#channels.set(channel, newChannel());
    const state = this.#channels.get(channel)!;
    const entry: ChannelListener = (message) => listener(message);
    state.listeners.add(entry);
    if (first) hooks.onFirst();
    return () => {
      state.listeners.delete(entry);
      if (state.listeners.size > 0) return;
      if (this.#channels.get(channel) !== state) return;
      this.#channels.delete(channel);
      hooks.onLast();
    };
  }

  /** The channels with listeners. */
  names(): string[] {
    return [...this.#channels.keys()];
  }

  /** The number of listeners of `channel`. */
  count(channel: string): number {
    return this.#channels.get(channel)?.listeners.size ?? 0;
  }

  /** Records the newest kept id when the subscription was confirmed. */
  setBaseline(channel: string, id: number): void {
    const state = this.#channels.get(channel);
    if (state !== undefined && state.baseline === undefined) {
      state.baseline = id;
    }
  }

  /** Passes a live message to the channel's listeners, once. */
  deliver(message: ChannelMessage): void {
    const state = this.#channels.get(message.channel);
    if (state === undefined) return;
    if (state.held !== null) {
      state.held.push(message);
      return;
    }
    if (state.lastId !== undefined && message.id <= state.lastId) return;
    state.lastId = message.id;
    notifyListeners(state.listeners, message);
  }

  /**
   * Delivers what the history holds after the last delivered id, holding
   * live messages back meanwhile. Calls made while one runs make it run
   * once more. Rejects when `read` fails (nothing is lost: the next fill
   * reads from the same cursor).
   */
  fill(channel: string, read: HistoryReader): Promise<void> {
    const state = this.#channels.get(channel);
    if (state === undefined) return Promise.resolve();
    if (state.filling !== null) {
      state.again = true;
      return state.filling;
    }
    state.filling = this.#fillLoop(state, channel, read).finally(() => {
      state.filling = null;
    });
    return state.filling;
  }

  /** Forgets every channel. */
  clear(): void {
    this.#channels.clear();
  }

  async #fillLoop(
    state: Channel,
    channel: string,
    read: HistoryReader,
  ): Promise<void> {
    do {
      state.again = false;
      const cursor = state.lastId ?? state.baseline;
      if (cursor === undefined) return;
      state.held = [];
      let missed: ChannelMessage[] = [];
      try {
        missed = await read(cursor);
      } finally {
        const held = state.held;
        state.held = null;
        for (const message of [...missed, ...held]) this.deliver(message);
      }
    } while (state.again && this.#channels.get(channel) === state);
  }
}

/**
 * Calls each of `listeners` (a snapshot: one that leaves meanwhile is still
 * called) with `message`; a listener that throws is logged, not propagated.
 */
export function notifyListeners<M>(
  listeners: Iterable<(message: M) => void>,
  message: M,
): void {
  for (const listener of [...listeners]) {
    try {
      listener(message);
    } catch (error) {
      console.error("Uncaught exception in a message bus listener", error);
    }
  }
}

/**
 * Settles as `work` does, or rejects with "no answer within N ms" after
 * `ms` (then a later failure of `work` is ignored).
 */
export async function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  work.catch(() => {});
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
