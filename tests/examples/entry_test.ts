// One entry file for every way of running: each example's main.ts listens
// under `deno run` (--port), serves its default export under `deno serve`
// without starting a second server, and exits with 0 on SIGTERM.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  freePort,
  refused,
  serveArgs,
  spawnDeno,
  waitForPort,
} from "../_process.ts";

const EXAMPLES = ["demo", "chat", "auth"];

function mainOf(name: string): string {
  return fileURLToPath(
    new URL(`../../examples/${name}/main.ts`, import.meta.url),
  );
}

async function expectHome(port: number): Promise<void> {
  await waitForPort(port);
  const response = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /<html|<!doctype/i);
}

for (const name of EXAMPLES) {
  Deno.test(`examples/${name}/main.ts listens under deno run --port`, async () => {
    const port = freePort();
    const child = spawnDeno([
      "run",
      "-A",
      mainOf(name),
      `--port=${port}`,
      "--grace_period=1",
    ]);
    try {
      await expectHome(port);
      assert.match(child.output(), new RegExp(`Listening on .*:${port}/`));
      assert.equal((await child.stop()).code, 0, child.output());
    } finally {
      await child.stop("SIGKILL");
    }
  });

  Deno.test(`examples/${name}/main.ts serves once under deno serve`, async () => {
    const port = freePort();
    const other = freePort(); // where a wrong app.listen() would go
    const child = spawnDeno(serveArgs(mainOf(name), port, {
      parallel: false,
      args: [`--port=${other}`, "--grace_period=1"],
    }));
    try {
      await expectHome(port);
      assert.ok(await refused(other), "a second server was started");
      assert.equal((await child.stop()).code, 0, child.output());
    } finally {
      await child.stop("SIGKILL");
    }
  });
}

Deno.test("examples/hello.ts takes the examples' flags (--port)", async () => {
  const port = freePort();
  const child = spawnDeno([
    "run",
    "--allow-net",
    fileURLToPath(new URL("../../examples/hello.ts", import.meta.url)),
    `--port=${port}`,
    "--grace_period=1",
  ]);
  try {
    await waitForPort(port);
    const response = await fetch(`http://127.0.0.1:${port}/story/7`);
    assert.equal(await response.text(), "You requested the story 7");
    assert.equal((await child.stop()).code, 0, child.output());
  } finally {
    await child.stop("SIGKILL");
  }
});
