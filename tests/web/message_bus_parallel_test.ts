// `deno serve --parallel` runs one copy of the app per worker; the
// BroadcastChannelMessageBus must carry a message posted to one worker to a
// long-poller waiting on another.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { freePort, waitForPort } from "../_process.ts";

// The chat app checks XSRF: send the same token as cookie and header.
const XSRF_TOKEN = "5f".repeat(16);
const XSRF_HEADERS = {
  cookie: `_xsrf=${XSRF_TOKEN}`,
  "x-xsrftoken": XSRF_TOKEN,
};

const SCRIPT = fileURLToPath(
  new URL("../testdata/web/chat_parallel_serve.ts", import.meta.url),
);

Deno.test("BroadcastChannelMessageBus reaches a long-poller on another worker of deno serve --parallel", async () => {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--parallel",
      "--allow-net",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      SCRIPT,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  // Each HttpClient keeps its own connection, which one worker serves.
  const clients: Deno.HttpClient[] = [];
  try {
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}`;
    const byWorker = new Map<string, Deno.HttpClient>();
    // The second worker may start listening a little after the first.
    const deadline = Date.now() + 15_000;
    while (byWorker.size < 2 && Date.now() < deadline) {
      const client = Deno.createHttpClient({});
      clients.push(client);
      const worker = await (await fetch(`${base}/worker`, { client })).text();
      if (!byWorker.has(worker)) byWorker.set(worker, client);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(byWorker.size, 2, "connections never reached two workers");
    const pairs = [...byWorker] as [
      [string, Deno.HttpClient],
      [string, Deno.HttpClient],
    ];
    const [[pollerWorker, poller], [posterWorker, poster]] = pairs;
    // The poller's connection is still on its worker.
    assert.equal(
      await (await fetch(`${base}/worker`, { client: poller })).text(),
      pollerWorker,
    );
    const waiting = fetch(`${base}/a/message/updates`, {
      method: "POST",
      headers: XSRF_HEADERS,
      body: new URLSearchParams({ cursor: "0" }),
      client: poller,
      signal: AbortSignal.timeout(10_000),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(
      await (await fetch(`${base}/worker`, { client: poster })).text(),
      posterWorker,
    );
    const answer = await fetch(`${base}/a/message/new`, {
      method: "POST",
      headers: XSRF_HEADERS,
      body: new URLSearchParams({ body: "across workers" }),
      client: poster,
    });
    const text = await answer.text();
    assert.equal(answer.status, 200, text);
    const posted = JSON.parse(text);
    const response = await waiting;
    assert.equal(response.status, 200);
    assert.deepEqual((await response.json()).messages, [posted]);
  } finally {
    for (const client of clients) client.close();
    // SIGKILL: on SIGTERM `deno serve` waits for open connections to end.
    child.kill("SIGKILL");
    await child.status;
  }
});
