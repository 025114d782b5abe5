// The examples' operations flags with real processes: --log_format=json
// writes one JSON object per request, --logging=warn hides the info lines
// (2xx) but keeps the warnings (4xx).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { freePort, spawnDeno, waitForPort } from "../_process.ts";

const CHAT = fileURLToPath(
  new URL("../../examples/chat/main.ts", import.meta.url),
);

async function runWith(flags: string[]): Promise<string> {
  const port = freePort();
  const child = spawnDeno(["run", "-A", CHAT, `--port=${port}`, ...flags]);
  try {
    await waitForPort(port);
    for (const path of ["/", "/missing"]) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { "user-agent": "flags-test" },
      });
      await response.body?.cancel();
    }
    assert.equal((await child.stop()).code, 0, child.output());
    return child.output();
  } finally {
    await child.stop("SIGKILL");
  }
}

Deno.test("--log_format=json writes one JSON object per request", async () => {
  const output = await runWith(["--log_format=json"]);
  const records = output.split("\n").filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    records.map((r) => [r.status, r.method, r.uri, r.level, r.handler]),
    [
      [200, "GET", "/", "info", "MainHandler"],
      [404, "GET", "/missing", "warn", "ErrorHandler"],
    ],
  );
  for (const record of records) {
    assert.equal(record.remoteIp, "127.0.0.1");
    assert.equal(record.userAgent, "flags-test");
    assert.equal(typeof record.durationMs, "number");
    assert.ok(!Number.isNaN(Date.parse(record.time)));
  }
});

Deno.test("--logging=warn hides info lines and keeps warnings", async () => {
  const output = await runWith(["--logging=warn"]);
  assert.doesNotMatch(output, /200 GET \//);
  assert.doesNotMatch(output, /Listening on/);
  assert.match(output, /404 GET \/missing \(127\.0\.0\.1\)/);
});

Deno.test("a bad flag value is one error line and exit code 2, no stack trace", async () => {
  for (
    const flag of [
      "--port=abc",
      "--logging=bogus",
      "--log_format=xml",
      "--grace_period=-5",
      "--nope",
    ]
  ) {
    const child = spawnDeno(["run", "-A", CHAT, flag]);
    const status = await child.stop(null, 20_000);
    const output = child.output();
    assert.equal(status.code, 2, `${flag}: ${output}`);
    assert.match(output, /^error: .*--help/m, flag);
    assert.doesNotMatch(output, /^\s+at /m, `${flag}: ${output}`);
  }
});
