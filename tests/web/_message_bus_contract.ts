// The contract every MessageBus keeps, run against each bus by its own test
// file (tests/web/message_bus_test.ts, tests/redis/, tests/kv/).
import assert from "node:assert/strict";
import type { BusMessage, MessageBus } from "../../web/mod.ts";

/** A place where buses of one kind meet (a Redis server, a KV file). */
export interface BusBackend {
  /** A new bus on the backend (another "process" for shared kinds). */
  open(options?: { historySize?: number }): Promise<MessageBus>;
  /** Frees the backend once the test is over. */
  close(): Promise<void>;
}

/** How to make backends of one kind, and what the kind promises. */
export interface BusKind {
  name: string;
  /** A fresh backend for one test. */
  backend(): Promise<BusBackend>;
  /** Buses opened on one backend share messages. */
  shared: boolean;
  /** A bus opened later still sees the history (it survives restarts). */
  persistent: boolean;
  /** Ids follow one order across publishers (not BroadcastChannel). */
  totalOrder: boolean;
  /** Whether the kind can run here at all (else the tests are ignored). */
  available: boolean;
}

/** Waits until `check()` holds, polling, or fails after `ms`. */
export async function until(
  check: () => boolean,
  what: string,
  ms = 5000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Asserts `ids` strictly grow (so nothing came twice or out of order). */
export function assertGrowing(ids: readonly number[], who: string): void {
  for (let i = 1; i < ids.length; i++) {
    assert.ok(
      ids[i]! > ids[i - 1]!,
      `${who}: id ${ids[i]} after ${ids[i - 1]} (at ${i})`,
    );
  }
}

/** Asserts every acknowledged id was delivered, each once. */
export function assertAllOnce(
  delivered: readonly number[],
  acknowledged: readonly number[],
  who: string,
): void {
  assert.equal(new Set(delivered).size, delivered.length, `${who}: duplicate`);
  const got = new Set(delivered);
  const missing = acknowledged.filter((id) => !got.has(id));
  assert.deepEqual(missing, [], `${who}: acknowledged but not delivered`);
}

async function withBackend(
  kind: BusKind,
  fn: (backend: BusBackend, buses: MessageBus[]) => Promise<void>,
): Promise<void> {
  const backend = await kind.backend();
  const buses: MessageBus[] = [];
  const tracked: BusBackend = {
    open: async (options) => {
      const bus = await backend.open(options);
      buses.push(bus);
      return bus;
    },
    close: () => backend.close(),
  };
  try {
    await fn(tracked, buses);
  } finally {
    for (const bus of buses) await bus.close();
    await backend.close();
  }
}

function record(bus: MessageBus, channel: string): {
  ids: number[];
  stop: () => void;
} {
  const ids: number[] = [];
  const stop = bus.subscribe(channel, (m: BusMessage) => {
    assert.equal(m.channel, channel);
    ids.push(m.id);
  });
  return { ids, stop };
}

/** Registers the contract's tests for one kind of bus. */
export function testMessageBusContract(kind: BusKind): void {
  const test = (name: string, fn: () => Promise<void>, skip = false) =>
    Deno.test({
      name: `${kind.name} contract: ${name}`,
      ignore: !kind.available || skip,
      fn,
    });

  test("delivers each message once, in id order, with growing ids", () =>
    withBackend(kind, async (backend) => {
      const bus = await backend.open();
      const a = record(bus, "room");
      const b = record(bus, "room");
      await bus.history("room");
      const sent: BusMessage[] = [];
      for (const data of ["a", { b: 1 }, [2], null, 3.5]) {
        sent.push(await bus.publish("room", data));
      }
      assert.deepEqual(sent.map((m) => m.data), [
        "a",
        { b: 1 },
        [2],
        null,
        3.5,
      ]);
      assert.ok(sent.every((m) => m.channel === "room"));
      assert.ok(sent[0]!.id >= (Date.now() - 60_000) * 1000, "clock ids");
      const ids = sent.map((m) => m.id);
      assertGrowing(ids, "publisher");
      await until(() => b.ids.length === 5, "the subscribers");
      assert.deepEqual(a.ids, ids);
      assert.deepEqual(b.ids, ids);
      assert.deepEqual(await bus.history("room"), sent);
    }));

  test("history() reads from a cursor and keeps channels apart", () =>
    withBackend(kind, async (backend) => {
      const bus = await backend.open();
      const sent: BusMessage[] = [];
      for (let i = 0; i < 5; i++) sent.push(await bus.publish("c1", i));
      const other = await bus.publish("c2", "x");
      assert.deepEqual(await bus.history("c1", sent[2]!.id), sent.slice(3));
      assert.deepEqual(await bus.history("c1", sent[4]!.id), []);
      assert.deepEqual(await bus.history("c1", 0), sent);
      assert.deepEqual(await bus.history("c2"), [other]);
      assert.deepEqual(await bus.history("nothing here"), []);
      assert.ok(other.id > sent[4]!.id);
    }));

  test("history is bounded by historySize", () =>
    withBackend(kind, async (backend) => {
      const bus = await backend.open({ historySize: 3 });
      const sent: BusMessage[] = [];
      for (let i = 0; i < 7; i++) sent.push(await bus.publish("room", i));
      assert.deepEqual(await bus.history("room"), sent.slice(4));
      assert.deepEqual(await bus.history("room", sent[5]!.id), [sent[6]]);
    }));

  test("unsubscribe stops delivery; the same function may subscribe twice", () =>
    withBackend(kind, async (backend) => {
      const bus = await backend.open();
      const seen: number[] = [];
      const listener = (m: BusMessage) => seen.push(m.id);
      const stopOne = bus.subscribe("room", listener);
      const stopTwo = bus.subscribe("room", listener);
      await bus.history("room");
      const first = await bus.publish("room", 1);
      await until(() => seen.length === 2, "two calls");
      stopOne();
      const second = await bus.publish("room", 2);
      await until(() => seen.length === 3, "one call");
      stopTwo();
      stopTwo(); // twice is harmless
      const watcher = record(bus, "room");
      await bus.history("room");
      const third = await bus.publish("room", 3);
      await until(() => watcher.ids.length === 1, "the watcher");
      watcher.stop();
      assert.deepEqual(seen, [first.id, first.id, second.id]);
      assert.deepEqual(watcher.ids, [third.id]);
    }));

  test("close() refuses later publishes and reports not connected", () =>
    withBackend(kind, async (backend) => {
      const bus = await backend.open();
      assert.equal(bus.connected, true);
      record(bus, "room");
      await bus.close();
      assert.equal(bus.connected, false);
      await assert.rejects(bus.publish("room", 1), /the bus is closed/);
      await bus.close(); // twice is harmless
    }));

  test(
    "a subscriber on another bus gets every message once, in order",
    () =>
      withBackend(kind, async (backend) => {
        const [a, b] = [await backend.open(), await backend.open()];
        const onA = record(a, "room");
        const onB = record(b, "room");
        await Promise.all([a.history("room"), b.history("room")]);
        const sent: number[] = [];
        // Both publish, interleaved and concurrently.
        const jobs = [];
        for (let i = 0; i < 20; i++) {
          jobs.push(
            (i % 2 ? a : b).publish("room", i).then((m) => sent.push(m.id)),
          );
          if (i % 5 === 4) await Promise.all(jobs);
        }
        await Promise.all(jobs);
        await until(() => onA.ids.length >= 20 && onB.ids.length >= 20, "both");
        for (const [who, got] of [["a", onA.ids], ["b", onB.ids]] as const) {
          assertAllOnce(got, sent, who);
          assert.equal(got.length, 20);
          if (kind.totalOrder) assertGrowing(got, who);
        }
      }),
    !kind.shared,
  );

  test("ids keep growing on a new bus; an old cursor reads what came after", () =>
    withBackend(kind, async (backend) => {
      const first = await backend.open();
      const before = await first.publish("room", "before");
      await first.close();
      // A restart takes more than the millisecond clock ids are made of.
      await new Promise((resolve) => setTimeout(resolve, 2));
      const second = await backend.open();
      const after = [
        await second.publish("room", "after 1"),
        await second.publish("room", "after 2"),
      ];
      assert.ok(after[0]!.id > before.id);
      if (kind.persistent) {
        assert.deepEqual(await second.history("room", before.id), after);
        assert.deepEqual(await second.history("room"), [before, ...after]);
      }
    }));
}

const SUBSCRIBER = new URL("../testdata/buses/subscriber.ts", import.meta.url);

/** A subscriber in a process of its own (tests/testdata/buses/). */
export interface SubscriberProcess {
  /** The ids it printed so far, in delivery order. */
  readonly ids: number[];
  /** Kills it (SIGKILL) and waits until it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `subscriber.ts kind target channel [cursor]` and resolves once it
 * is subscribed.
 */
export async function spawnSubscriber(
  args: string[],
): Promise<SubscriberProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", SUBSCRIBER.pathname, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const ids: number[] = [];
  let ready: () => void = () => {};
  const isReady = new Promise<void>((resolve) => ready = resolve);
  const reading = (async () => {
    let buffer = "";
    for await (
      const chunk of child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === "ready") ready();
        else if (/^\d+$/.test(line)) ids.push(Number(line));
      }
    }
  })();
  const kill = async () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await reading;
  };
  const exited = child.status.then(() => {
    throw new Error(`The subscriber process ${args.join(" ")} exited`);
  });
  try {
    await Promise.race([isReady, exited]);
  } catch (error) {
    await kill();
    throw error;
  }
  exited.catch(() => {});
  return { ids, kill };
}
