/**
 * {@linkcode RedisMessageBus}: a message bus shared through Redis.
 *
 * @module
 */

import { createClient, ErrorReply, type RedisClientType } from "redis";
import {
  type BusListener,
  type BusMessage,
  type MessageBus,
  MessageBusUnavailableError,
} from "../web/mod.ts";
import {
  BusChannels,
  type ChannelMessage,
  withinTime,
} from "../_internal/bus_channels.ts";

/** Options of {@linkcode RedisMessageBus.connect}. */
export interface RedisMessageBusOptions {
  /**
   * The Redis server (default `redis://127.0.0.1:6379`):
   * `redis://:password@host:port/db`, or `rediss://` for TLS.
   */
  url?: string;
  /** Prefix of the keys and pub/sub channels used (default "tornado:bus"). */
  prefix?: string;
  /** Messages kept per channel for `history()` (default 200). */
  historySize?: number;
  /**
   * Milliseconds a command (and `connect()`) may take before it fails with
   * `MessageBusUnavailableError` (default 2000). While Redis is
   * unreachable, commands fail at once: nothing is queued.
   */
  timeout?: number;
  /** PEM certificate(s) of the CA that signed a `rediss://` server's. */
  ca?: string | string[];
}

// Gives the message the next id (never below the floor the publisher
// passes: its clock in microseconds and the highest id it has seen, so ids
// keep growing if Redis loses its data), keeps it in the channel's bounded
// history and publishes it, all in one atomic step.
const PUBLISH_SCRIPT = `
local id = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if id < floor then
  id = floor
  redis.call('SET', KEYS[1], string.format('%d', floor))
end
local message = '{"id":' .. string.format('%d', id) .. ARGV[2]
redis.call('RPUSH', KEYS[2], message)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('PUBLISH', KEYS[3], message)
return message
`;

