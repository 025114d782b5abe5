// Sends at least 10,000 generated malformed requests over raw sockets and
// checks that each gets an answer that is not a 500, and that a normal
// request is answered afterwards. The seed is fixed (FUZZ_SEED overrides
// it) and printed with any failure, so a failure can be replayed.
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, RequestHandler } from "../../web/mod.ts";
import { withServer } from "../../testing/mod.ts";
import { captureLogs } from "./_capture_logs.ts";
import { malformedRequest, Random } from "./_fuzz_requests.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20261206);
const REQUESTS = 10_000;
const WORKERS = 24;
const ANSWER_TIMEOUT_MS = 5_000;
const STATIC_ROOT = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "testdata",
  "static",
);

class Form extends RequestHandler {
  override get(): void {
    this.#touch();
  }
  override post(): void {
    this.#touch();
  }
  #touch(): void {
    this.write({
      a: this.getArgument("a", null),
      args: Object.keys(this.request.arguments).length,
      files: Object.keys(this.request.files).length,
      cookie: this.getCookie("user", ""),
      signed: this.getSignedCookie("user"),
      locale: this.locale.code,
    });
  }
}

class Stream extends RequestHandler {
  static override streamRequestBody = true;
  #size = 0;
  override dataReceived(chunk: Uint8Array): void {
    this.#size += chunk.length;
  }
  override post(): void {
    this.write(`${this.#size}`);
  }
  override put(): void {
    this.write(`${this.#size}`);
  }
}

class Groups extends RequestHandler {
  override get(first: string, second: string): void {
    this.write(`${first}|${second}`);
  }
}

function fuzzApp(): Application {
  return new Application([
    ["/", Form],
    ["/form", Form],
    ["/stream", Stream],
    ["/t/([^/]*)/(.*)", Groups],
  ], {
    cookieSecret: "fuzz secret",
    staticPath: STATIC_ROOT,
    logFunction: () => {},
  });
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let sent = 0; sent < bytes.length;) {
    sent += await conn.write(bytes.subarray(sent));
  }
}

/**
 * Sends `text` and returns the status code of the answer, `"closed"` when
 * the server closed the connection without one, or `"timeout"`.
 */
async function answer(port: number, text: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await writeAll(conn, latin1(text)).catch(() => {});
    const deadline = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), ANSWER_TIMEOUT_MS);
    });
    const buffer = new Uint8Array(1024);
    let received = "";
    while (!received.includes("\r\n")) {
      const n = await Promise.race([conn.read(buffer), deadline]);
      if (n === "timeout") return n;
      if (n === null) break;
      received += String.fromCharCode(...buffer.subarray(0, n));
    }
    return /^HTTP\/\d\.\d (\d{3}) /.exec(received)?.[1] ?? "closed";
  } catch {
    return "closed"; // reset before any answer
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

/**
 * Deno's HTTP server (hyper) closes the connection without an answer when
 * chunked framing is broken, before any handler can answer; raw
 * `Deno.serve` does the same. Only then is a closed connection accepted.
 */
function brokenChunked(request: string): boolean {
  if (!request.includes("\r\nTransfer-Encoding: chunked\r\n")) return false;
  const body = request.slice(request.indexOf("\r\n\r\n") + 4);
  const match = /^([0-9a-f]+)\r\n/.exec(body);
  if (match === null) return true;
  const size = parseInt(match[1]!, 16);
  const rest = body.slice(match[0].length);
  return rest.slice(size) !== "\r\n0\r\n\r\n";
}

Deno.test(`${REQUESTS} malformed requests over raw sockets: each answered, none 500 (seed ${SEED})`, async () => {
  const random = new Random(SEED);
  const requests = Array.from(
    { length: REQUESTS },
    () => malformedRequest(random),
  );
  const failures: string[] = [];
  const statuses = new Map<string, number>();
  const logs = await captureLogs(async () => {
    await withServer(fuzzApp(), async (baseUrl) => {
      const port = Number(new URL(baseUrl).port);
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const index = next++;
          const request = requests[index]!;
          const status = await answer(port, request);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (
            status === "timeout" || status.startsWith("5") ||
            (status === "closed" && !brokenChunked(request))
          ) {
            failures.push(
              `#${index} (seed ${SEED}): ${status} for ${
                JSON.stringify(request.slice(0, 300))
              }`,
            );
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      // The server still answers a normal request.
      const ok = await fetch(`${baseUrl}/form?a=1`);
      assert.equal(ok.status, 200, `seed ${SEED}`);
      assert.equal((await ok.json()).a, "1");
    });
  });
  assert.deepEqual(
    failures.slice(0, 10),
    [],
    `${failures.length} failures; statuses ${
      JSON.stringify(Object.fromEntries(statuses))
    }`,
  );
  const crashes = logs.filter((line) =>
    line.includes("Uncaught exception") || line.includes("Cannot create")
  );
  assert.deepEqual(crashes.slice(0, 5), [], `seed ${SEED}`);
  // The generator reaches the handlers, not only the HTTP parser.
  const seen = `seed ${SEED}: ${JSON.stringify(Object.fromEntries(statuses))}`;
  assert.ok((statuses.get("200") ?? 0) > REQUESTS / 50, seen);
  assert.ok((statuses.get("400") ?? 0) > REQUESTS / 10, seen);
});
