// The chat example as two server processes (examples/chat/main.ts with
// CHAT_BUS) on one Redis and on one Deno KV file: a message posted to one
// reaches long polls, websockets and server-sent events on both; a Redis
// outage answers 503.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { websocketConnect } from "../../websocket/mod.ts";
import { openChatBus } from "../../examples/chat/bus.ts";
import { MemoryMessageBus } from "../../web/mod.ts";
import { hasRedis, RedisServer } from "../redis/_redis_server.ts";
import { freePort, waitForPort } from "../_process.ts";
import { type ChatMessage, poll, post } from "./_chat_client.ts";

const MAIN = fileURLToPath(
  new URL("../../examples/chat/main.ts", import.meta.url),
);
interface ChatProcess {
  url: string;
  /** What it wrote to stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

async function startChat(
  bus: string,
  more: Record<string, string> = {},
): Promise<ChatProcess> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", MAIN],
    env: { CHAT_BUS: bus, PORT: String(port), HOST: "127.0.0.1", ...more },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const reading = (async () => {
    for await (
      const chunk of child.stderr.pipeThrough(new TextDecoderStream())
    ) {
      text += chunk;
    }
  })();
  const stop = async () => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    await reading;
  };
  try {
    await waitForPort(port);
  } catch (error) {
    await stop();
    throw new Error(`The chat did not start: ${text}`, { cause: error });
  }
  return { url: `http://127.0.0.1:${port}`, log: () => text, stop };
}

async function say(server: string, body: string): Promise<ChatMessage> {
  const response = await post(`${server}/a/message/new`, { body });
  assert.equal(response.status, 200, await response.clone().text());
  return await response.json();
}

async function socket(server: string, cursor: number) {
  const connection = await websocketConnect(
    `${server.replace("http", "ws")}/chatsocket?cursor=${cursor}`,
  );
  const got: ChatMessage[] = [];
  const errors: unknown[] = [];
  const reading = (async () => {
    for (;;) {
      const frame = await connection.readMessage();
      if (frame === null) return;
      const parsed = JSON.parse(String(frame));
      got.push(...parsed.messages ?? []);
      if (parsed.error !== undefined) errors.push(parsed);
    }
  })();
  return {
    got,
    errors,
    send: (body: string) => connection.writeMessage(JSON.stringify({ body })),
    close: async () => {
      await connection.close();
      await reading;
    },
  };
}

// A server-sent events reader on /a/message/events.
async function events(server: string, lastEventId?: number) {
  const controller = new AbortController();
  const headers: Record<string, string> = {};
  if (lastEventId !== undefined) headers["last-event-id"] = String(lastEventId);
  const response = await fetch(`${server}/a/message/events`, {
    headers,
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type")!, /^text\/event-stream/);
  const got: ChatMessage[] = [];
  const ids: string[] = [];
  const reading = (async () => {
    let buffer = "";
    const text = response.body!.pipeThrough(new TextDecoderStream());
    for await (const chunk of text) {
      buffer += chunk;
      const frames = buffer.split("\n\n");
      buffer = frames.pop()!;
      for (const frame of frames) {
        const fields = frame.split("\n").map((l) => l.split(": ", 2));
        const data = fields.find(([name]) => name === "data")?.[1] ?? "";
        if (data === "") continue;
        got.push(JSON.parse(data));
        ids.push(fields.find(([name]) => name === "id")?.[1] ?? "");
      }
    }
  })().catch(() => {});
  return {
    got,
    ids,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Two chat processes on `bus`: long polls, websockets and event streams on
// both get what either one is sent, once each and in order.
async function crossProcess(bus: string): Promise<[ChatProcess, ChatProcess]> {
  const one = await startChat(bus);
  const two = await startChat(bus);
  const first = await say(one.url, "first");
  const waiting = [poll(one.url, first.id), poll(two.url, first.id)];
  const sockets = [await socket(one.url, 0), await socket(two.url, first.id)];
  const streams = [await events(one.url), await events(two.url, first.id)];
  await until(() => sockets[0]!.got.length === 1, "the history");
  await until(() => streams[0]!.got.length === 1, "the history (events)");
  await new Promise((resolve) => setTimeout(resolve, 300)); // polls wait
  const second = await say(two.url, "from two");
  for (const messages of await Promise.all(waiting)) {
    assert.deepEqual(messages, [second]);
  }
  const third = await say(one.url, "from one");
  await until(
    () => sockets.every((s) => s.got.at(-1)?.id === third.id),
    "the sockets",
  );
  assert.deepEqual(sockets[0]!.got, [first, second, third]);
  assert.deepEqual(sockets[1]!.got, [second, third]);
  for (const s of sockets) await s.close();
  await until(
    () => streams.every((s) => s.got.at(-1)?.id === third.id),
    "the event streams",
  );
  assert.deepEqual(streams[0]!.got, [first, second, third]);
  assert.deepEqual(streams[1]!.got, [second, third]);
  assert.deepEqual(streams[1]!.ids, [String(second.id), String(third.id)]);
  for (const s of streams) await s.close();
  // An EventSource reconnecting with Last-Event-ID gets exactly what came
  // after it, then the live messages.
  const resumed = await events(one.url, second.id);
  const fourth = await say(two.url, "after the reconnect");
  await until(() => resumed.got.length === 2, "the resumed stream");
  assert.deepEqual(resumed.got, [third, fourth]);
  await resumed.close();
  return [one, two];
}

Deno.test({
  name:
    "chat on CHAT_BUS=redis://: long polls, websockets and server-sent events across two processes; an outage answers 503",
  ignore: !hasRedis,
  fn: async () => {
    const redis = await RedisServer.start();
    const chats: ChatProcess[] = [];
    try {
      const [one, two] = await crossProcess(redis.url);
      chats.push(one, two);
      const cursor = (await poll(one.url, 0)).at(-1)!.id;
      const waiting = poll(two.url, cursor);
      const listener = await socket(two.url, cursor);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await redis.kill();
      await listener.send("lost too");
      await until(() => listener.errors.length === 1, "the socket's answer");
      assert.deepEqual(listener.errors, [{
        error: "unavailable",
        retryAfter: 2,
      }]);
      const start = performance.now();
      const refused = await post(`${one.url}/a/message/new`, { body: "lost" });
      assert.equal(refused.status, 503);
      assert.ok(performance.now() - start < 3000);
      assert.equal(refused.headers.get("retry-after"), "2");
      assert.doesNotMatch(await refused.text(), /at |Error/);
      // A long poll arriving during the outage is refused as quickly.
      const late = await post(`${two.url}/a/message/updates`, { cursor: "0" });
      assert.equal(late.status, 503);
      assert.equal(late.headers.get("retry-after"), "2");
      await late.body?.cancel();
      const stream = await fetch(`${two.url}/a/message/events`);
      assert.equal(stream.status, 503);
      await stream.body?.cancel();
      assert.ok(performance.now() - start < 5000);
      await redis.restart();
      let back: Response;
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        back = await post(`${one.url}/a/message/new`, { body: "back" });
        if (back.status !== 200) await back.body?.cancel();
      } while (back.status === 503);
      const message = await back.json();
      // The long poll and the socket waiting through the outage get the
      // message after it.
      assert.deepEqual(await waiting, [message]);
      await until(() => listener.got.length === 1, "the socket");
      assert.deepEqual(listener.got, [message]);
      await listener.close();
      const log = one.log();
      assert.match(log, /503 POST \/a\/message\/new .*Redis is unreachable/);
      assert.doesNotMatch(log, /Uncaught|^\s+at /m);
    } finally {
      for (const chat of chats) await chat.stop();
      await redis.stop();
    }
  },
});

Deno.test("chat on CHAT_BUS=kv:PATH: long polls, websockets and server-sent events across two processes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "chat-kv-" });
  const chats: ChatProcess[] = [];
  try {
    chats.push(...await crossProcess(`kv:${join(dir, "chat.db")}`));
  } finally {
    for (const chat of chats) await chat.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openChatBus() opens memory by default and refuses an unknown bus", async () => {
  const bus = await openChatBus();
  assert.ok(bus instanceof MemoryMessageBus);
  await bus.close();
  await assert.rejects(openChatBus("carrier-pigeon"), {
    name: "TypeError",
    message: /Cannot open the chat bus "carrier-pigeon"/,
  });
});

Deno.test({
  name:
    "chat on CHAT_BUS=rediss:// with CHAT_REDIS_CA: a message over TLS Redis",
  ignore: !hasRedis,
  fn: async () => {
    const redis = await RedisServer.start({ tls: true, password: "pw" });
    const dir = await Deno.makeTempDir({ prefix: "chat-tls-" });
    let chat: ChatProcess | undefined;
    try {
      const caFile = join(dir, "ca.pem");
      await Deno.writeTextFile(caFile, redis.ca!);
      assert.match(redis.url, /^rediss:\/\/:pw@localhost:/);
      chat = await startChat(redis.url, { CHAT_REDIS_CA: caFile });
      const sent = await say(chat.url, "over tls");
      assert.deepEqual(await poll(chat.url, sent.id - 1), [sent]);
    } finally {
      await chat?.stop();
      await redis.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
