// Long polling, streamed responses and streamed request bodies, over real
// sockets (Deno's leak sanitizers stay on).
import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
} from "../../web/mod.ts";
import { withServer } from "../../testing/mod.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };
const encoder = new TextEncoder();

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(check(), `timed out waiting for ${what}`);
}

/** An event that long-poll handlers wait for; tracks its waiters. */
class Event {
  waiters: Set<(value: string | null) => void> = new Set();
  wait(): { promise: Promise<string | null>; cancel: () => void } {
    let resolve!: (value: string | null) => void;
    const promise = new Promise<string | null>((r) => resolve = r);
    const waiter = (value: string | null) => {
      this.waiters.delete(waiter);
      resolve(value);
    };
    this.waiters.add(waiter);
    return { promise, cancel: () => waiter(null) };
  }
  set(value: string): void {
    for (const waiter of [...this.waiters]) waiter(value);
  }
}

function longPollApp(event: Event, log: string[]): Application {
  class Wait extends RequestHandler {
    #cancel: (() => void) | undefined;
    override async get(): Promise<void> {
      const { promise, cancel } = event.wait();
      this.#cancel = cancel;
      const value = await promise;
      log.push(`released with ${value}`);
      if (value !== null) this.write(value);
    }
    override onConnectionClose(): void {
      log.push("onConnectionClose");
      this.#cancel?.();
    }
  }
  class Other extends RequestHandler {
    override get(): void {
      this.write(`waiting: ${event.waiters.size}`);
    }
  }
  return new Application([["/wait", Wait], ["/other", Other]], quiet);
}

Deno.test("An async handler waits for an event while the server serves other requests", async () => {
  const event = new Event();
  const log: string[] = [];
  await withServer(longPollApp(event, log), async (baseUrl) => {
    const first = fetch(`${baseUrl}/wait`);
    const second = fetch(`${baseUrl}/wait`);
    await until(() => event.waiters.size === 2, "two waiters");
    for (let i = 0; i < 3; i++) {
      const other = await fetch(`${baseUrl}/other`);
      assert.equal(await other.text(), "waiting: 2");
    }
    event.set("it happened");
    assert.equal(await (await first).text(), "it happened");
    assert.equal(await (await second).text(), "it happened");
  });
  assert.deepEqual(log, [
    "released with it happened",
    "released with it happened",
  ]);
  assert.equal(event.waiters.size, 0);
});

Deno.test("A long-poll client that disconnects releases its waiter through onConnectionClose()", async () => {
  const event = new Event();
  const log: string[] = [];
  await withServer(longPollApp(event, log), async (baseUrl) => {
    const staying = fetch(`${baseUrl}/wait`);
    const controller = new AbortController();
    const leaving = fetch(`${baseUrl}/wait`, { signal: controller.signal });
    await until(() => event.waiters.size === 2, "two waiters");
    controller.abort();
    await assert.rejects(leaving, { name: "AbortError" });
    await until(() => event.waiters.size === 1, "the waiter to go");
    assert.deepEqual(log, ["onConnectionClose", "released with null"]);
    event.set("later");
    assert.equal(await (await staying).text(), "later");
  });
  assert.deepEqual(log, [
    "onConnectionClose",
    "released with null",
    "released with later",
  ]);
});

Deno.test("flush() streams server-sent events as they are written", async () => {
  let next!: () => void;
  let flushedEvents = 0;
  class Events extends RequestHandler {
    override async get(): Promise<void> {
      this.setHeader("Content-Type", "text/event-stream");
      this.setHeader("Cache-Control", "no-cache");
      for (let i = 1; i <= 3; i++) {
        this.write(`id: ${i}\ndata: event ${i}\n\n`);
        await this.flush();
        flushedEvents = i;
        if (i < 3) await new Promise<void>((resolve) => next = resolve);
      }
    }
  }
  await withServer(
    new Application([["/events", Events]], quiet),
    async (baseUrl) => {
      const response = await fetch(`${baseUrl}/events`);
      assert.equal(response.headers.get("content-type"), "text/event-stream");
      const reader = response.body!.pipeThrough(new TextDecoderStream())
        .getReader();
      let text = "";
      for (let i = 1; i <= 3; i++) {
        while (!text.includes(`data: event ${i}\n\n`)) {
          const { value, done } = await reader.read();
          assert.equal(done, false, `stream ended before event ${i}`);
          text += value;
        }
        // The handler is still waiting: this event came before the end.
        assert.equal(flushedEvents, i);
        if (i < 3) next();
      }
      assert.equal((await reader.read()).done, true);
      assert.equal(
        text,
        "id: 1\ndata: event 1\n\nid: 2\ndata: event 2\n\nid: 3\ndata: event 3\n\n",
      );
    },
  );
});

