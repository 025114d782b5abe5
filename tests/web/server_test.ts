import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
  StreamClosedError,
} from "../../web/mod.ts";
import { withServer } from "../../testing/mod.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };

/** Sends raw bytes to a server and returns everything it answers. */
async function rawRequest(baseUrl: string, text: string): Promise<string> {
  const port = Number(new URL(baseUrl).port);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(text));
    let out = "";
    const buf = new Uint8Array(8192);
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      out += new TextDecoder().decode(buf.subarray(0, n));
    }
    return out;
  } finally {
    try {
      conn.close();
    } catch { /* already closed */ }
  }
}

class Info extends RequestHandler {
  override get(): void {
    this.write({
      host: this.request.host,
      ip: this.request.remoteIp,
      protocol: this.request.protocol,
      uri: this.request.uri,
    });
  }
}

Deno.test("Application.listen() serves on a free port and shuts down", async () => {
  const app = new Application([["/", Info]], quiet);
  const server = app.listen(0, { hostname: "127.0.0.1" });
  try {
    assert.equal(server.addr.hostname, "127.0.0.1");
    assert.ok(server.addr.port > 0);
    const response = await fetch(`http://127.0.0.1:${server.addr.port}/`);
    const json = await response.json();
    assert.equal(json.ip, "127.0.0.1");
    assert.equal(json.host, `127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
  await server.finished;
});

Deno.test("Application.listen() stops when its signal aborts", async () => {
  const controller = new AbortController();
  const server = new Application([], quiet).listen(0, {
    hostname: "127.0.0.1",
    signal: controller.signal,
  });
  controller.abort();
  await server.finished;
});

Deno.test("A socket request without Host gets 400; the Host header beats an absolute target", async () => {
  const app = new Application([["/.*", Info]], quiet);
  app.addHandlers("good\\.example", [["/only-good", Info]]);
  await withServer(app, async (baseUrl) => {
    const noHost = await rawRequest(
      baseUrl,
      "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert.match(noHost, /^HTTP\/1\.1 400 /);
    const absolute = await rawRequest(
      baseUrl,
      "GET http://evil.example/only-good HTTP/1.1\r\nHost: good.example\r\nConnection: close\r\n\r\n",
    );
    assert.match(absolute, /^HTTP\/1\.1 200 /);
    const body = JSON.parse(absolute.slice(absolute.indexOf("\r\n\r\n") + 4));
    assert.equal(body.host, "good.example");
    assert.equal(body.uri, "/only-good");
  });
});

Deno.test("listen({ xheaders }) takes the client address and scheme from the proxy", async () => {
  const app = new Application([["/", Info]], quiet);
  const server = app.listen(0, { hostname: "127.0.0.1", xheaders: true });
  try {
    const response = await fetch(`http://127.0.0.1:${server.addr.port}/`, {
      headers: { "x-real-ip": "198.51.100.7", "x-forwarded-proto": "https" },
    });
    const json = await response.json();
    assert.equal(json.ip, "198.51.100.7");
    assert.equal(json.protocol, "https");
  } finally {
    await server.shutdown();
  }
  // Without xheaders the same headers are ignored.
  await withServer(app, async (baseUrl) => {
    const response = await fetch(baseUrl + "/", {
      headers: { "x-real-ip": "198.51.100.7" },
    });
    assert.equal((await response.json()).ip, "127.0.0.1");
  });
});

