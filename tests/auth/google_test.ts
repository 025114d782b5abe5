import assert from "node:assert/strict";
import { AuthError, GoogleOAuth2Mixin } from "../../auth/mod.ts";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
} from "../../web/mod.ts";
import { AppTestClient, withServer } from "../../testing/mod.ts";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  oauth2Provider,
  ProviderState,
} from "./_oauth2_provider.ts";
import { captureLogs, goToProvider, signIn } from "./_browser.ts";

const REDIRECT_URI = "http://127.0.0.1/auth/google";

/** The app under test, following the documented pattern. */
function googleApp(
  provider: string,
  settings: ApplicationSettings = {},
): AppTestClient {
  class GoogleLogin extends GoogleOAuth2Mixin(RequestHandler) {
    override oauthAuthorizeUrl = provider + "/authorize";
    override oauthAccessTokenUrl = provider + "/token";
    override oauthUserinfoUrl = provider + "/api/userinfo";
    override async get(): Promise<void> {
      if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
        return this.authorizeRedirect({
          redirectUri: REDIRECT_URI,
          scope: ["openid", "email", "profile"],
        });
      }
      const token = await this.getAuthenticatedUser({
        redirectUri: REDIRECT_URI,
      });
      const user = await this.getGoogleUserinfo(token.access_token);
      this.setSignedCookie("user", user.email ?? user.sub);
      this.write({ token, user });
    }
  }
  class Me extends RequestHandler {
    override get(): void {
      this.write(this.getSignedCookie("user") ?? "nobody");
    }
  }
  return new AppTestClient(
    new Application([["/auth/google", GoogleLogin], ["/me", Me]], {
      cookieSecret: "app secret",
      googleOauth: { key: CLIENT_ID, secret: CLIENT_SECRET },
      logFunction: () => {},
      ...settings,
    }),
  );
}

Deno.test("GoogleOAuth2Mixin signs in through the whole flow with state and PKCE", async () => {
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    const client = googleApp(provider);
    const trip = await goToProvider(client, "/auth/google");
    const sent = Object.fromEntries(trip.toProvider.searchParams);
    assert.equal(sent.client_id, CLIENT_ID);
    assert.equal(sent.redirect_uri, REDIRECT_URI);
    assert.equal(sent.response_type, "code");
    assert.equal(sent.scope, "openid email profile");
    assert.equal(sent.code_challenge_method, "S256");
    assert.match(sent.code_challenge!, /^[A-Za-z0-9_-]{43}$/);
    assert.match(sent.state!, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(client.getCookie("_oauth2_state"));

    const response = await client.fetch(trip.back.pathname + trip.back.search);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.user.email, "ada@example.com");
    assert.equal(body.token.access_token, "token-2");
    assert.equal(body.token.expires_in, 3599);
    // The state cookie is single-use: cleared on the callback.
    assert.equal(client.getCookie("_oauth2_state"), undefined);
    assert.equal(await (await client.fetch("/me")).text(), "ada@example.com");

    const [exchange] = state.tokenRequests;
    assert.equal(exchange!.grant_type, "authorization_code");
    assert.equal(exchange!.redirect_uri, REDIRECT_URI);
    assert.match(exchange!.code_verifier!, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(state.userRequests.map((r) => r.via), ["header"]);
  });
});

Deno.test("GoogleOAuth2Mixin refuses a code from another sign-in (PKCE)", async () => {
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    const client = googleApp(provider);
    const first = await goToProvider(client, "/auth/google");
    // A second sign-in replaces the cookie: new state, new verifier.
    const second = await goToProvider(client, "/auth/google");
    const mixed = new URL(first.back);
    mixed.searchParams.set("state", second.back.searchParams.get("state")!);
    const logs = await captureLogs(async () => {
      const response = await client.fetch(mixed.pathname + mixed.search);
      assert.equal(response.status, 403);
    });
    assert.match(logs.join("\n"), /refused the code \("invalid_grant"/);
  });
});

