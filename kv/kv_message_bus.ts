/**
 * {@linkcode KvMessageBus}: a message bus kept in Deno KV.
 *
 * @module
 */

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

/** Options of {@linkcode KvMessageBus.open}. */
export interface KvMessageBusOptions {
  /**
   * The database `Deno.openKv(path)` opens (default: the default one, which
   * on Deno Deploy is the project's database). Ignored with `kv`.
   */
  path?: string;
  /** An open database to use instead; `close()` leaves it open. */
  kv?: Deno.Kv;
  /** First part of every key the bus writes (default "tornado-bus"). */
  prefix?: string;
  /** Messages kept per channel for `history()` (default 200). */
  historySize?: number;
  /**
   * Milliseconds between reads of the channels' counters, which is what
   * carries messages between processes sharing a local KV file: `watch()`
   * does not see other processes' writes there (default 250). On Deno
   * Deploy `watch()` crosses isolates; 0 turns polling off.
   */
  pollInterval?: number;
  /**
   * Milliseconds a publish or read may take before it fails with
   * `MessageBusUnavailableError` (default 2000).
   */
  timeout?: number;
}

const MAX_ATTEMPTS = 50;

function checkedNumber(value: number, what: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      `Cannot use ${what} ${value}: ${what} must be an integer of at least ${min}`,
    );
  }
  return value;
}

/**
 * A message bus in Deno KV, for Deno Deploy (where `BroadcastChannel` does
 * not cross isolates) or several local processes sharing one KV file.
 * Needs `--unstable-kv` locally.
 *
 * Layout: `[prefix, "seq"]` holds the last id, `[prefix, "n", channel]`
 * counts the channel's messages, and message number `n` is kept at
 * `[prefix, "m", channel, n % historySize]`, so the history is bounded
 * without deleting. A publish writes the three in one atomic commit that
 * checks the counters, so ids follow commit order.
 *
 * Delivery: subscribers always read from the history, from the id they
 * last delivered, when `watch()` sees a channel's counter change, when a
 * poll (every `pollInterval`) does, and after a publish here. So every
 * message reaches every subscriber once, in id order, within about
 * `pollInterval` across processes.
 *
 * Tornado: none
 *
 * @example Publish and read back
 * ```ts
 * import { KvMessageBus } from "@tornado-deno/tornado/kv";
 * import assert from "node:assert/strict";
 *
 * const bus = await KvMessageBus.open({ path: ":memory:", pollInterval: 0 });
 * const seen: unknown[] = [];
 * const stop = bus.subscribe("room", (m) => seen.push(m.data));
 * await bus.history("room"); // the subscription is in place
 * const message = await bus.publish("room", { body: "hi" });
 * assert.deepEqual(seen, [{ body: "hi" }]);
 * assert.deepEqual(await bus.history("room", message.id - 1), [message]);
 * stop();
 * await bus.close();
 * ```
 */
export class KvMessageBus implements MessageBus {
  #kv: Deno.Kv;
  #ownsKv: boolean;
  #prefix: string;
  #historySize: number;
  #timeout: number;
  #channels: BusChannels = new BusChannels();
  #ready: Map<string, Promise<void>> = new Map();
  #watches: Map<string, ReadableStreamDefaultReader<unknown>> = new Map();
  #counts: Map<string, bigint | number | null> = new Map();
  #poller: ReturnType<typeof setInterval> | undefined;
  #lastId = 0;
  #closed = false;

  private constructor(
    kv: Deno.Kv,
    owns: boolean,
    options: KvMessageBusOptions,
  ) {
    this.#kv = kv;
    this.#ownsKv = owns;
    this.#prefix = options.prefix ?? "tornado-bus";
    this.#historySize = options.historySize ?? 200;
    this.#timeout = options.timeout ?? 2000;
    const interval = options.pollInterval ?? 250;
    if (interval > 0) {
      this.#poller = setInterval(() => this.#poll(), interval);
    }
  }

  /**
   * Opens the database (unless `kv` is given) and returns the bus.
   *
   * @throws {RangeError} When `historySize`, `timeout` or `pollInterval`
   * is out of range.
   * @throws {TypeError} When `Deno.openKv` is missing (run with
   * `--unstable-kv`).
   */
  static async open(options: KvMessageBusOptions = {}): Promise<KvMessageBus> {
    checkedNumber(options.historySize ?? 200, "historySize", 1);
    checkedNumber(options.timeout ?? 2000, "timeout", 1);
    checkedNumber(options.pollInterval ?? 250, "pollInterval", 0);
    if (options.kv !== undefined) {
      return new KvMessageBus(options.kv, false, options);
    }
    if (typeof Deno.openKv !== "function") {
      throw new TypeError(
        "Cannot open Deno KV: Deno.openKv is missing (run with --unstable-kv)",
      );
    }
    const kv = await Deno.openKv(options.path);
    return new KvMessageBus(kv, true, options);
  }

  /** True until `close()`. */
  get connected(): boolean {
    return !this.#closed;
  }

  /**
   * Publishes on `channel`; resolves once it is stored and the listeners
   * here have been called.
   *
   * @throws {Error} After `close()` (rejected).
   * @throws {TypeError} When `data` cannot be stored (rejected).
   * @throws {MessageBusUnavailableError} When KV fails or stays contended
   * past `timeout` (rejected).
   */
  async publish(channel: string, data: unknown): Promise<BusMessage> {
    if (this.#closed) throw new Error("Cannot publish: the bus is closed");
    if (JSON.stringify(data) === undefined) {
      throw new TypeError("Cannot publish a value that JSON cannot hold");
    }
    const message = await this.#run(
      "publish",
      () => this.#commit(channel, data),
    );
    this.#see(message.id);
    await this.#catchUp(channel);
    return message;
  }

