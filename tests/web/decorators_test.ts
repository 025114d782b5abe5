import assert from "node:assert/strict";
import {
  addslash,
  Application,
  removeslash,
  RequestHandler,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";

class Trim extends RequestHandler {
  @removeslash
  override get(): void {
    this.write("trimmed " + this.request.path);
  }
  @removeslash
  override post(): void {
    this.write("posted");
  }
}

class Add extends RequestHandler {
  @addslash
  override get(): void {
    this.write("dir " + this.request.path);
  }
  @addslash
  override post(): void {
    this.write("posted");
  }
}

const client = new AppTestClient(
  new Application([["/t.*", Trim], ["/d.*", Add], ["/", Trim]], {
    logFunction: () => {},
  }),
);

Deno.test("@removeslash redirects GET to the path without trailing slashes", async () => {
  const moved = await client.fetch("/trim//?a=1&b=2");
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get("location"), "/trim?a=1&b=2");
  assert.equal(await (await client.fetch("/trim")).text(), "trimmed /trim");
  const post = await client.fetch("/trim/", { method: "POST" });
  assert.equal(post.status, 404);
  await post.body?.cancel();
  assert.equal(
    await (await client.fetch("/trim", { method: "POST" })).text(),
    "posted",
  );
  const root = await client.fetch("/");
  assert.equal(root.status, 404, "the root cannot lose its slash");
  await root.body?.cancel();
});

Deno.test("@addslash redirects GET to the path with a trailing slash", async () => {
  const moved = await client.fetch("/docs?x=1");
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get("location"), "/docs/?x=1");
  assert.equal(await (await client.fetch("/docs/")).text(), "dir /docs/");
  const post = await client.fetch("/docs", { method: "POST" });
  assert.equal(post.status, 404);
  await post.body?.cancel();
});
