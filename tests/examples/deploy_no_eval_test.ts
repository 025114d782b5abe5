// Deno Deploy's shape, locally: `export default app` under `deno serve`,
// templates precompiled, code generation from strings switched off
// (--disallow-code-generation-from-strings), no write permission, the
// cookie secret from the environment.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, spawnDeno, waitForPort } from "../_process.ts";

const HERE = new URL("../testdata/deploy/", import.meta.url);
const PRECOMPILE = fileURLToPath(
  new URL("../../template/precompile.ts", import.meta.url),
);

Deno.test("export default app renders precompiled templates with code generation off", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tornado_deploy_" });
  try {
    const precompile = spawnDeno([
      "run",
      "-A",
      PRECOMPILE,
      fileURLToPath(new URL("templates", HERE)),
      join(dir, "templates_precompiled.ts"),
    ]);
    assert.equal((await precompile.stop(null)).code, 0, precompile.output());
    await Deno.writeTextFile(
      join(dir, "main.ts"),
      `import { makeApp } from "${new URL("app.ts", HERE)}";\n` +
        `import { precompiled } from "./templates_precompiled.ts";\n` +
        `export default makeApp(precompiled);\n`,
    );
    const port = freePort();
    const child = spawnDeno([
      "serve",
      "--allow-net",
      "--allow-read",
      "--allow-env=COOKIE_SECRET",
      "--deny-write",
      "--v8-flags=--disallow-code-generation-from-strings",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      join(dir, "main.ts"),
    ], { env: { COOKIE_SECRET: "from the environment" } });
    try {
      await waitForPort(port);
      const base = `http://127.0.0.1:${port}`;
      assert.equal(
        await (await fetch(`${base}/eval`)).text(),
        "eval refused: EvalError",
      );
      const page = await fetch(`${base}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<title>Hello, &lt;Deploy&gt;<\/title>/);
      assert.match(html, /<li>a<\/li><li>b<\/li>/);
      assert.match(html, /name="_xsrf" value="2\|/);
      assert.equal((await child.stop()).code, 0, child.output());
    } finally {
      await child.stop("SIGKILL");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
