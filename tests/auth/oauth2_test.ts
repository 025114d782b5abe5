import assert from "node:assert/strict";
import { OAuth2Mixin, OAuthMixin } from "../../auth/mod.ts";
import { Application, RequestHandler } from "../../web/mod.ts";
import { AppTestClient, withServer } from "../../testing/mod.ts";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  oauth2Provider,
  ProviderState,
} from "./_oauth2_provider.ts";
import { signIn } from "./_browser.ts";
import {
  CONSUMER_KEY,
  CONSUMER_SECRET,
  oauth1Provider,
  OAuth1State,
} from "./_oauth1_provider.ts";

Deno.test("OAuth2Mixin works with a provider of one's own, token in the query", async () => {
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    class Login extends OAuth2Mixin(RequestHandler) {
      override oauthAuthorizeUrl = provider + "/authorize";
      override oauthAccessTokenUrl = provider + "/token";
      override oauthTokenPlacement = "query" as const;
      override async get(): Promise<void> {
        const redirectUri = "http://127.0.0.1/login";
        if (!this.getArgument("code", null)) {
          return this.authorizeRedirect({
            redirectUri,
            clientId: CLIENT_ID,
            extraParams: { prompt: "consent" },
          });
        }
        const token = await this.getAccessToken({
          redirectUri,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
        });
        const user = await this.oauth2Request(provider + "/api/userinfo", {
          accessToken: token.access_token,
          alt: "json",
          n: 1,
        });
        this.write(user as Record<string, unknown>);
      }
    }
    const client = new AppTestClient(
      new Application([["/login", Login]], {
        cookieSecret: "s",
        logFunction: () => {},
      }),
    );
    const response = await signIn(client, "/login");
    assert.equal((await response.json()).sub, "1234567890");
    assert.equal(state.authorizeRequests[0]!.prompt, "consent");
    assert.deepEqual(state.userRequests[0]!.query, {
      access_token: "token-2",
      alt: "json",
      n: "1",
    });
  });
});

Deno.test("OAuth2Mixin keeps state and verifier in a signed, HTTP-only, Lax cookie", async () => {
  class Login extends OAuth2Mixin(RequestHandler) {
    override oauthAuthorizeUrl = "https://id.example/authorize";
    override get(): void {
      assert.throws(
        () => this.authorizeRedirect({ extraParams: { state: "mine" } }),
        { name: "TypeError", message: /Cannot send "state" in extraParams/ },
      );
      this.authorizeRedirect({ clientId: "c" });
    }
  }
  const app = new Application([["/login", Login]], {
    cookieSecret: "s",
    logFunction: () => {},
  });
  const response = await app.fetch(new Request("https://app.example/login"));
  const cookie = response.headers.get("set-cookie")!;
  assert.match(cookie, /^_oauth2_state="?2\|/);
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);
  assert.match(cookie, /Secure/i);
  const location = new URL(response.headers.get("location")!);
  // The cookie holds the verifier, never the challenge or the state alone.
  assert.ok(!cookie.includes(location.searchParams.get("code_challenge")!));
  const plain = await app.fetch(new Request("http://app.example/login"));
  assert.doesNotMatch(plain.headers.get("set-cookie")!, /Secure/i);
});

Deno.test('OAuthMixin with callbackUri "oob" writes the authorization URL', async () => {
  const state = new OAuth1State();
  await withServer(oauth1Provider(state), async (provider) => {
    class Login extends OAuthMixin(RequestHandler) {
      override oauthRequestTokenUrl = provider + "/oauth/request_token";
      override oauthAuthorizeUrl = provider + "/oauth/authorize";
      override oauthConsumerToken() {
        return { key: CONSUMER_KEY, secret: CONSUMER_SECRET };
      }
      override async get(): Promise<void> {
        await this.authorizeRedirect({ callbackUri: "oob" });
      }
    }
    const client = new AppTestClient(
      new Application([["/login", Login]], {
        cookieSecret: "s",
        logFunction: () => {},
      }),
    );
    const response = await client.fetch("/login");
    assert.equal(response.status, 200);
    assert.equal(
      await response.text(),
      provider + "/oauth/authorize?oauth_token=rt-1",
    );
    assert.ok(client.getCookie("_oauth_request_token"));
    const signed = new Map(state.seen[0]!.params);
    assert.equal(signed.get("oauth_callback"), "oob");
  });
});
