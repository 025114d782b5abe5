import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const APP = fileURLToPath(
  new URL("../testdata/web/serve_app.ts", import.meta.url),
);

/** Runs `deno serve` on the test app and calls `fn` with its base URL. */
async function withDenoServe(
  extra: string[],
  fn: (baseUrl: string) => Promise<void>,
): Promise<void> {
  // A real free port, so that the workers of --parallel share it.
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "-A",
      ...extra,
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      APP,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  try {
    const reader = child.stderr.pipeThrough(new TextDecoderStream())
      .getReader();
    let seen = "";
    let baseUrl: string | undefined;
    const deadline = Date.now() + 30_000;
    while (baseUrl === undefined && Date.now() < deadline) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<{ done: true; value: undefined }>((r) =>
        timer = setTimeout(() => r({ done: true, value: undefined }), 30_000)
      );
      const { done, value } = await Promise.race([reader.read(), timeout]);
      clearTimeout(timer);
      if (done) break;
      seen += value;
      baseUrl = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen)?.[1];
    }
    reader.releaseLock();
    assert.ok(baseUrl, `deno serve did not start: ${seen}`);
    await fn(baseUrl);
  } finally {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await child.status;
    clearTimeout(timer);
    await child.stdout.cancel().catch(() => {});
    await child.stderr.cancel().catch(() => {});
  }
}

Deno.test("export default app serves with `deno serve`", async () => {
  await withDenoServe([], async (baseUrl) => {
    const response = await fetch(`${baseUrl}/hello/deno`);
    assert.deepEqual(await response.json(), {
      hello: "deno",
      ip: "127.0.0.1",
    });
    const missing = await fetch(`${baseUrl}/nope`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  });
});

Deno.test("export default app serves with `deno serve --parallel`", async () => {
  await withDenoServe(["--parallel"], async (baseUrl) => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const response = await fetch(`${baseUrl}/hello/w${i}`);
        return (await response.json()).hello;
      }),
    );
    assert.deepEqual(answers, Array.from({ length: 8 }, (_, i) => `w${i}`));
  });
});
