// KvMessageBus on Deno KV files in a temporary folder: the shared contract,
// then real processes sharing one KV file.
import assert from "node:assert/strict";
import { join } from "node:path";
import { KvMessageBus } from "../../kv/mod.ts";
import { type BusMessage, MessageBusUnavailableError } from "../../web/mod.ts";
import {
  assertAllOnce,
  assertGrowing,
  spawnSubscriber,
  testMessageBusContract,
  until,
} from "../web/_message_bus_contract.ts";

async function tempKvPath(): Promise<[string, () => Promise<void>]> {
  const dir = await Deno.makeTempDir({ prefix: "kv-bus-" });
  return [
    join(dir, "bus.db"),
    () => Deno.remove(dir, { recursive: true }),
  ];
}

testMessageBusContract({
  name: "KvMessageBus",
  backend: async () => {
    const [path, remove] = await tempKvPath();
    return {
      open: (options) =>
        KvMessageBus.open({ path, pollInterval: 20, ...options }),
      close: remove,
    };
  },
  shared: true,
  persistent: true,
  totalOrder: true,
  available: true,
});

Deno.test("KvMessageBus: a subscriber process killed mid-traffic; its successor resumes from its cursor", async () => {
  const [path, remove] = await tempKvPath();
  const args = ["kv", path, "room"];
  const steady = await spawnSubscriber(args);
  const doomed = await spawnSubscriber(args);
  const bus = await KvMessageBus.open({ path, pollInterval: 20 });
  let successor: Awaited<ReturnType<typeof spawnSubscriber>> | undefined;
  const acknowledged: number[] = [];
  try {
    for (let i = 0; i < 60; i++) {
      if (i === 25) {
        await doomed.kill();
        successor = await spawnSubscriber([
          ...args,
          String(doomed.ids.at(-1) ?? 0),
        ]);
      }
      acknowledged.push((await bus.publish("room", i)).id);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const last = acknowledged.at(-1)!;
    await until(
      () => steady.ids.includes(last) && successor!.ids.includes(last),
      "both subscribers",
      10_000,
    );
    assertAllOnce(steady.ids, acknowledged, "steady");
    assertGrowing(steady.ids, "steady");
    const resumed = [...doomed.ids, ...successor!.ids];
    assertAllOnce(resumed, acknowledged, "doomed + successor");
    assertGrowing(resumed, "doomed + successor");
  } finally {
    await bus.close();
    for (const child of [steady, doomed, successor]) await child?.kill();
    await remove();
  }
});

Deno.test("KvMessageBus: two publishing processes, each message once and in id order everywhere", async () => {
  const [path, remove] = await tempKvPath();
  const watcher = await spawnSubscriber(["kv", path, "room"]);
  const a = await KvMessageBus.open({ path, pollInterval: 20 });
  const b = await KvMessageBus.open({ path, pollInterval: 20 });
  const onA: number[] = [];
  a.subscribe("room", (m: BusMessage) => onA.push(m.id));
  try {
    await a.history("room");
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).publish("room", i)),
    );
    const ids = sent.map((m) => m.id);
    await until(
      () => onA.length === 30 && watcher.ids.length === 30,
      "the subscribers",
    );
    for (const [who, got] of [["a", onA], ["process", watcher.ids]] as const) {
      assertAllOnce(got, ids, who);
      assertGrowing(got, who);
    }
    assert.deepEqual((await b.history("room")).map((m) => m.id), onA);
  } finally {
    await a.close();
    await b.close();
    await watcher.kill();
    await remove();
  }
});

Deno.test("KvMessageBus.open() checks its options", async () => {
  await assert.rejects(KvMessageBus.open({ historySize: 0 }), RangeError);
  await assert.rejects(KvMessageBus.open({ pollInterval: -1 }), RangeError);
  const bus = await KvMessageBus.open({ path: ":memory:", pollInterval: 0 });
  await assert.rejects(bus.publish("room", () => {}), TypeError);
  await bus.close();
});

Deno.test("KvMessageBus leaves a given database open, and a failing one answers MessageBusUnavailableError", async () => {
  const kv = await Deno.openKv(":memory:");
  const bus = await KvMessageBus.open({ kv, pollInterval: 0 });
  const sent = await bus.publish("room", "hi");
  await bus.close();
  assert.equal((await kv.get(["tornado-bus", "seq"])).value, sent.id);
  const broken = await KvMessageBus.open({ kv, pollInterval: 0 });
  kv.close();
  await assert.rejects(broken.publish("room", "lost"), (error: unknown) => {
    assert.ok(error instanceof MessageBusUnavailableError, String(error));
    assert.equal(error.statusCode, 503);
    return true;
  });
  await assert.rejects(broken.history("room"), MessageBusUnavailableError);
  await broken.close();
});
