/**
 * Message buses for long polling and websockets: {@linkcode MessageBus},
 * {@linkcode MemoryMessageBus}, {@linkcode BroadcastChannelMessageBus} and
 * {@linkcode MessageBusUnavailableError}.
 *
 * @module
 */

import { HTTPError } from "./errors.ts";
import { notifyListeners } from "../_internal/bus_channels.ts";

/** A message as a bus delivers it. */
export interface BusMessage {
  /**
   * The message's id, which is also the cursor to read on from: ids grow
   * with each message, across channels and restarts (they start from the
   * clock, in microseconds).
   */
  readonly id: number;
  /** The channel it was published on. */
  readonly channel: string;
  /** What was published (a JSON-compatible value). */
  readonly data: unknown;
}

/** Called for each message published on a subscribed channel. */
export type BusListener = (message: BusMessage) => void;

/**
 * Publish/subscribe with a short history, the building block of long
 * polling: a client keeps the id of the last message it saw, asks for
 * `history(channel, cursor)` and, when that is empty, subscribes and waits.
 * Subscribe before reading the history so a message published in between
 * is not missed.
 *
 * Implementations: {@linkcode MemoryMessageBus} (one process),
 * {@linkcode BroadcastChannelMessageBus} (the workers of
 * `deno serve --parallel`) and `RedisMessageBus` from
 * `@tornado-deno/tornado/redis` (several processes or machines).
 *
 * @example A handler that takes any bus
 * ```ts
 * import {
 *   Application,
 *   MemoryMessageBus,
 *   type MessageBus,
 *   RequestHandler,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Latest extends RequestHandler {
 *   #bus!: MessageBus;
 *   override initialize(options: { bus: MessageBus }): void {
 *     this.#bus = options.bus;
 *   }
 *   override async get(): Promise<void> {
 *     const messages = await this.#bus.history("news");
 *     this.write({ latest: messages.at(-1)?.data ?? null });
 *   }
 * }
 * // MemoryMessageBus here; RedisMessageBus or KvMessageBus in production.
 * const bus: MessageBus = new MemoryMessageBus();
 * await bus.publish("news", "hello");
 * const app = new Application([["/", Latest, { bus }]], { logFunction: () => {} });
 * const response = await app.fetch(new Request("http://localhost/"));
 * assert.deepEqual(await response.json(), { latest: "hello" });
 * await bus.close();
 * ```
 */
export interface MessageBus {
  /**
   * Whether the bus can publish now: false while the store behind it
   * (Redis) is unreachable, and after `close()`.
   */
  readonly connected: boolean;
  /**
   * Publishes `data` (a JSON-compatible value) on `channel`; resolves to
   * the message with its id once it is stored, so that every subscriber
   * of every process gets it once, in id order. Rejects with
   * {@linkcode MessageBusUnavailableError} while the store is unreachable.
   */
  publish(channel: string, data: unknown): Promise<BusMessage>;
  /**
   * Calls `listener` for every later message on `channel`, from any
   * publisher; returns the function that unsubscribes.
   */
  subscribe(channel: string, listener: BusListener): () => void;
  /**
   * The kept messages of `channel` with an id above `cursor` (all kept
   * messages without one), oldest first.
   */
  history(channel: string, cursor?: number): Promise<BusMessage[]>;
  /** Releases the bus's resources; it cannot be used afterwards. */
  close(): Promise<void>;
}

/** Options of {@linkcode MessageBusUnavailableError}. */
export interface MessageBusUnavailableErrorOptions {
  /** Seconds a client should wait before retrying (default 2). */
  retryAfter?: number;
  /** The underlying error, kept as `cause`. */
  cause?: unknown;
}