Deno.test("GoogleOAuth2Mixin failures are 403 or 502 pages without a stack", async () => {
  const cases: {
    name: string;
    setup?: (s: ProviderState) => void;
    tamper?: (back: URL) => void;
    fresh?: boolean;
    status: number;
    log: RegExp;
  }[] = [
    {
      name: "consent denied",
      setup: (s) => s.deny = true,
      status: 403,
      log:
        /not granted: the provider answered "access_denied": The user said no/,
    },
    {
      name: "wrong state",
      tamper: (back) => back.searchParams.set("state", "forged"),
      status: 403,
      log: /"state" argument does not match/,
    },
    {
      name: "missing state argument",
      tamper: (back) => back.searchParams.delete("state"),
      status: 403,
      log: /callback has no "state" argument/,
    },
    {
      name: "missing state cookie",
      fresh: true,
      status: 403,
      log: /"_oauth2_state" cookie is missing/,
    },
    {
      name: "bad code",
      tamper: (back) => back.searchParams.set("code", "made-up"),
      status: 403,
      log: /refused the code \("invalid_grant": Test provider: invalid_grant\)/,
    },
    {
      name: "token endpoint 5xx",
      setup: (s) => s.tokenFailure = "5xx",
      status: 502,
      log: /provider answered "503 Service Unavailable"/,
    },
    {
      name: "token endpoint sends HTML",
      setup: (s) => s.tokenFailure = "malformed",
      status: 502,
      log: /answer is not JSON/,
    },
    {
      name: "token answer without access_token",
      setup: (s) => s.tokenFailure = "no-token",
      status: 502,
      log: /answer has no "access_token"/,
    },
    {
      name: "userinfo 5xx",
      setup: (s) => s.userFailure = "5xx",
      status: 502,
      log: /call ".*\/api\/userinfo": the provider answered "500/,
    },
    {
      name: "userinfo malformed",
      setup: (s) => s.userFailure = "malformed",
      status: 502,
      log: /answer is not JSON/,
    },
  ];
  for (const c of cases) {
    const state = new ProviderState();
    c.setup?.(state);
    await withServer(oauth2Provider(state), async (provider) => {
      const client = googleApp(provider);
      const trip = await goToProvider(client, "/auth/google");
      c.tamper?.(trip.back);
      if (c.fresh) client.clearCookies();
      let response: Response | undefined;
      const logs = await captureLogs(async () => {
        response = await client.fetch(trip.back.pathname + trip.back.search);
      });
      assert.equal(response!.status, c.status, c.name);
      const page = await response!.text();
      assert.doesNotMatch(page, /AuthError|\.ts:\d+/, c.name);
      assert.equal(logs.length, 1, c.name);
      assert.match(logs[0]!, c.log, c.name);
      assert.doesNotMatch(logs[0]!, /\n\s+at /, `${c.name}: no stack logged`);
      assert.equal(client.getCookie("_oauth2_state"), undefined, c.name);
    });
  }
});

Deno.test("GoogleOAuth2Mixin reports an unreachable provider as 502", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closed = `http://127.0.0.1:${listener.addr.port}`;
  listener.close();
  const state = new ProviderState();
  await withServer(oauth2Provider(state), async (provider) => {
    // Authorize at the real local provider, exchange at a closed port.
    const client = googleApp(provider);
    const trip = await goToProvider(client, "/auth/google");
    const broken = googleApp(closed);
    const start = await broken.fetch("/auth/google");
    await start.body?.cancel();
    const location = new URL(start.headers.get("location")!);
    const back = new URL(trip.back);
    back.searchParams.set("state", location.searchParams.get("state")!);
    const logs = await captureLogs(async () => {
      const response = await broken.fetch(back.pathname + back.search);
      assert.equal(response.status, 502);
      await response.body?.cancel();
    });
    assert.match(logs[0]!, /could not be reached/);
  });
});

Deno.test("AuthError caught in the handler gives a page of the app's own", async () => {
  const state = new ProviderState();
  state.deny = true;
  await withServer(oauth2Provider(state), async (provider) => {
    class Login extends GoogleOAuth2Mixin(RequestHandler) {
      override oauthAuthorizeUrl = provider + "/authorize";
      override oauthAccessTokenUrl = provider + "/token";
      override async get(): Promise<void> {
        if (
          !this.getArgument("code", null) && !this.getArgument("error", null)
        ) {
          return this.authorizeRedirect({ redirectUri: REDIRECT_URI });
        }
        try {
          await this.getAuthenticatedUser({ redirectUri: REDIRECT_URI });
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          this.setStatus(error.statusCode);
          this.write(`Sign-in failed (${error.oauthError})`);
        }
      }
    }
    const client = new AppTestClient(
      new Application([["/auth/google", Login]], {
        cookieSecret: "s",
        googleOauth: { key: CLIENT_ID, secret: CLIENT_SECRET },
        logFunction: () => {},
      }),
    );
    const response = await signIn(client, "/auth/google");
    assert.equal(response.status, 403);
    assert.equal(await response.text(), "Sign-in failed (access_denied)");
  });
});

Deno.test("GoogleOAuth2Mixin.authorizeRedirect() needs cookieSecret for the state", async () => {
  class Login extends GoogleOAuth2Mixin(RequestHandler) {
    override get(): void {
      assert.throws(
        () => this.authorizeRedirect({ redirectUri: REDIRECT_URI }),
        { name: "TypeError", message: /"cookieSecret" setting is missing/ },
      );
      this.oauthUseState = false;
      this.oauthUsePkce = false;
      this.authorizeRedirect({ redirectUri: REDIRECT_URI });
    }
  }
  const client = new AppTestClient(
    new Application([["/login", Login]], {
      googleOauth: { key: CLIENT_ID, secret: CLIENT_SECRET },
      logFunction: () => {},
    }),
  );
  const response = await client.fetch("/login");
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get("location")!);
  assert.equal(location.searchParams.get("state"), null);
  assert.equal(location.searchParams.get("code_challenge"), null);
  assert.equal(response.headers.get("set-cookie"), null);
});