/** Opens a raw connection and sends a request head with a chunked body. */
async function chunkedUpload(
  baseUrl: string,
  path: string,
): Promise<
  { send: (text: string) => Promise<void>; end: () => Promise<string> }
> {
  const port = Number(new URL(baseUrl).port);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode(
    `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
  ));
  return {
    send: async (text: string) => {
      const bytes = encoder.encode(text);
      await conn.write(encoder.encode(`${bytes.length.toString(16)}\r\n`));
      await conn.write(bytes);
      await conn.write(encoder.encode("\r\n"));
    },
    end: async () => {
      try {
        await conn.write(encoder.encode("0\r\n\r\n"));
      } catch { /* the server may have answered and closed already */ }
      let out = "";
      const buf = new Uint8Array(4096);
      while (true) {
        const n = await conn.read(buf).catch(() => null);
        if (n === null) break;
        out += new TextDecoder().decode(buf.subarray(0, n));
      }
      conn.close();
      return out;
    },
  };
}

Deno.test("streamRequestBody hands chunks to dataReceived() as they arrive", async () => {
  const received: string[] = [];
  let prepared = false;
  class Upload extends RequestHandler {
    static override streamRequestBody = true;
    override prepare(): void {
      prepared = true;
    }
    override dataReceived(chunk: Uint8Array): void {
      received.push(new TextDecoder().decode(chunk));
    }
    override post(): void {
      this.write(`${received.length} chunks: ${received.join("")}`);
    }
  }
  await withServer(
    new Application([["/up", Upload]], quiet),
    async (baseUrl) => {
      const upload = await chunkedUpload(baseUrl, "/up");
      await until(() => prepared, "prepare() before any body");
      assert.deepEqual(received, []);
      for (const part of ["one,", "two,", "three"]) {
        await upload.send(part);
        // Each chunk reaches the handler before the next one is even sent.
        await until(() => received.join("").endsWith(part), `chunk "${part}"`);
      }
      assert.ok(received.length >= 3, `only ${received.length} chunks`);
      const answer = await upload.end();
      assert.match(answer, /^HTTP\/1\.1 200 /);
      assert.match(answer, /3 chunks: one,two,three$/);
    },
  );
});

Deno.test("streamRequestBody still answers 413 past maxBodySize", async () => {
  let total = 0;
  let posted = false;
  class Upload extends RequestHandler {
    static override streamRequestBody = true;
    override dataReceived(chunk: Uint8Array): void {
      total += chunk.length;
    }
    override post(): void {
      posted = true;
    }
  }
  const app = new Application([["/up", Upload]], { ...quiet, maxBodySize: 10 });
  await withServer(app, async (baseUrl) => {
    const upload = await chunkedUpload(baseUrl, "/up");
    await upload.send("12345678");
    await until(() => total === 8, "the first chunk");
    await upload.send("90abc");
    const answer = await upload.end();
    assert.match(answer, /^HTTP\/1\.1 413 /);
    // A declared Content-Length over the limit is refused before any of
    // the body reaches dataReceived().
    const port = Number(new URL(baseUrl).port);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(encoder.encode(
      "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\nConnection: close\r\n\r\n12345",
    ));
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    conn.close();
    assert.match(
      new TextDecoder().decode(buf.subarray(0, n ?? 0)),
      /^HTTP\/1\.1 413 /,
    );
  });
  assert.equal(total, 8);
  assert.equal(posted, false);
});