  /**
   * Calls `listener` for each later message on `channel` from any process,
   * once each and in id order. A `history()` call made after this waits
   * until the subscription is in place.
   */
  subscribe(channel: string, listener: BusListener): () => void {
    return this.#channels.add(
      channel,
      listener as (m: ChannelMessage) => void,
      {
        onFirst: () => this.#listen(channel),
        onLast: () => {
          this.#ready.delete(channel);
          this.#counts.delete(channel);
          this.#watches.get(channel)?.cancel().catch(() => {});
          this.#watches.delete(channel);
        },
      },
    );
  }

  /**
   * The kept messages of `channel` after `cursor`, oldest first.
   *
   * @throws {Error} After `close()` (rejected).
   * @throws {MessageBusUnavailableError} When KV fails (rejected).
   */
  async history(channel: string, cursor: number = 0): Promise<BusMessage[]> {
    if (this.#closed) throw new Error("Cannot read history: the bus is closed");
    await this.#ready.get(channel);
    return await this.#run("read history", () => this.#read(channel, cursor));
  }

  /** The number of listeners of `channel` in this process. */
  listenerCount(channel: string): number {
    return this.#channels.count(channel);
  }

  /** Stops watching and polling, and closes the database if it opened it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#poller);
    this.#channels.clear();
    const watches = [...this.#watches.values()];
    this.#watches.clear();
    await Promise.allSettled([...this.#ready.values()]);
    await Promise.allSettled(watches.map((w) => w.cancel()));
    if (this.#ownsKv) this.#kv.close();
  }

  async #commit(channel: string, data: unknown): Promise<BusMessage> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        const message = await this.#tryCommit(channel, data);
        if (message !== null) return message;
      } catch (error) {
        // SQLite refuses a writer while another process writes: retry.
        if (!/database is locked|busy/i.test(String(error))) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    }
    throw new Error(`Cannot publish on "${channel}": too much contention`);
  }

  // One optimistic attempt: null when another publisher came first.
  async #tryCommit(channel: string, data: unknown): Promise<BusMessage | null> {
    const seqKey = [this.#prefix, "seq"];
    const countKey = [this.#prefix, "n", channel];
    const [seq, count] = await this.#kv.getMany<[number, number]>([
      seqKey,
      countKey,
    ]);
    const id = Math.max(
      (seq.value ?? 0) + 1,
      Date.now() * 1000,
      this.#lastId + 1,
    );
    const n = (count.value ?? 0) + 1;
    const message: BusMessage = { id, channel, data };
    const result = await this.#kv.atomic().check(seq, count)
      .set(seqKey, id).set(countKey, n)
      .set([this.#prefix, "m", channel, n % this.#historySize], message)
      .commit();
    return result.ok ? message : null;
  }

  async #read(channel: string, cursor: number): Promise<BusMessage[]> {
    const out: BusMessage[] = [];
    const prefix = [this.#prefix, "m", channel];
    for await (const entry of this.#kv.list<BusMessage>({ prefix })) {
      this.#see(entry.value.id);
      if (entry.value.id > cursor) out.push(entry.value);
    }
    out.sort((a, b) => a.id - b.id);
    return out.slice(-this.#historySize);
  }

  // Notes the newest kept id as where delivery starts, then watches the
  // channel's counter.
  #listen(channel: string): void {
    const ready = this.#read(channel, 0).then((kept) => {
      this.#channels.setBaseline(channel, kept.at(-1)?.id ?? 0);
    }).catch((error: unknown) => {
      console.warn(`Cannot read the history of "${channel}": ${error}`);
      this.#channels.setBaseline(channel, 0);
    });
    this.#ready.set(channel, ready);
    const reader = this.#kv.watch([[this.#prefix, "n", channel]]).getReader();
    this.#watches.set(channel, reader);
    (async () => {
      while (!(await reader.read()).done) void this.#catchUp(channel);
    })().catch(() => {});
  }

  // Reads every subscribed channel's counter; catches up those that moved.
  async #poll(): Promise<void> {
    const channels = this.#channels.names();
    if (channels.length === 0 || this.#closed) return;
    try {
      for (let i = 0; i < channels.length; i += 10) {
        const batch = channels.slice(i, i + 10);
        const entries = await this.#kv.getMany(
          batch.map((c) => [this.#prefix, "n", c]),
        );
        entries.forEach((entry, at) => {
          const channel = batch[at]!;
          const value = entry.value as number | null;
          if (this.#counts.get(channel) === value) return;
          this.#counts.set(channel, value);
          void this.#catchUp(channel);
        });
      }
    } catch {
      // KV failed for a moment: the next poll retries.
    }
  }

  async #catchUp(channel: string): Promise<void> {
    await this.#ready.get(channel);
    if (this.#closed) return;
    await this.#channels.fill(channel, (cursor) => this.#read(channel, cursor))
      .catch((error: unknown) => {
        if (!this.#closed) {
          console.warn(`Cannot catch up "${channel}": ${error}`);
        }
      });
  }

  #see(id: number): void {
    if (id > this.#lastId) this.#lastId = id;
  }

  async #run<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withinTime(work(), this.#timeout);
    } catch (error) {
      if (error instanceof TypeError && !/locked|closed/.test(error.message)) {
        throw error;
      }
      throw new MessageBusUnavailableError(
        `Cannot ${action}: Deno KV failed (${
          error instanceof Error ? error.message : error
        })`,
        { cause: error, retryAfter: Math.ceil(this.#timeout / 1000) },
      );
    }
  }
}
