// Issue 13, point 19: a storm of long polls dropped at once. Every handler
// hears of it through onConnectionClose() and leaves the bus; nothing is
// left subscribed.
import assert from "node:assert/strict";
import {
  Application,
  MemoryMessageBus,
  RequestHandler,
} from "../../web/mod.ts";
import { withServer } from "../../testing/mod.ts";

const WAITERS = 1_000;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(check(), `timed out waiting for ${what}`);
}

Deno.test(`${WAITERS} long polls dropped at once: onConnectionClose() runs for each, no bus listener is left`, async () => {
  const bus = new MemoryMessageBus();
  let closed = 0;
  let finished = 0;
  class Poll extends RequestHandler {
    #unsubscribe: (() => void) | undefined;
    #release: (() => void) | undefined;
    override get(): Promise<void> {
      return new Promise((resolve) => {
        this.#release = resolve;
        this.#unsubscribe = bus.subscribe("news", (message) => {
          this.#unsubscribe?.();
          this.write({ message: String(message.data) });
          resolve();
        });
      });
    }
    override onConnectionClose(): void {
      closed++;
      this.#unsubscribe?.();
      this.#release?.();
    }
    override onFinish(): void {
      finished++;
    }
  }
  const app = new Application([["/poll", Poll]], { logFunction: () => {} });
  await withServer(app, async (baseUrl) => {
    const port = Number(new URL(baseUrl).port);
    const conns = await Promise.all(
      Array.from({ length: WAITERS }, async () => {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        await conn.write(
          new TextEncoder().encode(
            `GET /poll HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
          ),
        );
        return conn;
      }),
    );
    await until(() => bus.listenerCount("news") === WAITERS, "every waiter");
    for (const conn of conns) conn.close();
    await until(() => closed === WAITERS, "onConnectionClose() for each");
    assert.equal(bus.listenerCount("news"), 0);
    await until(() => finished === WAITERS, "each handler finished");
    const response = await fetch(`${baseUrl}/nothing`);
    assert.equal(response.status, 404);
    await response.body?.cancel();
  });
  await bus.close();
});