const DEFAULT_TIMEOUT = 2000;
// Commands sent but unanswered (Redis frozen): past this, fail at once.
const MAX_QUEUED_COMMANDS = 10_000;

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot use ${what} ${value}: ${what} must be a positive integer`,
    );
  }
  return value;
}

function makeClient(options: RedisMessageBusOptions): RedisClientType {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const socket: Record<string, unknown> = {
    connectTimeout: timeout,
    reconnectStrategy: (retries: number) => Math.min(50 + retries * 100, 1000),
  };
  if (options.ca !== undefined) socket.ca = options.ca;
  return createClient({
    url: options.url ?? "redis://127.0.0.1:6379",
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    commandOptions: { timeout },
    socket,
  }) as RedisClientType;
}

// Rejects when connecting takes longer than `timeout`, or at once when
// Redis refuses (a wrong password) or the TLS certificate is not trusted:
// retrying would not help. `stop()` ends the wait.
function refusal(
  clients: RedisClientType[],
  timeout: number,
): { refused: Promise<never>; stop: () => void } {
  let stop: () => void = () => {};
  const refused = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => {
      reject(
        new MessageBusUnavailableError(
          `Cannot connect to Redis within ${timeout} ms`,
        ),
      );
    }, timeout);
    const onError = (error: unknown) => {
      if (isFatal(error)) reject(error);
    };
    for (const client of clients) client.on("error", onError);
    stop = () => {
      clearTimeout(timer);
      for (const client of clients) client.off("error", onError);
    };
  });
  return { refused, stop };
}

function isFatal(error: unknown): boolean {
  return error instanceof ErrorReply ||
    (error instanceof Error && /certificate/i.test(error.message));
}

/**
 * A message bus kept in Redis, for several server processes or machines:
 * ids come from one Redis counter, the history of each channel is a
 * bounded Redis list, and messages travel by Redis pub/sub. Uses two
 * connections (one for commands, one for subscriptions).
 *
 * Delivery: pub/sub carries messages in id order while connected; after a
 * reconnect each channel catches up from its history, from the last id it
 * delivered, so an acknowledged message reaches every subscriber once
 * unless more than `historySize` messages were published meanwhile.
 * While Redis is unreachable, `publish()` and `history()` reject within
 * `timeout` with `MessageBusUnavailableError`; subscribers stay.
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
  #retryAfter: number;
  #timeout: number;
  #channels: BusChannels = new BusChannels();
  #subscribed: Map<string, Promise<void>> = new Map();
  #leaving: Map<string, Promise<unknown>> = new Map();
  #lastId = 0;
  #down = false;
  #closed = false;

  private constructor(
    client: RedisClientType,
    subscriber: RedisClientType,
    options: RedisMessageBusOptions,
  ) {
    this.#client = client;
    this.#subscriber = subscriber;
    this.#prefix = options.prefix ?? "tornado:bus";
    this.#historySize = options.historySize ?? 200;
    this.#timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.#retryAfter = Math.max(1, Math.ceil((options.timeout ?? 2000) / 1000));
    for (const connection of [client, subscriber]) {
      connection.on("error", (error: unknown) => this.#lost(error));
      connection.on("ready", () => this.#ready());
    }
  }

  /**
   * Connects to Redis and returns the bus.
   *
   * @throws {RangeError} When `historySize` or `timeout` is not a positive
   * integer.
   * @throws {MessageBusUnavailableError} When Redis cannot be reached
   * within `timeout` (rejected).
   * @throws {Error} When Redis refuses the connection, e.g. a wrong
   * password (rejected).
   */
  static async connect(
    options: RedisMessageBusOptions = {},
  ): Promise<RedisMessageBus> {
    positiveInteger(options.historySize ?? 200, "historySize");
    const timeout = positiveInteger(options.timeout ?? 2000, "timeout");
    const client = makeClient(options);
    const subscriber = client.duplicate() as RedisClientType;
    const bus = new RedisMessageBus(client, subscriber, options);
    const { refused, stop } = refusal([client, subscriber], timeout);
    try {
      await Promise.race([
        Promise.all([client.connect(), subscriber.connect()]),
        refused,
      ]);
    } catch (error) {
      client.destroy();
      subscriber.destroy();
      throw error;
    } finally {
      stop();
    }
    return bus;
  }

  /** Whether both Redis connections are up (false after `close()`). */
  get connected(): boolean {
    return !this.#closed && this.#client.isReady && this.#subscriber.isReady;
  }

  /**
   * Publishes on `channel`, for every process on this Redis.
   *
   * @throws {Error} After `close()` (rejected).
   * @throws {TypeError} When `data` cannot be written as JSON (rejected).
   * @throws {MessageBusUnavailableError} When Redis is unreachable or
   * does not answer within `timeout` (rejected).
   */
  async publish(channel: string, data: unknown): Promise<BusMessage> {
    if (this.#closed) throw new Error("Cannot publish: the bus is closed");
    const json = JSON.stringify(data);
    if (json === undefined) {
      throw new TypeError("Cannot publish a value that JSON cannot hold");
    }
    const rest = `,"channel":${JSON.stringify(channel)},"data":${json}}`;
    const floor = Math.max(Date.now() * 1000, this.#lastId + 1);
    const reply = await this.#run(
      "publish",
      () =>
        this.#client.eval(PUBLISH_SCRIPT, {
          keys: [
            `${this.#prefix}:seq`,
            this.#historyKey(channel),
            this.#pubsubChannel(channel),
          ],
          arguments: [String(floor), rest, String(this.#historySize)],
        }),
    );
    const message = JSON.parse(String(reply)) as BusMessage;
    this.#see(message.id);
    return message;
  }

  /**
   * Calls `listener` for each later message on `channel` from any process,
   * once each and in id order, also across reconnects. A `history()` call
   * made after this waits until Redis has confirmed the subscription, so
   * nothing published in between is missed.
   */
  subscribe(channel: string, listener: BusListener): () => void {
    return this.#channels.add(
      channel,
      listener as (m: ChannelMessage) => void,
      {
        onFirst: () => this.#listen(channel),
        onLast: () => {
          this.#subscribed.delete(channel);
          if (this.#closed || !this.#subscriber.isReady) return;
          const left = this.#subscriber.unsubscribe(
            this.#pubsubChannel(channel),
          ).catch(() => {}).finally(() => {
            if (this.#leaving.get(channel) === left) {
              this.#leaving.delete(channel);
            }
          });
          this.#leaving.set(channel, left);
        },
      },
    );
  }

  /**
   * The kept messages of `channel` after `cursor`, oldest first.
   *
   * @throws {Error} After `close()` (rejected).
   * @throws {MessageBusUnavailableError} When Redis is unreachable
   * (rejected).
   */
  async history(channel: string, cursor: number = 0): Promise<BusMessage[]> {
    if (this.#closed) throw new Error("Cannot read history: the bus is closed");
    return await this.#run("read history", async () => {
      await this.#subscribed.get(channel);
      return await this.#read(channel, cursor);
    });
  }

  /** The number of listeners of `channel` in this process. */
  listenerCount(channel: string): number {
    return this.#channels.count(channel);
  }

  /** Closes both Redis connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#channels.clear();
    this.#subscribed.clear();
    await Promise.allSettled(
      [this.#subscriber, this.#client].map((c) =>
        c.isOpen ? c.close() : Promise.resolve(c.destroy())
      ),
    );
  }

  async #read(channel: string, cursor: number): Promise<BusMessage[]> {
    const items = await this.#client.lRange(this.#historyKey(channel), 0, -1);
    const out: BusMessage[] = [];
    for (const item of items) {
      const message = JSON.parse(String(item)) as BusMessage;
      this.#see(message.id);
      if (message.id > cursor) out.push(message);
    }
    return out;
  }

  // Subscribes in Redis, then notes the newest kept id as the cursor a
  // later gap-fill starts from. Failures are retried on reconnect.
  #listen(channel: string): void {
    const leaving = this.#leaving.get(channel);
    const ready = (leaving ?? Promise.resolve()).then(() =>
      this.#subscriber.subscribe(
        this.#pubsubChannel(channel),
        (text: string) => this.#dispatch(text),
      )
    ).then(async () => {
      const newest = await this.#client.lIndex(this.#historyKey(channel), -1);
      const id = newest === null ? 0 : (JSON.parse(newest) as BusMessage).id;
      this.#channels.setBaseline(channel, id);
    }).catch(() => {
      if (this.#subscribed.get(channel) === ready) {
        this.#subscribed.delete(channel);
      }
    });
    this.#subscribed.set(channel, ready);
  }

  #dispatch(text: string): void {
    let message: BusMessage;
    try {
      message = JSON.parse(text) as BusMessage;
    } catch {
      return;
    }
    this.#see(message.id);
    this.#channels.deliver(message);
  }

  // A connection is (back) up: once both are, subscribe what failed to
  // and catch every channel up from its history.
  #ready(): void {
    if (this.#closed || !this.connected) return;
    if (this.#down) console.info("Redis message bus reconnected");
    this.#down = false;
    for (const channel of this.#channels.names()) {
      if (!this.#subscribed.has(channel)) this.#listen(channel);
      this.#catchUp(channel);
    }
  }

  #catchUp(channel: string): void {
    const read = (cursor: number) =>
      this.#run("catch up", () => this.#read(channel, cursor));
    this.#channels.fill(channel, read).catch(() => {
      // Redis went away again: the next "ready" catches up.
    });
  }

  #lost(error: unknown): void {
    if (this.#down || this.#closed) return;
    this.#down = true;
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`Redis message bus disconnected: ${reason}`);
  }

  #see(id: number): void {
    if (id > this.#lastId) this.#lastId = id;
  }

  // Runs a command, failing with MessageBusUnavailableError when Redis is
  // offline (at once: nothing is queued) or silent for `timeout` ms.
  async #run<T>(action: string, command: () => Promise<T>): Promise<T> {
    try {
      return await withinTime(command(), this.#timeout);
    } catch (error) {
      if (error instanceof ErrorReply) throw error;
      throw new MessageBusUnavailableError(
        `Cannot ${action}: Redis is unreachable (${
          error instanceof Error ? error.message : error
        })`,
        { cause: error, retryAfter: this.#retryAfter },
      );
    }
  }

  #historyKey(channel: string): string {
    return `${this.#prefix}:history:${channel}`;
  }

  #pubsubChannel(channel: string): string {
    return `${this.#prefix}:channel:${channel}`;
  }
}
