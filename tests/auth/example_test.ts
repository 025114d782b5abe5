// Smoke test of examples/auth: pages, the sign-in redirect, sign out.
import assert from "node:assert/strict";
import { AppTestClient } from "../../testing/mod.ts";
import { makeApp } from "../../examples/auth/main.ts";

const quietApp = (config: Parameters<typeof makeApp>[0]) => {
  const app = makeApp(config);
  app.settings.logFunction = () => {};
  return new AppTestClient(app, { baseUrl: "http://localhost:8888" });
};

Deno.test("examples/auth says how to get keys when none are set", async () => {
  const client = quietApp({ cookieSecret: "s" });
  const page = await (await client.fetch("/")).text();
  assert.match(page, /GITHUB_CLIENT_ID/);
  assert.match(page, /http:\/\/localhost:8888\/auth\/google/);
  const account = await client.fetch("/account");
  assert.equal(account.status, 302);
  assert.equal(account.headers.get("location"), "/login?next=%2Faccount");
});

Deno.test("examples/auth: the sign-in of a provider without keys is a 404, not a 500", async () => {
  const client = quietApp({
    cookieSecret: "s",
    github: { key: "gh-id", secret: "gh-secret" },
  });
  for (const path of ["/auth/google", "/auth/google?code=x&state=y"]) {
    const response = await client.fetch(path);
    assert.equal(response.status, 404, path);
    await response.body?.cancel();
  }
  const none = quietApp({ cookieSecret: "s" });
  const response = await none.fetch("/auth/github");
  assert.equal(response.status, 404);
  await response.body?.cancel();
});

Deno.test("examples/auth sends the browser to GitHub with state and PKCE", async () => {
  const client = quietApp({
    cookieSecret: "s",
    github: { key: "gh-id", secret: "gh-secret" },
  });
  const home = await (await client.fetch("/")).text();
  assert.match(home, /Sign in with GitHub/);
  assert.doesNotMatch(home, /Sign in with Google/);
  const start = await client.fetch("/auth/github");
  const location = new URL(start.headers.get("location")!);
  assert.equal(location.host, "github.com");
  assert.equal(location.searchParams.get("client_id"), "gh-id");
  assert.equal(
    location.searchParams.get("redirect_uri"),
    "http://localhost:8888/auth/github",
  );
  assert.ok(location.searchParams.get("code_challenge"));
  // Coming back with a state this browser did not send: a friendly 403.
  const back = await client.fetch("/auth/github?code=x&state=forged");
  assert.equal(back.status, 403);
  assert.match(await back.text(), /Try again/);
});
