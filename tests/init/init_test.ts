// The ./init scaffold, run as a user would: into a temporary folder with
// the import pointed at this checkout, then the new project's own tests
// and its server.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initProject } from "../../init/mod.ts";
import { freePort, spawnDeno, waitForPort } from "../_process.ts";

const INIT = fileURLToPath(new URL("../../init/mod.ts", import.meta.url));
const CHECKOUT = fileURLToPath(new URL("../../mod.ts", import.meta.url));

Deno.test("init writes a project whose own tests pass and which serves", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tornado_init_" });
  const project = join(dir, "my-app");
  try {
    const init = spawnDeno([
      "run",
      "-A",
      INIT,
      project,
      `--import=${CHECKOUT}`,
    ]);
    assert.equal((await init.stop(null)).code, 0, init.output());
    assert.match(init.output(), /deno task dev/);
    const config = JSON.parse(
      await Deno.readTextFile(join(project, "deno.json")),
    );
    assert.equal(config.imports["@tornado-deno/tornado"], CHECKOUT);
    assert.deepEqual(Object.keys(config.tasks).sort(), [
      "dev",
      "serve",
      "start",
      "test",
    ]);
    for (
      const file of [
        "main.ts",
        "main_test.ts",
        "templates/index.html",
        "static/style.css",
      ]
    ) {
      await Deno.stat(join(project, file));
    }

    const tests = spawnDeno(["test", "-A"], { cwd: project });
    assert.equal((await tests.stop(null, 60_000)).code, 0, tests.output());
    assert.match(tests.output(), /2 passed/);

    const port = freePort();
    const server = spawnDeno(["run", "-A", "main.ts", `--port=${port}`], {
      cwd: project,
    });
    try {
      await waitForPort(port);
      const page = await (await fetch(`http://127.0.0.1:${port}/?name=you`))
        .text();
      assert.match(page, /Hello, you!/);
      assert.match(page, /\/static\/style\.css\?v=[0-9a-f]+/);
      assert.equal((await server.stop()).code, 0, server.output());
    } finally {
      await server.stop("SIGKILL");
    }

    const bad = spawnDeno(["run", "-A", "main.ts", "--port=abc"], {
      cwd: project,
    });
    assert.equal((await bad.stop(null, 20_000)).code, 2, bad.output());
    assert.match(bad.output(), /^error: .*"abc" is not an integer/m);
    assert.doesNotMatch(bad.output(), /^\s+at /m, bad.output());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("initProject() refuses a folder that is not empty", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "notes.txt"), "mine");
    await assert.rejects(() => initProject(dir), /the folder is not empty/);
    const files = await initProject(dir, { force: true });
    assert.ok(files.includes("deno.json"));
    assert.equal(await Deno.readTextFile(join(dir, "notes.txt")), "mine");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Polls `url` until its body matches `pattern`. */
async function eventually(url: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      last = await (await fetch(url)).text();
      if (pattern.test(last)) return last;
    } catch { /* restarting */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never matched ${pattern}; last: ${last}`);
}

Deno.test("deno task dev reloads templates and restarts on code changes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tornado_dev_" });
  try {
    await initProject(dir, { importSpecifier: CHECKOUT });
    const port = freePort();
    // The task's own command, run directly so that killing it ends it.
    const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
    const [deno, ...args] = config.tasks.dev.split(" ");
    assert.equal(deno, "deno");
    const dev = spawnDeno([...args, `--port=${port}`], { cwd: dir });
    try {
      await waitForPort(port);
      const base = `http://127.0.0.1:${port}`;
      await eventually(`${base}/`, /Hello, world!/);
      const template = join(dir, "templates", "index.html");
      const html = await Deno.readTextFile(template);
      await Deno.writeTextFile(template, html.replace("Hello,", "Howdy,"));
      await eventually(`${base}/`, /Howdy, world!/);
      const main = join(dir, "main.ts");
      const code = await Deno.readTextFile(main);
      await Deno.writeTextFile(
        main,
        code.replace('status: "ok"', 'status: "new"'),
      );
      await eventually(`${base}/healthz`, /"status":"new"/);
      const warnings = dev.output().match(/autoreload: /g) ?? [];
      assert.ok(warnings.length >= 1, dev.output());
    } finally {
      await dev.stop("SIGKILL");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
