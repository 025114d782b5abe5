// RequestHandler.sendEvent() and lastEventId over a real socket.
import assert from "node:assert/strict";
import {
  Application,
  BroadcastChannelMessageBus,
  MemoryMessageBus,
  RequestHandler,
} from "../../web/mod.ts";
import { withServer } from "../../testing/mod.ts";
import { feedApp, readEvents } from "./_event_feed.ts";

const quiet = { logFunction: () => {} };

Deno.test("RequestHandler.sendEvent() frames events and starts an uncompressed, uncached event stream", async () => {
  class Events extends RequestHandler {
    override async get(): Promise<void> {
      await this.sendEvent("one line");
      await this.sendEvent("first\nsecond\r\nthird\rfourth");
      await this.sendEvent({ a: 1, b: "</x>" }, {
        event: "update",
        id: 7,
        retry: 1500,
      });
      await this.sendEvent("x".repeat(2000), { id: "last" });
    }
  }
  const app = new Application([["/events", Events]], {
    ...quiet,
    compressResponse: true,
  });
  await withServer(app, async (baseUrl) => {
    const response = await fetch(`${baseUrl}/events`, {
      headers: { "Accept-Encoding": "gzip, br" },
    });
    assert.equal(response.status, 200);
    assert.equal(
      response.headers.get("content-type"),
      "text/event-stream; charset=UTF-8",
    );
    assert.equal(
      response.headers.get("cache-control"),
      "no-cache, no-transform",
    );
    assert.equal(response.headers.get("content-encoding"), null);
    assert.equal(response.headers.get("etag"), null);
    assert.equal(
      await response.text(),
      "data: one line\n\n" +
        "data: first\ndata: second\ndata: third\ndata: fourth\n\n" +
        'event: update\nid: 7\nretry: 1500\ndata: {"a":1,"b":"</x>"}\n\n' +
        `id: last\ndata: ${"x".repeat(2000)}\n\n`,
    );
  });
});

Deno.test("RequestHandler.sendEvent() refuses CR, LF and NUL in event and id, and a bad retry", async () => {
  const errors: string[] = [];
  class Events extends RequestHandler {
    override async get(): Promise<void> {
      const bad = [
        { event: "a\nb" },
        { event: "a\rb" },
        { id: "1\r\n2" },
        { id: "1\u00002" },
        { retry: -1 },
        { retry: 1.5 },
      ];
      for (const options of bad) {
        try {
          await this.sendEvent("x", options);
        } catch (error) {
          errors.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      await this.sendEvent("ok");
    }
  }
  const app = new Application([["/events", Events]], quiet);
  await withServer(app, async (baseUrl) => {
    const response = await fetch(`${baseUrl}/events`);
    assert.equal(await response.text(), "data: ok\n\n");
  });
  assert.deepEqual(errors.slice(0, 4), [
    'TypeError: Cannot send event: "event" must not contain CR, LF or NUL',
    'TypeError: Cannot send event: "event" must not contain CR, LF or NUL',
    'TypeError: Cannot send event: "id" must not contain CR, LF or NUL',
    'TypeError: Cannot send event: "id" must not contain CR, LF or NUL',
  ]);
  assert.match(errors[4]!, /^RangeError: .*"retry" must be a non-negative/);
  assert.match(errors[5]!, /^RangeError: /);
});

Deno.test("RequestHandler.lastEventId reads the Last-Event-ID header", async () => {
  class Events extends RequestHandler {
    override async get(): Promise<void> {
      await this.sendEvent(String(this.lastEventId));
    }
  }
  const app = new Application([["/events", Events]], quiet);
  await withServer(app, async (baseUrl) => {
    const plain = await fetch(`${baseUrl}/events`);
    assert.equal(await plain.text(), "data: null\n\n");
    const resumed = await fetch(`${baseUrl}/events`, {
      headers: { "Last-Event-ID": "42" },
    });
    assert.equal(await resumed.text(), "data: 42\n\n");
  });
});

Deno.test("RequestHandler.sendEvent() ends cleanly when the client leaves (onConnectionClose)", async () => {
  const bus = new MemoryMessageBus();
  const left = Promise.withResolvers<void>();
  await withServer(feedApp(bus, left.resolve), async (baseUrl) => {
    const first = await bus.publish("news", { n: 1 });
    const response = await fetch(`${baseUrl}/feed`);
    const text = readEvents(response.body!, 3);
    while (bus.listenerCount("news") === 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const second = await bus.publish("news", { n: 2 });
    assert.equal(
      await text,
      `retry: 1000\ndata: \n\nid: ${first.id}\ndata: {"n":1}\n\nid: ${second.id}\ndata: {"n":2}\n\n`,
    );
    await left.promise;
    assert.equal(bus.listenerCount("news"), 0);
  });
  await bus.close();
});

Deno.test("RequestHandler.sendEvent() carries a BroadcastChannelMessageBus event from another worker, resuming after Last-Event-ID", async () => {
  const publisher = new BroadcastChannelMessageBus({ name: "sse-test" });
  const worker = new BroadcastChannelMessageBus({ name: "sse-test" });
  const left = Promise.withResolvers<void>();
  await withServer(feedApp(worker, left.resolve), async (baseUrl) => {
    const seen = await publisher.publish("news", { n: 1 });
    const response = await fetch(`${baseUrl}/feed`, {
      headers: { "Last-Event-ID": String(seen.id) },
    });
    const text = readEvents(response.body!, 2);
    while (worker.listenerCount("news") === 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const next = await publisher.publish("news", { n: 2 });
    assert.equal(
      await text,
      `retry: 1000\ndata: \n\nid: ${next.id}\ndata: {"n":2}\n\n`,
    );
    await left.promise;
  });
  await publisher.close();
  await worker.close();
});

Deno.test("RequestHandler.sendEvent() waits for a slow client, then rejects once it has gone", async () => {
  let sent = 0;
  let failure: unknown;
  const done = Promise.withResolvers<void>();
  class Flood extends RequestHandler {
    override async get(): Promise<void> {
      const chunk = "x".repeat(64 * 1024);
      try {
        for (;;) {
          await this.sendEvent(chunk);
          sent++;
        }
      } catch (error) {
        failure = error;
        done.resolve();
      }
    }
  }
  const app = new Application([["/flood", Flood]], quiet);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
  await withServer(app, async (baseUrl) => {
    const response = await fetch(`${baseUrl}/flood`);
    const reader = response.body!.getReader();
    await reader.read();
    await pause();
    const stalled = sent;
    await pause();
    assert.equal(
      sent,
      stalled,
      "the writer waits while the client reads nothing",
    );
    assert.ok(sent < 256, `${sent} events of 64 KiB buffered`);
    await reader.cancel();
    await done.promise;
  });
  assert.equal((failure as Error).name, "StreamClosedError");
});