/**
 * A bus could not reach its store (Redis down, Deno KV failing) within its
 * time limit. It is an `HTTPError` 503: a handler that lets it escape
 * answers 503 with a `Retry-After` header and logs one line, no stack.
 *
 * Tornado: none
 *
 * @example A failed publish answers 503
 * ```ts
 * import { MessageBusUnavailableError } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const error = new MessageBusUnavailableError("Cannot publish: Redis is down");
 * assert.equal(error.statusCode, 503);
 * assert.equal(error.retryAfter, 2);
 * ```
 */
export class MessageBusUnavailableError extends HTTPError {
  /** Seconds a client should wait before retrying. */
  retryAfter: number;

  /** Makes the error; `message` goes to the log only. */
  constructor(
    message: string,
    options: MessageBusUnavailableErrorOptions = {},
  ) {
    super(503, message, { cause: options.cause });
    this.name = "MessageBusUnavailableError";
    this.message = message;
    this.retryAfter = options.retryAfter ?? 2;
  }
}

/** Options of the bundled message buses. */
export interface MessageBusOptions {
  /** Messages kept per channel for `history()` (default 200). */
  historySize?: number;
}

/** Options of {@linkcode BroadcastChannelMessageBus}. */
export interface BroadcastChannelMessageBusOptions extends MessageBusOptions {
  /** The `BroadcastChannel` name the workers share (default "tornado-bus"). */
  name?: string;
}

const DEFAULT_HISTORY_SIZE = 200;

/**
 * A message bus inside one process, with the last `historySize` messages
 * of each channel kept in memory. The default choice for a single server.
 *
 * Tornado: the `MessageBuffer` of Tornado's chat demo
 *
 * @example Publish, then read from a cursor
 * ```ts
 * import { MemoryMessageBus } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const bus = new MemoryMessageBus();
 * const seen: unknown[] = [];
 * const unsubscribe = bus.subscribe("room", (m) => seen.push(m.data));
 * const first = await bus.publish("room", "hello");
 * await bus.publish("room", "world");
 * assert.deepEqual(seen, ["hello", "world"]);
 * const since = await bus.history("room", first.id);
 * assert.deepEqual(since.map((m) => m.data), ["world"]);
 * unsubscribe();
 * await bus.close();
 * ```
 */
export class MemoryMessageBus implements MessageBus {
  #history: Map<string, BusMessage[]> = new Map();
  #listeners: Map<string, Set<BusListener>> = new Map();
  #historySize: number;
  #lastId = 0;
  #lane: number;
  #closed = false;

