import assert from "node:assert/strict";
import {
  BroadcastChannelMessageBus,
  type BusMessage,
  MemoryMessageBus,
  MessageBusUnavailableError,
} from "../../web/mod.ts";
import { Application, RequestHandler } from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";
import { captureLogs } from "./_capture_logs.ts";
import { testMessageBusContract } from "./_message_bus_contract.ts";

testMessageBusContract({
  name: "MemoryMessageBus",
  backend: () =>
    Promise.resolve({
      open: (options) => Promise.resolve(new MemoryMessageBus(options)),
      close: () => Promise.resolve(),
    }),
  shared: false,
  persistent: false,
  totalOrder: true,
  available: true,
});

let broadcastNames = 0;
testMessageBusContract({
  name: "BroadcastChannelMessageBus",
  backend: () => {
    const name = `contract-${++broadcastNames}`;
    return Promise.resolve({
      open: (options) =>
        Promise.resolve(new BroadcastChannelMessageBus({ ...options, name })),
      close: () => Promise.resolve(),
    });
  },
  shared: true,
  persistent: false,
  totalOrder: false,
  available: true,
});

Deno.test("MessageBusUnavailableError is a 503 HTTPError with a retry delay", () => {
  const cause = new Error("connection refused");
  const error = new MessageBusUnavailableError("Cannot publish", {
    cause,
    retryAfter: 5,
  });
  assert.equal(error.name, "MessageBusUnavailableError");
  assert.equal(error.statusCode, 503);
  assert.equal(error.message, "Cannot publish");
  assert.equal(error.logMessage, "Cannot publish");
  assert.equal(error.retryAfter, 5);
  assert.equal(error.cause, cause);
});

Deno.test("A handler that lets MessageBusUnavailableError escape answers 503 with Retry-After and one log line", async () => {
  class PostHandler extends RequestHandler {
    override post(): void {
      throw new MessageBusUnavailableError("Cannot publish: Redis is down", {
        cause: new Error("ECONNREFUSED"),
        retryAfter: 3,
      });
    }
  }
  const app = new Application([["/post", PostHandler]], {
    logFunction: () => {},
  });
  let response: Response | undefined;
  const logs = await captureLogs(async () => {
    response = await new AppTestClient(app).fetch("/post", { method: "POST" });
  });
  assert.equal(response!.status, 503);
  assert.equal(response!.headers.get("retry-after"), "3");
  const page = await response!.text();
  assert.doesNotMatch(page, /Redis|ECONNREFUSED|at /);
  assert.deepEqual(logs, [
    "503 POST /post (127.0.0.1): Cannot publish: Redis is down",
  ]);
});

Deno.test("MemoryMessageBus.publish() gives growing ids and calls the channel's listeners", async () => {
  const bus = new MemoryMessageBus();
  const seen: BusMessage[] = [];
  const other: BusMessage[] = [];
  const stop = bus.subscribe("a", (m) => seen.push(m));
  bus.subscribe("b", (m) => other.push(m));
  const ids: number[] = [];
  for (let i = 0; i < 50; i++) ids.push((await bus.publish("a", i)).id);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!);
  assert.deepEqual(seen.map((m) => m.data), [...Array(50).keys()]);
  assert.equal(other.length, 0);
  assert.deepEqual(seen[0], { id: ids[0], channel: "a", data: 0 });
  stop();
  await bus.publish("a", "after");
  assert.equal(seen.length, 50);
  assert.equal(bus.listenerCount("a"), 0);
  await bus.close();
  await assert.rejects(bus.publish("a", 1), {
    message: "Cannot publish: the bus is closed",
  });
});

Deno.test("MemoryMessageBus.history() returns what came after a cursor, bounded", async () => {
  const bus = new MemoryMessageBus({ historySize: 3 });
  const ids: number[] = [];
  for (const word of ["a", "b", "c", "d", "e"]) {
    ids.push((await bus.publish("ch", word)).id);
  }
  assert.deepEqual((await bus.history("ch")).map((m) => m.data), [
    "c",
    "d",
    "e",
  ]);
  assert.deepEqual(
    (await bus.history("ch", ids[2])).map((m) => m.data),
    ["d", "e"],
  );
  assert.deepEqual(await bus.history("ch", ids[4]), []);
  assert.deepEqual(await bus.history("empty", 0), []);
  assert.throws(() => new MemoryMessageBus({ historySize: 0 }), RangeError);
  await bus.close();
});

Deno.test("MemoryMessageBus: a throwing listener does not stop the others", async () => {
  const bus = new MemoryMessageBus();
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args) => errors.push(args[0]);
  const got: unknown[] = [];
  try {
    bus.subscribe("x", () => {
      throw new Error("bad listener");
    });
    bus.subscribe("x", (m) => got.push(m.data));
    await bus.publish("x", 1);
  } finally {
    console.error = original;
  }
  assert.deepEqual(got, [1]);
  assert.deepEqual(errors, ["Uncaught exception in a message bus listener"]);
  await bus.close();
});

Deno.test("BroadcastChannelMessageBus: workers publishing at once never share an id", async () => {
  const name = `ids-${crypto.randomUUID()}`;
  const a = new BroadcastChannelMessageBus({ name });
  const opened = [a];
  try {
    // A worker's ids end in its lane; two workers share a lane (and could
    // share ids) 1 time in 1,000: open another worker then.
    const laneOf = async (bus: BroadcastChannelMessageBus) =>
      (await bus.publish("probe", null)).id % 1000;
    let b: BroadcastChannelMessageBus;
    do {
      b = new BroadcastChannelMessageBus({ name });
      opened.push(b);
    } while (await laneOf(a) === await laneOf(b));
    // Bursts in the same milliseconds, before either has heard the other.
    const published: Promise<BusMessage>[] = [];
    for (let i = 0; i < 500; i++) published.push(a.publish("room", i));
    for (let i = 0; i < 500; i++) published.push(b.publish("room", i));
    const ids = (await Promise.all(published)).map((m) => m.id);
    assert.equal(new Set(ids).size, 1000);
  } finally {
    for (const bus of opened) await bus.close();
  }
});

Deno.test("BroadcastChannelMessageBus shares messages and history between buses", async () => {
  const a = new BroadcastChannelMessageBus({ name: "bus-test" });
  const b = new BroadcastChannelMessageBus({ name: "bus-test" });
  const elsewhere = new BroadcastChannelMessageBus({ name: "other-test" });
  const strays: unknown[] = [];
  elsewhere.subscribe("room", (m) => strays.push(m.data));
  try {
    const received = new Promise<BusMessage>((resolve) => {
      const stop = b.subscribe("room", (m) => {
        stop();
        resolve(m);
      });
    });
    const sent = await a.publish("room", { text: "hi" });
    assert.deepEqual(await received, sent);
    assert.deepEqual(await b.history("room", 0), [sent]);
    // Ids keep growing in the receiving worker too.
    const next = await b.publish("room", "reply");
    assert.ok(next.id > sent.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual((await a.history("room")).map((m) => m.data), [
      { text: "hi" },
      "reply",
    ]);
    assert.deepEqual(strays, []);
  } finally {
    await a.close();
    await b.close();
    await elsewhere.close();
  }
});
