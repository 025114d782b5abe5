import assert from "node:assert/strict";
import { FacebookGraphMixin } from "../../auth/mod.ts";
import { Application, RequestHandler } from "../../web/mod.ts";
import { AppTestClient, withServer } from "../../testing/mod.ts";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  oauth2Provider,
  ProviderState,
} from "./_oauth2_provider.ts";
import { captureLogs, goToProvider, signIn } from "./_browser.ts";

const REDIRECT_URI = "http://127.0.0.1/auth/facebook";

function facebookApp(
  provider: string,
  secrets: { clientSecret?: string; facebookSecret?: string } = {},
): AppTestClient {
  const secret = secrets.clientSecret ?? CLIENT_SECRET;
  class FacebookLogin extends FacebookGraphMixin(RequestHandler) {
    override oauthAuthorizeUrl = provider + "/authorize";
    override oauthAccessTokenUrl = provider + "/token";
    override facebookBaseUrl = provider + "/api";
    override async get(): Promise<void> {
      if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
        return this.authorizeRedirect({
          redirectUri: REDIRECT_URI,
          clientId: CLIENT_ID,
          extraParams: { scope: "email" },
        });
      }
      const user = await this.getAuthenticatedUser({
        redirectUri: REDIRECT_URI,
        clientId: CLIENT_ID,
        clientSecret: secret,
        extraFields: ["email"],
      });
      // A later Graph call: appsecret_proof comes from facebookSecret.
      const me = await this.facebookRequest("/me", {
        accessToken: user.access_token,
        fields: "first_name",
      });
      this.write({ user, me: me as Record<string, unknown> });
    }
  }
  return new AppTestClient(
    new Application([["/auth/facebook", FacebookLogin]], {
      cookieSecret: "app secret",
      facebookSecret: secrets.facebookSecret ?? CLIENT_SECRET,
      logFunction: () => {},
    }),
  );
}

Deno.test("FacebookGraphMixin signs in with state, a GET exchange and appsecret_proof", async () => {
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    const client = facebookApp(provider);
    const trip = await goToProvider(client, "/auth/facebook");
    assert.ok(trip.toProvider.searchParams.get("state"));
    assert.equal(trip.toProvider.searchParams.get("code_challenge"), null);
    assert.equal(trip.toProvider.searchParams.get("scope"), "email");
    const response = await client.fetch(trip.back.pathname + trip.back.search);
    assert.equal(response.status, 200);
    const { user, me } = await response.json();
    assert.deepEqual(user, {
      id: "f-42",
      name: "Ada",
      first_name: "Ada",
      last_name: null,
      locale: null,
      picture: null,
      link: null,
      email: "ada@example.com",
      access_token: "token-2",
      session_expires: "3599",
    });
    assert.deepEqual(me, { id: "f-42", name: "Ada", first_name: "Ada" });
    // The exchange was a GET without grant_type, as Tornado's.
    assert.equal(state.tokenRequests[0]!.grant_type, undefined);
    assert.deepEqual(
      state.userRequests.map((r) => [r.via, r.query.appsecret_proof?.length]),
      [["query", 64], ["query", 64]],
    );
  });
});

Deno.test("FacebookGraphMixin reports a Graph API error as 502", async () => {
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    const logs = await captureLogs(async () => {
      // Sign-in works; the later facebookRequest() signs with a wrong secret.
      const response = await signIn(
        facebookApp(provider, { facebookSecret: "wrong" }),
        "/auth/facebook",
      );
      assert.equal(response.status, 502);
      await response.body?.cancel();
    });
    assert.match(
      logs[0]!,
      /"400 Bad Request" \("OAuthException": Invalid appsecret_proof\)/,
    );
  });
});

Deno.test("FacebookGraphMixin reports refused app credentials as 502", async () => {
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    const logs = await captureLogs(async () => {
      const response = await signIn(
        facebookApp(provider, { clientSecret: "wrong" }),
        "/auth/facebook",
      );
      assert.equal(response.status, 502);
      await response.body?.cancel();
    });
    assert.match(logs[0]!, /provider answered "invalid_client"/);
  });
});

Deno.test("FacebookGraphMixin turns a denied consent into 403", async () => {
  const state = new ProviderState();
  state.deny = true;
  await withServer(oauth2Provider(state), async (provider) => {
    const logs = await captureLogs(async () => {
      const response = await signIn(facebookApp(provider), "/auth/facebook");
      assert.equal(response.status, 403);
      await response.body?.cancel();
    });
    assert.match(logs[0]!, /"access_denied"/);
    assert.equal(state.tokenRequests.length, 0);
  });
});
