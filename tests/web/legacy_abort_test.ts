// Issue 13, point 17: runs of the tasks and tests print no notice about
// Deno's legacy `request.signal` behaviour. deno.json opts into the new
// behaviour (`"unstable": ["no-legacy-abort"]`): the signal aborts only
// when the client goes away, which is what onConnectionClose() needs.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { spawnDeno } from "../_process.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const APP = fileURLToPath(
  new URL("../testdata/web/watch_close_app.ts", import.meta.url),
);

Deno.test("A server whose handlers watch for disconnects prints no legacy request.signal notice", async () => {
  const child = spawnDeno(["run", "-A", APP], { cwd: ROOT });
  const status = await child.stop(null, 20_000);
  assert.equal(status.code, 0, child.output());
  assert.match(child.output(), /^served: closed 1, finished 2$/m);
  assert.doesNotMatch(child.output(), /legacy/i);
});
