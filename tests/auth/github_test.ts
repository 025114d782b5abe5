import assert from "node:assert/strict";
import { GitHubOAuth2Mixin } from "../../auth/mod.ts";
import { Application, RequestHandler } from "../../web/mod.ts";
import { AppTestClient, withServer } from "../../testing/mod.ts";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  oauth2Provider,
  ProviderState,
} from "./_oauth2_provider.ts";
import { captureLogs, goToProvider, signIn } from "./_browser.ts";

const REDIRECT_URI = "http://127.0.0.1/auth/github";

function githubApp(provider: string): AppTestClient {
  class GitHubLogin extends GitHubOAuth2Mixin(RequestHandler) {
    override oauthAuthorizeUrl = provider + "/authorize";
    override oauthAccessTokenUrl = provider + "/token";
    override githubApiUrl = provider + "/api";
    override async get(): Promise<void> {
      if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
        return this.authorizeRedirect({
          redirectUri: REDIRECT_URI,
          scope: ["read:user"],
        });
      }
      const user = await this.getAuthenticatedUser({
        redirectUri: REDIRECT_URI,
      });
      this.setSignedCookie("user", user.login);
      this.write(user);
    }
  }
  return new AppTestClient(
    new Application([["/auth/github", GitHubLogin]], {
      cookieSecret: "app secret",
      githubOauth: { key: CLIENT_ID, secret: CLIENT_SECRET },
      logFunction: () => {},
    }),
  );
}

Deno.test("GitHubOAuth2Mixin signs in and returns the user from /user", async () => {
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    const client = githubApp(provider);
    const trip = await goToProvider(client, "/auth/github");
    assert.equal(trip.toProvider.searchParams.get("client_id"), CLIENT_ID);
    assert.equal(trip.toProvider.searchParams.get("scope"), "read:user");
    assert.equal(
      trip.toProvider.searchParams.get("code_challenge_method"),
      "S256",
    );
    const response = await client.fetch(trip.back.pathname + trip.back.search);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      id: 42,
      login: "ada",
      name: "Ada Lovelace",
      access_token: "token-2",
    });
    assert.ok(client.getCookie("user"));
    assert.equal(state.userRequests[0]!.via, "header");
    assert.ok(state.tokenRequests[0]!.code_verifier);
  });
});

Deno.test("GitHubOAuth2Mixin treats GitHub's 200 bad_verification_code as 403", async () => {
  const state = new ProviderState();
  state.tokenFailure = "200-error";
  await withServer(oauth2Provider(state), async (provider) => {
    const logs = await captureLogs(async () => {
      const response = await signIn(githubApp(provider), "/auth/github");
      assert.equal(response.status, 403);
      await response.body?.cancel();
    });
    assert.match(logs[0]!, /refused the code \("bad_verification_code"\)/);
  });
});

Deno.test("GitHubOAuth2Mixin reports a token GitHub refuses at /user as 502", async () => {
  const state = new ProviderState();
  state.userFailure = "401";
  await withServer(oauth2Provider(state), async (provider) => {
    const logs = await captureLogs(async () => {
      const response = await signIn(githubApp(provider), "/auth/github");
      assert.equal(response.status, 502);
      await response.body?.cancel();
    });
    assert.match(logs[0]!, /"401 Unauthorized" \("invalid_token"\)/);
  });
});

Deno.test("GitHubOAuth2Mixin.getAuthenticatedUser() needs the githubOauth setting", async () => {
  class Login extends GitHubOAuth2Mixin(RequestHandler) {
    override async get(): Promise<void> {
      this.oauthUseState = false;
      this.oauthUsePkce = false;
      await assert.rejects(this.getAuthenticatedUser(), {
        name: "TypeError",
        message:
          'Cannot sign in with GitHub: the "githubOauth" setting must be { key, secret } with both set',
      });
      this.write("checked");
    }
  }
  const client = new AppTestClient(
    new Application([["/login", Login]], { logFunction: () => {} }),
  );
  assert.equal(await (await client.fetch("/login?code=x")).text(), "checked");
});
