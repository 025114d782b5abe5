import assert from "node:assert/strict";
import {
  addslash,
  Application,
  authenticated,
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

class AsyncAccount extends RequestHandler<string> {
  override getCurrentUser(): string | null {
    return this.getCookie("user");
  }
  @authenticated
  override async get(): Promise<void> {
    await Promise.resolve();
    this.write("account of " + this.currentUser);
  }
  @authenticated
  override async post(): Promise<void> {
    await Promise.resolve();
    this.write("saved");
  }
  @addslash
  override async put(): Promise<void> {
    await Promise.resolve();
    this.write("put");
  }
}

Deno.test("@authenticated and @addslash decorate async methods and keep them async", async () => {
  const app = new Application([["/account/?", AsyncAccount]], {
    loginUrl: "/login",
    logFunction: () => {},
  });
  const anonymous = new AppTestClient(app);
  const redirect = await anonymous.fetch("/account");
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.get("location"), "/login?next=%2Faccount");
  assert.equal(
    (await anonymous.fetch("/account", { method: "POST" })).status,
    403,
  );
  assert.equal(
    (await anonymous.fetch("/account", { method: "PUT" })).status,
    404,
  );
  assert.equal(
    await (await anonymous.fetch("/account/", { method: "PUT" })).text(),
    "put",
  );
  const user = new AppTestClient(app);
  const headers = { cookie: "user=ann" };
  const page = await user.fetch("/account", { headers });
  assert.equal(await page.text(), "account of ann");
  const saved = await user.fetch("/account", { method: "POST", headers });
  assert.equal(await saved.text(), "saved");
});
