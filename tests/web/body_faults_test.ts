// A body that breaks off: a client that disconnects mid-upload is reported
// through onConnectionClose() (not a logged 400), and a body that stops
// arriving is ended by the bodyTimeout setting (408 and a clear log line).
import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
} from "../../web/mod.ts";
import { withServer } from "../../testing/mod.ts";
import { captureLogs } from "./_capture_logs.ts";
import { until } from "./_message_bus_contract.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };
const encoder = new TextEncoder();

/** Sends a request head and part of its body; the rest never comes. */
async function partialUpload(
  baseUrl: string,
  head: string,
  body: string,
): Promise<Deno.Conn> {
  const port = Number(new URL(baseUrl).port);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode(`${head}\r\n\r\n`));
  await new Promise((resolve) => setTimeout(resolve, 20));
  await conn.write(encoder.encode(body));
  return conn;
}

/**
 * Reads until the status line is in (Deno keeps the connection open while
 * the rest of a body is due, so there is no end of stream to wait for).
 */
async function readStatusLine(conn: Deno.Conn): Promise<string> {
  let out = "";
  const buf = new Uint8Array(4096);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), 5000);
  });
  try {
    while (!out.includes("\r\n")) {
      const n = await Promise.race([conn.read(buf), deadline]);
      if (n === null) break;
      out += new TextDecoder().decode(buf.subarray(0, n));
    }
  } finally {
    clearTimeout(timer);
  }
  return out.split("\r\n")[0] ?? "";
}

const events: string[] = [];

class Upload extends RequestHandler {
  static override streamRequestBody = true;
  override dataReceived(chunk: Uint8Array): void {
    events.push(`data ${chunk.length}`);
  }
  override post(): void {
    events.push("post");
  }
  override onConnectionClose(): void {
    events.push("closed");
  }
}

class Whole extends RequestHandler {
  override post(): void {
    events.push("whole post");
  }
}

Deno.test("A client leaving mid-upload triggers onConnectionClose(), not a logged 400", async () => {
  const logs = await captureLogs(async () => {
    await withServer(
      new Application([["/up", Upload], ["/whole", Whole]], quiet),
      async (baseUrl) => {
        for (
          const head of [
            "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100000",
            "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked",
          ]
        ) {
          events.length = 0;
          const body = head.includes("chunked") ? "5\r\nhello\r\n" : "hello";
          const conn = await partialUpload(baseUrl, head, body);
          await until(() => events.includes("data 5"), "the first chunk");
          conn.close();
          await until(() => events.includes("closed"), "onConnectionClose()");
          assert.deepEqual(events, ["data 5", "closed"], head);
        }
        events.length = 0;
        const conn = await partialUpload(
          baseUrl,
          "POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 100000",
          "hello",
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        conn.close();
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(events, []);
      },
    );
  });
  assert.deepEqual(
    logs.filter((line) => /400|request body|Uncaught/.test(line)),
    [],
  );
});

Deno.test("bodyTimeout ends a body that stops arriving: 408 and a log line", async () => {
  events.length = 0;
  const app = new Application([["/up", Upload], ["/whole", Whole]], {
    ...quiet,
    bodyTimeout: 0.3,
  });
  const logs = await captureLogs(async () => {
    await withServer(app, async (baseUrl) => {
      for (const path of ["/up", "/whole"]) {
        const started = performance.now();
        const conn = await partialUpload(
          baseUrl,
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000`,
          "hello",
        );
        const answer = await readStatusLine(conn);
        conn.close();
        const elapsed = performance.now() - started;
        assert.match(answer, /^HTTP\/1\.1 408 /, path);
        assert.ok(elapsed >= 250 && elapsed < 5000, `${path}: ${elapsed}ms`);
      }
      // A body that arrives in time is not affected.
      const ok = await fetch(`${baseUrl}/whole`, { method: "POST", body: "x" });
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
    });
  });
  assert.deepEqual(events, ["data 5", "whole post"]);
  const timeouts = logs.filter((line) => line.includes("bodyTimeout"));
  assert.equal(timeouts.length, 2, logs.join("\n"));
  assert.match(
    timeouts[0]!,
    /^408 POST \/up .*Timeout reading the request body/,
  );
});

Deno.test("A request whose body never arrived gets no access log line (it was never answered)", async () => {
  const logged: string[] = [];
  const app = new Application([["/up", Upload], ["/whole", Whole]], {
    logFunction: (handler) =>
      logged.push(`${handler.getStatus()} ${handler.request.path}`),
  });
  await withServer(app, async (baseUrl) => {
    for (const path of ["/whole", "/up"]) {
      events.length = 0;
      const conn = await partialUpload(
        baseUrl,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000`,
        "hello",
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      conn.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const response = await fetch(`${baseUrl}/whole`, {
      method: "POST",
      body: "done",
    });
    await response.body?.cancel();
  });
  assert.deepEqual(logged, ["200 /whole"]);
});