  /**
   * Makes an empty bus.
   *
   * @throws {RangeError} When `historySize` is not a positive integer.
   */
  constructor(options: MessageBusOptions = {}) {
    const size = options.historySize ?? DEFAULT_HISTORY_SIZE;
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(
        `Cannot keep a history of ${size} messages: historySize must be a positive integer`,
      );
    }
    this.#historySize = size;
    // Each bus's ids end in its own lane (the last three digits), so that
    // buses of different workers publishing at once never hand out the same
    // id: a random lane, 1 in 1,000 chance that two workers share one.
    this.#lane = Math.floor(Math.random() * 1000);
  }

  /**
   * Publishes on `channel` and calls its listeners.
   *
   * @throws {Error} After `close()` (rejected).
   */
  publish(channel: string, data: unknown): Promise<BusMessage> {
    if (this.#closed) {
      return Promise.reject(new Error("Cannot publish: the bus is closed"));
    }
    // Milliseconds, or past every id seen, times 1,000, plus the lane.
    const base = Math.max(Date.now(), Math.floor(this.#lastId / 1000) + 1);
    const id = base * 1000 + this.#lane;
    const message: BusMessage = { id, channel, data };
    this.deliver(message);
    return Promise.resolve(message);
  }

  /** True until `close()`. */
  get connected(): boolean {
    return !this.#closed;
  }

  /** Calls `listener` for each later message on `channel`. */
  subscribe(channel: string, listener: BusListener): () => void {
    let set = this.#listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(channel, set);
    }
    // Wrapped, so the same function may subscribe twice.
    const entry: BusListener = (message) => listener(message);
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.#listeners.get(channel) === set) {
        this.#listeners.delete(channel);
      }
    };
  }

  /** The kept messages of `channel` after `cursor`. */
  history(channel: string, cursor: number = 0): Promise<BusMessage[]> {
    const kept = this.#history.get(channel) ?? [];
    let start = kept.length;
    while (start > 0 && kept[start - 1]!.id > cursor) start--;
    return Promise.resolve(kept.slice(start));
  }

  /** Drops the history and every listener. */
  close(): Promise<void> {
    this.#closed = true;
    this.#history.clear();
    this.#listeners.clear();
    return Promise.resolve();
  }

  /** The number of listeners of `channel` (for tests and metrics). */
  listenerCount(channel: string): number {
    return this.#listeners.get(channel)?.size ?? 0;
  }

  /**
   * Stores a message (published here or arriving from elsewhere, in id
   * order or not) and calls the channel's listeners. For subclasses that
   * carry messages between processes.
   */
  protected deliver(message: BusMessage): void {
    if (this.#closed) return;
    if (message.id > this.#lastId) this.#lastId = message.id;
    let kept = this.#history.get(message.channel);
    if (kept === undefined) {
      kept = [];
      this.#history.set(message.channel, kept);
    }
    let at = kept.length;
    while (at > 0 && kept[at - 1]!.id > message.id) at--;
    kept.splice(at, 0, message);
    if (kept.length > this.#historySize) {
      kept.splice(0, kept.length - this.#historySize);
    }
    const listeners = this.#listeners.get(message.channel);
    if (listeners !== undefined) notifyListeners(listeners, message);
  }
}

/**
 * A message bus shared by the workers of `deno serve --parallel` (or any
 * workers of one process) through a `BroadcastChannel`. Each worker keeps
 * its own history of what it published or received since it started.
 *
 * Ids are each worker's clock in milliseconds (or just past the highest id
 * it has seen) times 1,000 plus a lane of three digits that the worker
 * picks at random, so they grow across workers and two workers publishing
 * at once hand out different ids (unless both drew the same lane, a
 * 1-in-1,000 chance per pair of workers). Messages published in the same
 * instant by two workers may be numbered in an order that differs from
 * their arrival. Use `RedisMessageBus` when that matters or for several
 * processes.
 *
 * @example Two buses on the same name share messages
 * ```ts
 * import { BroadcastChannelMessageBus } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const a = new BroadcastChannelMessageBus({ name: "doc-example" });
 * const b = new BroadcastChannelMessageBus({ name: "doc-example" });
 * const got = new Promise((resolve) => {
 *   const stop = b.subscribe("news", (m) => {
 *     stop();
 *     resolve(m.data);
 *   });
 * });
 * await a.publish("news", { title: "hi" });
 * assert.deepEqual(await got, { title: "hi" });
 * await a.close();
 * await b.close();
 * ```
 */
export class BroadcastChannelMessageBus extends MemoryMessageBus {
  #channel: BroadcastChannel;

  /** Joins the broadcast channel `name`. */
  constructor(options: BroadcastChannelMessageBusOptions = {}) {
    super(options);
    this.#channel = new BroadcastChannel(options.name ?? "tornado-bus");
    this.#channel.onmessage = (event: MessageEvent) => {
      const message = event.data as BusMessage;
      if (
        message === null || typeof message !== "object" ||
        typeof message.id !== "number" || typeof message.channel !== "string"
      ) return;
      this.deliver(message);
    };
  }

  /**
   * Publishes on `channel` here and in the other workers.
   *
   * @throws {Error} After `close()` (rejected), or when `data` cannot be
   * cloned.
   */
  override async publish(channel: string, data: unknown): Promise<BusMessage> {
    const message = await super.publish(channel, data);
    this.#channel.postMessage(message);
    return message;
  }

  /** Leaves the broadcast channel and drops the history. */
  override async close(): Promise<void> {
    this.#channel.onmessage = null;
    this.#channel.close();
    await super.close();
  }
}
