// Runs against real redis-server processes on free loopback ports; ignored
// with a message when /usr/bin/redis-server is missing.
import assert from "node:assert/strict";
import { RedisMessageBus } from "../../redis/mod.ts";
import { type BusMessage, MessageBusUnavailableError } from "../../web/mod.ts";
import {
  assertAllOnce,
  assertGrowing,
  spawnSubscriber,
  testMessageBusContract,
  until,
} from "../web/_message_bus_contract.ts";
import { hasRedis, RedisServer } from "./_redis_server.ts";

testMessageBusContract({
  name: "RedisMessageBus",
  backend: async () => {
    const server = await RedisServer.start();
    return {
      open: (options) =>
        RedisMessageBus.connect({ url: server.url, ...options }),
      close: () => server.stop(),
    };
  },
  shared: true,
  persistent: true,
  totalOrder: true,
  available: hasRedis,
});

async function withServer(
  fn: (server: RedisServer) => Promise<void>,
): Promise<void> {
  const server = await RedisServer.start();
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}

async function timed(work: Promise<unknown>): Promise<[number, unknown]> {
  const start = performance.now();
  try {
    await work;
    return [performance.now() - start, undefined];
  } catch (error) {
    return [performance.now() - start, error];
  }
}

Deno.test({
  name:
    "RedisMessageBus fails within its timeout while Redis is down, then resumes its subscribers",
  ignore: !hasRedis,
  fn: () =>
    withServer(async (server) => {
      const a = await RedisMessageBus.connect({
        url: server.url,
        timeout: 400,
      });
      const b = await RedisMessageBus.connect({
        url: server.url,
        timeout: 400,
      });
      try {
        const seen: number[] = [];
        b.subscribe("room", (m) => seen.push(m.id));
        await b.history("room");
        const first = await a.publish("room", "before");
        await server.kill();
        await until(() => !a.connected && !b.connected, "disconnected");
        for (const work of [a.publish("room", "x"), a.history("room")]) {
          const [ms, error] = await timed(work);
          assert.ok(error instanceof MessageBusUnavailableError, String(error));
          assert.equal(error.statusCode, 503);
          assert.ok(ms < 1400, `failed after ${ms} ms`);
        }
        // Long enough for b's reconnection attempts to back off (~1 s).
        await new Promise((resolve) => setTimeout(resolve, 1200));
        await server.restart();
        // The case: a process publishes as soon as Redis is back,
        // before b has resubscribed; b's listener must still get it.
        const c = await RedisMessageBus.connect({ url: server.url });
        const second = await c.publish("room", "after");
        await c.close();
        assert.ok(second.id > first.id, "ids grow over an empty Redis");
        await until(() => seen.length === 2, "the message after the restart");
        assert.deepEqual(seen, [first.id, second.id]);
        await until(() => a.connected, "a reconnected");
        assert.equal(b.connected, true);
      } finally {
        await a.close();
        await b.close();
      }
    }),
});

