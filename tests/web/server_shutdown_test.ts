// Server.shutdown() from app.listen() is graceful: requests in flight get
// the grace period, requests still waiting then get 503 with Retry-After,
// and the `signal` option shuts down the same way.
import assert from "node:assert/strict";
import { Application, RequestHandler } from "../../web/mod.ts";

let release: () => void = () => {};

class Slow extends RequestHandler {
  override async get(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    this.write("finished");
  }
}

class Forever extends RequestHandler {
  override async get(): Promise<void> {
    await new Promise<void>((resolve) => release = resolve);
  }
}

const app = new Application([["/slow", Slow], ["/forever", Forever]], {
  logFunction: () => {},
});

Deno.test("Server.shutdown() lets requests finish, then answers the rest with 503", async () => {
  const server = app.listen(0, { hostname: "127.0.0.1", gracePeriod: 0.4 });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const slow = fetch(`${base}/slow`);
  const waiting = fetch(`${base}/forever`);
  await new Promise((resolve) => setTimeout(resolve, 30));
  const started = Date.now();
  const stopped = server.shutdown();
  assert.equal(await (await slow).text(), "finished");
  const cut = await waiting;
  assert.equal(cut.status, 503);
  assert.equal(cut.headers.get("retry-after"), "1");
  await cut.body?.cancel();
  assert.ok(Date.now() - started >= 350, "the grace period was not kept");
  await stopped;
  release();
});

Deno.test("ListenOptions.signal shuts the server down gracefully", async () => {
  const controller = new AbortController();
  const server = app.listen(0, {
    hostname: "127.0.0.1",
    signal: controller.signal,
    gracePeriod: 1,
  });
  const slow = fetch(`http://127.0.0.1:${server.addr.port}/slow`);
  await new Promise((resolve) => setTimeout(resolve, 30));
  controller.abort();
  assert.equal(await (await slow).text(), "finished");
  await server.finished;
});

Deno.test("Server.shutdown(): a handler still waiting is told (onConnectionClose) and logged with the 503 it got", async () => {
  const logged: number[] = [];
  let closed = 0;
  let wake: () => void = () => {};
  class Waiting extends RequestHandler {
    override async get(): Promise<void> {
      await new Promise<void>((resolve) => wake = resolve);
      this.write("too late");
    }
    override onConnectionClose(): void {
      closed++;
      wake();
    }
  }
  const app = new Application([["/wait", Waiting]], {
    logFunction: (handler) => logged.push(handler.getStatus()),
  });
  const server = app.listen(0, { hostname: "127.0.0.1", gracePeriod: 0.1 });
  const waiting = fetch(`http://127.0.0.1:${server.addr.port}/wait`);
  await new Promise((resolve) => setTimeout(resolve, 30));
  await server.shutdown();
  const cut = await waiting;
  assert.equal(cut.status, 503);
  await cut.body?.cancel();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(closed, 1);
  assert.deepEqual(logged, [503]);
});
