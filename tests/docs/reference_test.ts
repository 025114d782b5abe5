// `deno task docs` writes the HTML reference of every entry point listed in
// deno.json's `exports`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildReference, entryPoints } from "../../docs/_build_reference.ts";
import { ROOT } from "./_markdown.ts";

Deno.test("deno task docs writes a reference page for every entry point", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  assert.match(config.tasks.docs, /docs\/_build_reference\.ts/);
  assert.deepEqual(await entryPoints(), Object.values(config.exports));
  const output = await Deno.makeTempDir();
  try {
    await buildReference(output, { quiet: true });
    const index = await Deno.readTextFile(join(output, "index.html"));
    assert.match(index, /Tornado for Deno/);
    for (const key of Object.keys(config.exports)) {
      if (key === ".") continue;
      const page = join(output, key.slice(2), "index.html");
      assert.ok((await Deno.stat(page)).isFile, `no page for ${key}`);
    }
    const handler = join(output, "web", "~", "RequestHandler.html");
    assert.match(await Deno.readTextFile(handler), /getArgument/);
  } finally {
    await Deno.remove(output, { recursive: true });
  }
});
