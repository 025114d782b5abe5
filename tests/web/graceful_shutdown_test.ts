// Graceful shutdown with real processes: SIGTERM lets a slow request
// finish, answers a long poll still waiting at the end of the grace period
// with 503, ends a stream, closes a websocket with 1001, closes the buses
// and exits with code 0; under `deno run` (app.listen) and under
// `deno serve --parallel`.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  freePort,
  refused,
  serveArgs,
  spawnDeno,
  waitForPort,
} from "../_process.ts";

const APP = fileURLToPath(
  new URL("../testdata/web/shutdown_app.ts", import.meta.url),
);

const MODES: Record<string, (port: number) => string[]> = {
  "deno run": (port) => ["run", "-A", APP, "1", String(port)],
  "deno serve --parallel": (port) => serveArgs(APP, port, { args: ["1"] }),
};

async function readAll(response: Response): Promise<string> {
  return await response.text();
}

for (const [mode, args] of Object.entries(MODES)) {
  Deno.test(`startApp() shuts down gracefully on SIGTERM under ${mode}`, async () => {
    const port = freePort();
    const child = spawnDeno(args(port));
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForPort(port);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const closed = new Promise<CloseEvent>((r) => ws.onclose = r);
      const slow = fetch(`${base}/slow`);
      const poll = fetch(`${base}/poll`);
      const stream = await fetch(`${base}/stream`);
      const streamed = readAll(stream);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      child.process.kill("SIGTERM");
      const slowResponse = await slow;
      assert.equal(slowResponse.status, 200);
      assert.equal(await slowResponse.text(), "slow done");
      const pollResponse = await poll;
      assert.equal(pollResponse.status, 503);
      assert.equal(pollResponse.headers.get("retry-after"), "1");
      await pollResponse.body?.cancel();
      assert.match(await streamed, /^tick 0\n(tick \d+\n)+$/);
      assert.equal((await closed).code, 1001);
      const status = await child.stop(null, 8000);
      assert.equal(status.code, 0, child.output());
      assert.ok(Date.now() - started < 6000, "the shutdown took too long");
      assert.match(child.output(), /buses closed/);
      assert.ok(await refused(port));
    } finally {
      await child.stop("SIGKILL");
    }
  });
}