Deno.test("onConnectionClose() runs when a waiting client disconnects, not after a response", async () => {
  const closed: string[] = [];
  let waiting!: () => void;
  const started = new Promise<void>((r) => waiting = r);
  class LongPoll extends RequestHandler {
    #release: (() => void) | undefined;
    override async get(): Promise<void> {
      await new Promise<void>((resolve) => {
        this.#release = resolve;
        waiting();
      });
    }
    override onConnectionClose(): void {
      closed.push("poll");
      this.#release?.();
    }
  }
  class Quick extends RequestHandler {
    override get(): void {
      this.write("quick");
    }
    override onConnectionClose(): void {
      closed.push("quick");
    }
  }
  const app = new Application([["/poll", LongPoll], ["/quick", Quick]], quiet);
  await withServer(app, async (baseUrl) => {
    assert.equal(await (await fetch(baseUrl + "/quick")).text(), "quick");
    const controller = new AbortController();
    const pending = fetch(baseUrl + "/poll", { signal: controller.signal });
    await started;
    controller.abort();
    await assert.rejects(pending);
    for (let i = 0; i < 100 && closed.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  assert.deepEqual(closed, ["poll"]);
});

Deno.test("flush() applies back-pressure: a client that reads nothing stalls the writer", async () => {
  const chunk = "x".repeat(64 * 1024);
  let flushed = 0;
  let stopped: string | undefined;
  let closedCalled = false;
  let done!: () => void;
  const finished = new Promise<void>((r) => done = r);
  class Firehose extends RequestHandler {
    override async get(): Promise<void> {
      try {
        for (let i = 0; i < 4000; i++) {
          this.write(chunk);
          await this.flush();
          flushed++;
        }
      } catch (error) {
        stopped = error instanceof StreamClosedError ? error.name : "other";
        throw error;
      } finally {
        done();
      }
    }
    override onConnectionClose(): void {
      closedCalled = true;
    }
  }
  await withServer(
    new Application([["/", Firehose]], quiet),
    async (baseUrl) => {
      const port = Number(new URL(baseUrl).port);
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(
        new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
      );
      const first = new Uint8Array(1024);
      await conn.read(first); // the headers arrived: the stream started
      await new Promise((r) => setTimeout(r, 300));
      const stalledAt = flushed;
      // 4000 chunks are 256 MiB; only socket buffers' worth may be queued.
      assert.ok(
        stalledAt < 400,
        `flushed ${stalledAt} chunks to a stalled client`,
      );
      conn.close();
      await finished;
    },
  );
  assert.equal(stopped, "StreamClosedError");
  assert.equal(closedCalled, true);
});

Deno.test("shutdown() lets a request in flight finish", async () => {
  let entered!: () => void;
  const inside = new Promise<void>((r) => entered = r);
  class Slow extends RequestHandler {
    override async get(): Promise<void> {
      entered();
      await new Promise((r) => setTimeout(r, 150));
      this.write("finished late");
    }
  }
  const server = new Application([["/", Slow]], quiet).listen(0, {
    hostname: "127.0.0.1",
  });
  const pending = fetch(`http://127.0.0.1:${server.addr.port}/`);
  await inside;
  const stopping = server.shutdown();
  const response = await pending;
  assert.equal(await response.text(), "finished late");
  await stopping;
});

Deno.test("A client leaving mid-response crashes nothing; the server goes on", async () => {
  let errors = 0;
  const stopped = Promise.withResolvers<void>();
  class Slow extends RequestHandler {
    override async get(): Promise<void> {
      // Long enough that the client is gone before the end, even on a
      // loaded machine.
      for (let i = 0; i < 1000; i++) {
        this.write("chunk ");
        try {
          await this.flush();
        } catch {
          errors++;
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      stopped.resolve();
    }
  }
  class Hello extends RequestHandler {
    override get(): void {
      this.write("alive");
    }
  }
  const app = new Application([["/slow", Slow], ["/", Hello]], quiet);
  await withServer(app, async (baseUrl) => {
    const controller = new AbortController();
    const response = await fetch(baseUrl + "/slow", {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => {});
    assert.equal(await (await fetch(baseUrl + "/")).text(), "alive");
    await stopped.promise;
  });
  assert.equal(errors, 1);
});

Deno.test("request.signal aborts on a disconnect, not after a finished response", async () => {
  const signals: AbortSignal[] = [];
  let waiting!: () => void;
  const started = new Promise<void>((r) => waiting = r);
  let released = false;
  class Wait extends RequestHandler {
    override async get(): Promise<void> {
      const signal = this.request.signal;
      waiting();
      await new Promise<void>((resolve) =>
        signal.addEventListener("abort", () => resolve(), { once: true })
      );
      released = true;
    }
  }
  class Done extends RequestHandler {
    override get(): void {
      signals.push(this.request.signal);
      this.write("done");
    }
  }
  await withServer(
    new Application([["/wait", Wait], ["/done", Done]], quiet),
    async (baseUrl) => {
      assert.equal(await (await fetch(baseUrl + "/done")).text(), "done");
      const controller = new AbortController();
      const pending = fetch(baseUrl + "/wait", { signal: controller.signal });
      await started;
      controller.abort();
      await assert.rejects(pending);
      for (let i = 0; i < 100 && !released; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  );
  assert.equal(released, true, "the waiting handler saw the abort");
  assert.equal(signals[0]!.aborted, false, "a finished response is no abort");
});
