// A sign-in never starts without the app's credentials: a clear error
// naming the setting (or option), a 500 page, no redirect to the provider.
import assert from "node:assert/strict";
import {
  FacebookGraphMixin,
  GitHubOAuth2Mixin,
  GoogleOAuth2Mixin,
  OAuth2Mixin,
  TwitterMixin,
} from "../../auth/mod.ts";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
  type RequestHandlerClass,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";
import { captureLogs } from "../web/_capture_logs.ts";

class Google extends GoogleOAuth2Mixin(RequestHandler) {
  override get(): void {
    this.authorizeRedirect({ redirectUri: "http://127.0.0.1/cb" });
  }
}
class GitHub extends GitHubOAuth2Mixin(RequestHandler) {
  override get(): void {
    this.authorizeRedirect({ redirectUri: "http://127.0.0.1/cb" });
  }
}
class Facebook extends FacebookGraphMixin(RequestHandler) {
  override get(): void {
    this.authorizeRedirect({ redirectUri: "http://127.0.0.1/cb" });
  }
}
class Custom extends OAuth2Mixin(RequestHandler) {
  override oauthAuthorizeUrl = "http://127.0.0.1:9/authorize";
  override get(): void {
    this.authorizeRedirect({
      redirectUri: "http://127.0.0.1/cb",
      clientId: "",
    });
  }
}
class Twitter extends TwitterMixin(RequestHandler) {
  override oauthRequestTokenUrl = "http://127.0.0.1:9/request_token";
  override async get(): Promise<void> {
    await this.authenticateRedirect();
  }
}

async function refused(
  handler: RequestHandlerClass,
  settings: ApplicationSettings,
  named: string,
): Promise<void> {
  const client = new AppTestClient(
    new Application([["/login", handler]], {
      cookieSecret: "secret",
      logFunction: () => {},
      ...settings,
    }),
  );
  const logs = await captureLogs(async () => {
    const response = await client.fetch("/login");
    assert.equal(response.status, 500, named);
    assert.equal(response.headers.get("location"), null, named);
    assert.doesNotMatch(await response.text(), /client_id/);
  });
  assert.ok(
    logs.some((line) => line.includes(`"${named}"`)),
    `the log names "${named}": ${logs.join("\n")}`,
  );
}

Deno.test("GoogleOAuth2Mixin refuses to start a sign-in without googleOauth key and secret", async () => {
  await refused(Google, {}, "googleOauth");
  await refused(Google, { googleOauth: { key: "id" } }, "googleOauth");
  await refused(
    Google,
    { googleOauth: { key: "", secret: "s" } },
    "googleOauth",
  );
  await refused(
    Google,
    { googleOauth: { key: "id", secret: "" } },
    "googleOauth",
  );
});

Deno.test("GitHubOAuth2Mixin refuses to start a sign-in without githubOauth key and secret", async () => {
  await refused(GitHub, {}, "githubOauth");
  await refused(GitHub, { githubOauth: { secret: "s" } }, "githubOauth");
});

Deno.test("OAuth2Mixin and FacebookGraphMixin refuse to redirect without a clientId", async () => {
  await refused(Facebook, {}, "clientId");
  await refused(Custom, {}, "clientId");
});

Deno.test("TwitterMixin refuses to start a sign-in without the consumer key and secret", async () => {
  await refused(Twitter, {}, "twitterConsumerKey");
  await refused(Twitter, { twitterConsumerKey: "k" }, "twitterConsumerSecret");
});

Deno.test("GoogleOAuth2Mixin still redirects with client_id when the setting is complete", async () => {
  const client = new AppTestClient(
    new Application([["/login", Google]], {
      cookieSecret: "secret",
      googleOauth: { key: "id", secret: "s" },
      logFunction: () => {},
    }),
  );
  const response = await client.fetch("/login");
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get("location")!);
  assert.equal(location.searchParams.get("client_id"), "id");
});
