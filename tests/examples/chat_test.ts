import assert from "node:assert/strict";
import { MemoryMessageBus } from "../../web/mod.ts";
import { withServer } from "../../testing/mod.ts";
import { websocketConnect } from "../../websocket/mod.ts";
import { makeChatApp } from "../../examples/chat/app.ts";
import { freePort, spawnDeno, waitForPort } from "../_process.ts";
import { type ChatMessage, poll, post } from "./_chat_client.ts";

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(check(), "condition not reached in time");
}

const quiet = { logFunction: () => {} };

Deno.test("chat: two long-pollers get a posted message exactly once", async () => {
  const bus = new MemoryMessageBus();
  await withServer(makeChatApp(bus, quiet), async (baseUrl) => {
    const first = await (await post(`${baseUrl}/a/message/new`, {
      body: "before",
    })).json();
    const a = poll(baseUrl, first.id);
    const b = poll(baseUrl, first.id);
    await until(() => bus.listenerCount("chat") === 2);
    const posted = await post(`${baseUrl}/a/message/new`, { body: "<hi>" });
    const message = await posted.json();
    assert.equal(message.body, "<hi>");
    const [gotA, gotB] = await Promise.all([a, b]);
    assert.deepEqual(gotA, [message]);
    assert.deepEqual(gotB, [message]);
    // Polling again from the new cursor waits for the next message only.
    const again = poll(baseUrl, message.id);
    await until(() => bus.listenerCount("chat") === 1);
    await post(`${baseUrl}/a/message/new`, { body: "third" });
    assert.deepEqual((await again).map((m) => m.body), ["third"]);
    // An old cursor gets everything since, in order.
    assert.deepEqual(
      (await poll(baseUrl, first.id)).map((m) => m.body),
      ["<hi>", "third"],
    );
    const page = await (await fetch(`${baseUrl}/`)).text();
    assert.match(page, /<div class="message" id="m\d+">&lt;hi&gt;<\/div>/);
    assert.equal(bus.listenerCount("chat"), 0);
  });
  await bus.close();
});

Deno.test("chat: a long-poller that disconnects is dropped from the waiters", async () => {
  const bus = new MemoryMessageBus();
  await withServer(makeChatApp(bus, quiet), async (baseUrl) => {
    const controller = new AbortController();
    const waiting = post(`${baseUrl}/a/message/updates`, {
      cursor: "0",
    }, controller.signal);
    await until(() => bus.listenerCount("chat") === 1);
    controller.abort();
    await assert.rejects(waiting, { name: "AbortError" });
    await until(() => bus.listenerCount("chat") === 0);
  });
  await bus.close();
});

Deno.test("chat: bad input gets 400", async () => {
  const bus = new MemoryMessageBus();
  await withServer(makeChatApp(bus, quiet), async (baseUrl) => {
    for (
      const [path, data] of [
        ["/a/message/new", { body: "  " }],
        ["/a/message/new", { body: "x".repeat(2001) }],
        ["/a/message/new", {}],
        ["/a/message/updates", { cursor: "-1" }],
        ["/a/message/updates", { cursor: "abc" }],
      ] as const
    ) {
      const response = await post(baseUrl + path, data);
      assert.equal(response.status, 400, `${path} ${JSON.stringify(data)}`);
      await response.body?.cancel();
    }
  });
  await bus.close();
});

Deno.test("chat: /a/message/events refuses a bad Last-Event-ID with 400", async () => {
  const bus = new MemoryMessageBus();
  await withServer(makeChatApp(bus, quiet), async (baseUrl) => {
    for (const id of ["abc", "-5", "1.5"]) {
      const response = await fetch(`${baseUrl}/a/message/events`, {
        headers: { "last-event-id": id },
      });
      assert.equal(response.status, 400, id);
      await response.body?.cancel();
    }
    assert.equal(bus.listenerCount("chat"), 0);
  });
  await bus.close();
});

Deno.test("chat: /chatsocket sends the history, then new messages, and publishes", async () => {
  const bus = new MemoryMessageBus();
  await withServer(makeChatApp(bus, quiet), async (baseUrl) => {
    const old = await (await post(`${baseUrl}/a/message/new`, {
      body: "old",
    })).json();
    const socket = await websocketConnect(
      `${baseUrl.replace("http", "ws")}/chatsocket?cursor=0`,
    );
    const history = JSON.parse(String(await socket.readMessage()));
    assert.deepEqual(history.messages, [old]);
    const poller = poll(baseUrl, old.id);
    await socket.writeMessage(JSON.stringify({ body: "from socket" }));
    const echoed = JSON.parse(String(await socket.readMessage()));
    assert.deepEqual(echoed.messages.map((m: ChatMessage) => m.body), [
      "from socket",
    ]);
    assert.deepEqual(await poller, echoed.messages);
    await socket.close();
    await until(() => bus.listenerCount("chat") === 0);
  });
  await bus.close();
});

Deno.test("deno task chat: a long poll the client abandons prints no legacy request.signal notice", async () => {
  const port = freePort();
  const child = spawnDeno(["task", "chat", "--grace_period=1"], {
    cwd: new URL("../../", import.meta.url).pathname,
    env: { PORT: String(port), CHAT_BUS: "memory" },
  });
  try {
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}`;
    const controller = new AbortController();
    const waiting = post(`${base}/a/message/updates`, {
      cursor: String(Date.now() * 1000),
    }, controller.signal).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await waiting;
    const posted = await post(`${base}/a/message/new`, { body: "hi" });
    assert.equal(posted.status, 200);
    await posted.body?.cancel();
    assert.equal((await child.stop()).code, 0, child.output());
    assert.doesNotMatch(child.output(), /legacy behavior/, child.output());
  } finally {
    await child.stop("SIGKILL");
  }
});
