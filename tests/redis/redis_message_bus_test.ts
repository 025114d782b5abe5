// Runs against a real redis-server on a free loopback port; skipped with a
// message when /usr/bin/redis-server is missing.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { RedisMessageBus } from "../../redis/mod.ts";
import type { BusMessage } from "../../web/mod.ts";

// The chat app checks XSRF: send the same token as cookie and header.
const XSRF_TOKEN = "5f".repeat(16);
const XSRF_HEADERS = {
  cookie: `_xsrf=${XSRF_TOKEN}`,
  "x-xsrftoken": XSRF_TOKEN,
};

const REDIS_SERVER = "/usr/bin/redis-server";
const CHAT_SERVER = fileURLToPath(
  new URL("../testdata/redis/chat_redis_server.ts", import.meta.url),
);

let hasRedis = true;
try {
  Deno.statSync(REDIS_SERVER);
} catch {
  hasRedis = false;
  console.warn(`SKIPPED Redis tests: ${REDIS_SERVER} is missing`);
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new Error(`Nothing listens on port ${port}`);
}

/** Starts redis-server, runs `fn` with its URL, and always kills it. */
async function withRedis(fn: (url: string) => Promise<void>): Promise<void> {
  const port = freePort();
  const child = new Deno.Command(REDIS_SERVER, {
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await waitForPort(port);
    await fn(`redis://127.0.0.1:${port}`);
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
}

Deno.test({
  name:
    "RedisMessageBus publishes with growing ids, keeps a bounded history and delivers to subscribers",
  ignore: !hasRedis,
  fn: () =>
    withRedis(async (url) => {
      const a = await RedisMessageBus.connect({ url, historySize: 3 });
      const b = await RedisMessageBus.connect({ url, historySize: 3 });
      try {
        const received: BusMessage[] = [];
        const got = new Promise<void>((resolve) => {
          b.subscribe("room", (m) => {
            received.push(m);
            if (received.length === 4) resolve();
          });
        });
        await b.history("room"); // waits for the subscription
        const sent: BusMessage[] = [];
        for (const data of ["a", { b: 1 }, "c", "d"]) {
          sent.push(await a.publish("room", data));
        }
        for (let i = 1; i < sent.length; i++) {
          assert.ok(sent[i]!.id > sent[i - 1]!.id);
        }
        assert.ok(sent[0]!.id >= Date.now() * 1000 - 60_000_000);
        assert.deepEqual(sent[1], {
          id: sent[1]!.id,
          channel: "room",
          data: { b: 1 },
        });
        await got;
        assert.deepEqual(received, sent);
        assert.deepEqual(await b.history("room"), sent.slice(1));
        assert.deepEqual(await b.history("room", sent[2]!.id), [sent[3]]);
        assert.deepEqual(await b.history("other"), []);
        assert.equal(b.listenerCount("room"), 1);
      } finally {
        await a.close();
        await b.close();
      }
      await assert.rejects(a.publish("room", 1), /the bus is closed/);
    }),
});

Deno.test({
  name:
    "RedisMessageBus carries a message posted to one server process to a long-poller on another",
  ignore: !hasRedis,
  fn: () =>
    withRedis(async (url) => {
      const servers: Deno.ChildProcess[] = [];
      try {
        const ports = [freePort(), freePort()];
        for (const port of ports) {
          servers.push(
            new Deno.Command(Deno.execPath(), {
              args: ["run", "-A", CHAT_SERVER, String(port), url],
              stdout: "null",
              stderr: "inherit",
            }).spawn(),
          );
        }
        for (const port of ports) await waitForPort(port);
        const [one, two] = ports.map((p) => `http://127.0.0.1:${p}`);
        const first = await (await fetch(`${one}/a/message/new`, {
          method: "POST",
          headers: XSRF_HEADERS,
          body: new URLSearchParams({ body: "first" }),
        })).json();
        const waiting = fetch(`${one}/a/message/updates`, {
          method: "POST",
          headers: XSRF_HEADERS,
          body: new URLSearchParams({ cursor: String(first.id) }),
          signal: AbortSignal.timeout(10_000),
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        const posted = await (await fetch(`${two}/a/message/new`, {
          method: "POST",
          headers: XSRF_HEADERS,
          body: new URLSearchParams({ body: "from the other process" }),
        })).json();
        assert.ok(posted.id > first.id);
        const response = await waiting;
        assert.deepEqual((await response.json()).messages, [posted]);
        // The other process sees the whole history too.
        const all = await (await fetch(`${two}/a/message/updates`, {
          method: "POST",
          headers: XSRF_HEADERS,
          body: new URLSearchParams({ cursor: "0" }),
        })).json();
        assert.deepEqual(all.messages, [first, posted]);
      } finally {
        for (const server of servers) {
          server.kill("SIGKILL");
          await server.status;
        }
      }
    }),
});