Deno.test({
  name:
    "RedisMessageBus: Redis killed and restarted, a subscriber process killed: nothing acknowledged lost or doubled",
  ignore: !hasRedis,
  fn: () =>
    withServer(async (server) => {
      const args = ["redis", server.url, "room"];
      const steady = await spawnSubscriber(args);
      const doomed = await spawnSubscriber(args);
      const bus = await RedisMessageBus.connect({
        url: server.url,
        timeout: 500,
      });
      const local: number[] = [];
      bus.subscribe("room", (m) => local.push(m.id));
      let successor: Awaited<ReturnType<typeof spawnSubscriber>> | undefined;
      const acknowledged: number[] = [];
      let failures = 0;
      try {
        await bus.history("room");
        for (let i = 0; i < 120; i++) {
          if (i === 30) await server.kill();
          if (i === 45) await server.restart();
          if (i === 75) {
            await doomed.kill();
            const cursor = doomed.ids.at(-1) ?? 0;
            successor = await spawnSubscriber([...args, String(cursor)]);
          }
          const [ms, error] = await timed(
            bus.publish("room", i).then((m: BusMessage) => {
              acknowledged.push(m.id);
            }),
          );
          if (error !== undefined) {
            assert.ok(
              error instanceof MessageBusUnavailableError,
              String(error),
            );
            assert.ok(ms < 1500, `failed after ${ms} ms`);
            failures++;
          }
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
        assert.ok(failures > 0 && acknowledged.length > 60, `${failures}`);
        const last = acknowledged.at(-1)!;
        const done = () =>
          [steady.ids, successor!.ids, local].every((ids) =>
            ids.includes(last)
          );
        await until(done, "every subscriber", 10_000);
        for (
          const [who, ids] of [["steady", steady.ids], [
            "local",
            local,
          ]] as const
        ) {
          assertAllOnce(ids, acknowledged, who);
          assertGrowing(ids, who);
        }
        // The killed process's successor resumed from its last id.
        const resumed = [...doomed.ids, ...successor!.ids];
        assertAllOnce(resumed, acknowledged, "doomed + successor");
        assertGrowing(resumed, "doomed + successor");
      } finally {
        await bus.close();
        for (const child of [steady, doomed, successor]) await child?.kill();
      }
    }),
});

Deno.test({
  name:
    "RedisMessageBus fails within its timeout while Redis hangs, and answers right after",
  ignore: !hasRedis,
  fn: () =>
    withServer(async (server) => {
      const bus = await RedisMessageBus.connect({
        url: server.url,
        timeout: 300,
      });
      try {
        const before = await bus.publish("room", "before");
        server.pause();
        const attempts = [bus.publish("room", "x"), bus.history("room")];
        for (const [ms, error] of await Promise.all(attempts.map(timed))) {
          assert.ok(error instanceof MessageBusUnavailableError, String(error));
          assert.ok(ms >= 250 && ms < 1300, `failed after ${ms} ms`);
        }
        server.resume();
        let after: BusMessage | undefined;
        for (let i = 0; i < 50 && after === undefined; i++) {
          after = await bus.publish("room", "after").catch(() => undefined);
          if (after === undefined) await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(after?.data, "after");
        const kept = await bus.history("room");
        assert.equal(kept[0]?.id, before.id);
        assert.equal(kept.at(-1)?.id, after!.id);
      } finally {
        server.resume();
        await bus.close();
      }
    }),
});

Deno.test({
  name: "RedisMessageBus connects with a password, and refuses a wrong one",
  ignore: !hasRedis,
  fn: async () => {
    const server = await RedisServer.start({ password: "s3cret word" });
    try {
      assert.match(server.url, /^redis:\/\/:s3cret word@/);
      const url = server.url.replace("s3cret word", "s3cret%20word");
      const bus = await RedisMessageBus.connect({ url });
      const sent = await bus.publish("room", "hi");
      assert.deepEqual(await bus.history("room"), [sent]);
      await bus.close();
      await assert.rejects(
        RedisMessageBus.connect({ url: url.replace("s3cret", "wrong") }),
        /WRONGPASS|invalid|auth/i,
      );
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name: "RedisMessageBus speaks TLS to a rediss:// server signed by a given CA",
  ignore: !hasRedis,
  fn: async () => {
    const server = await RedisServer.start({ tls: true });
    try {
      const bus = await RedisMessageBus.connect({
        url: server.url,
        ca: server.ca!,
      });
      const seen: number[] = [];
      bus.subscribe("room", (m) => seen.push(m.id));
      await bus.history("room");
      const sent = await bus.publish("room", { over: "tls" });
      assert.deepEqual(await bus.history("room"), [sent]);
      await until(() => seen.length === 1, "the message");
      await bus.close();
      // Without the CA the server's certificate is refused.
      await assert.rejects(
        RedisMessageBus.connect({ url: server.url, timeout: 1000 }),
      );
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name:
    "RedisMessageBus.connect() fails within its timeout when nothing listens",
  ignore: !hasRedis,
  fn: async () => {
    const server = await RedisServer.start();
    await server.stop();
    const [ms, error] = await timed(
      RedisMessageBus.connect({ url: server.url, timeout: 300 }),
    );
    assert.ok(error instanceof MessageBusUnavailableError, String(error));
    assert.ok(ms < 1300, `failed after ${ms} ms`);
    await assert.rejects(
      RedisMessageBus.connect({ historySize: 0 }),
      RangeError,
    );
  },
});
