/**
 * {@linkcode RedisMessageBus}: a message bus shared through Redis.
 *
 * @module
 */

import { createClient, type RedisClientType } from "redis";
import type { BusListener, BusMessage, MessageBus } from "../web/mod.ts";

/** Options of {@linkcode RedisMessageBus.connect}. */
export interface RedisMessageBusOptions {
  /** The Redis server (default `redis://127.0.0.1:6379`). */
  url?: string;
  /** Prefix of the keys and pub/sub channels used (default "tornado:bus"). */
  prefix?: string;
  /** Messages kept per channel for `history()` (default 200). */
  historySize?: number;
}

// Gives the message the next id (never below the publisher's clock in
// microseconds, so ids keep growing if Redis loses its data), keeps it in
// the channel's bounded history and publishes it, all in one atomic step.
const PUBLISH_SCRIPT = `
local id = redis.call('INCR', KEYS[1])
local now = tonumber(ARGV[1])
if id < now then
  id = now
  redis.call('SET', KEYS[1], string.format('%d', now))
end
local message = '{"id":' .. string.format('%d', id) .. ARGV[2]
redis.call('RPUSH', KEYS[2], message)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('PUBLISH', KEYS[3], message)
return message
`;

/**
 * A message bus kept in Redis, for several server processes or machines:
 * ids come from one Redis counter, the history of each channel is a
 * bounded Redis list, and messages travel by Redis pub/sub. Uses two
 * connections (one for commands, one for subscriptions).
 *
 * Tornado: none (Tornado's chat demo keeps messages in one process)
 *
 * @example Publish and read back (needs a Redis server)
 * ```ts ignore
 * import { RedisMessageBus } from "@tornado-deno/tornado/redis";
 * import assert from "node:assert/strict";
 *
 * const bus = await RedisMessageBus.connect({ url: "redis://127.0.0.1:6379" });
 * const message = await bus.publish("room", { body: "hi" });
 * assert.deepEqual(await bus.history("room", message.id - 1), [message]);
 * await bus.close();
 * ```
 */
export class RedisMessageBus implements MessageBus {
  #client: RedisClientType;
  #subscriber: RedisClientType;
  #prefix: string;
  #historySize: number;
  #listeners: Map<string, Set<BusListener>> = new Map();
  #subscribed: Map<string, Promise<void>> = new Map();
  #closed = false;

  private constructor(
    client: RedisClientType,
    subscriber: RedisClientType,
    prefix: string,
    historySize: number,
  ) {
    this.#client = client;
    this.#subscriber = subscriber;
    this.#prefix = prefix;
    this.#historySize = historySize;
  }

  /**
   * Connects to Redis and returns the bus.
   *
   * @throws {RangeError} When `historySize` is not a positive integer.
   * @throws {Error} When Redis cannot be reached (rejected).
   */
  static async connect(
    options: RedisMessageBusOptions = {},
  ): Promise<RedisMessageBus> {
    const historySize = options.historySize ?? 200;
    if (!Number.isInteger(historySize) || historySize < 1) {
      throw new RangeError(
        `Cannot keep a history of ${historySize} messages: historySize must be a positive integer`,
      );
    }
    const client = createClient({
      url: options.url ?? "redis://127.0.0.1:6379",
      socket: {
        reconnectStrategy: (retries: number) => Math.min(retries * 100, 2000),
      },
    }) as RedisClientType;
    client.on("error", (error: unknown) => {
      console.error("Redis message bus connection error", error);
    });
    await client.connect();
    const subscriber = client.duplicate() as RedisClientType;
    subscriber.on("error", (error: unknown) => {
      console.error("Redis message bus subscriber error", error);
    });
    try {
      await subscriber.connect();
    } catch (error) {
      client.destroy();
      throw error;
    }
    return new RedisMessageBus(
      client,
      subscriber,
      options.prefix ?? "tornado:bus",
      historySize,
    );
  }

  /**
   * Publishes on `channel`, for every process on this Redis.
   *
   * @throws {Error} After `close()` or when Redis fails (rejected).
   * @throws {TypeError} When `data` cannot be written as JSON (rejected).
   */
  async publish(channel: string, data: unknown): Promise<BusMessage> {
    if (this.#closed) throw new Error("Cannot publish: the bus is closed");
    const json = JSON.stringify(data);
    if (json === undefined) {
      throw new TypeError("Cannot publish a value that JSON cannot hold");
    }
    const rest = `,"channel":${JSON.stringify(channel)},"data":${json}}`;
    const reply = await this.#client.eval(PUBLISH_SCRIPT, {
      keys: [
        `${this.#prefix}:seq`,
        this.#historyKey(channel),
        this.#pubsubChannel(channel),
      ],
      arguments: [
        String(Date.now() * 1000),
        rest,
        String(this.#historySize),
      ],
    });
    return JSON.parse(String(reply)) as BusMessage;
  }

  /**
   * Calls `listener` for each later message on `channel` from any process.
   * A `history()` call made after this waits until Redis has confirmed the
   * subscription, so nothing published in between is missed.
   */
  subscribe(channel: string, listener: BusListener): () => void {
    let set = this.#listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(channel, set);
      const ready = this.#subscriber.subscribe(
        this.#pubsubChannel(channel),
        (text: string) => this.#dispatch(channel, text),
      ).catch((error: unknown) => {
        console.error(`Cannot subscribe to "${channel}"`, error);
      });
      this.#subscribed.set(channel, ready);
    }
    const entry: BusListener = (message) => listener(message);
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size > 0 || this.#listeners.get(channel) !== set) return;
      this.#listeners.delete(channel);
      this.#subscribed.delete(channel);
      if (this.#closed) return;
      this.#subscriber.unsubscribe(this.#pubsubChannel(channel)).catch(
        () => {},
      );
    };
  }

  /**
   * The kept messages of `channel` after `cursor`, oldest first.
   *
   * @throws {Error} After `close()` or when Redis fails (rejected).
   */
  async history(channel: string, cursor: number = 0): Promise<BusMessage[]> {
    if (this.#closed) throw new Error("Cannot read history: the bus is closed");
    await this.#subscribed.get(channel);
    const items = await this.#client.lRange(this.#historyKey(channel), 0, -1);
    const out: BusMessage[] = [];
    for (const item of items) {
      const message = JSON.parse(String(item)) as BusMessage;
      if (message.id > cursor) out.push(message);
    }
    return out;
  }

  /** The number of listeners of `channel` in this process. */
  listenerCount(channel: string): number {
    return this.#listeners.get(channel)?.size ?? 0;
  }

  /** Closes both Redis connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    this.#subscribed.clear();
    await Promise.allSettled([this.#subscriber.close(), this.#client.close()]);
  }

  #dispatch(channel: string, text: string): void {
    const listeners = this.#listeners.get(channel);
    if (listeners === undefined) return;
    let message: BusMessage;
    try {
      message = JSON.parse(text) as BusMessage;
    } catch {
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        console.error("Uncaught exception in a message bus listener", error);
      }
    }
  }

  #historyKey(channel: string): string {
    return `${this.#prefix}:history:${channel}`;
  }

  #pubsubChannel(channel: string): string {
    return `${this.#prefix}:channel:${channel}`;
  }
}
