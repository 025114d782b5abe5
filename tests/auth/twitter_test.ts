import assert from "node:assert/strict";
import { TwitterMixin } from "../../auth/mod.ts";
import { Application, RequestHandler } from "../../web/mod.ts";
import { AppTestClient, withServer } from "../../testing/mod.ts";
import {
  CONSUMER_KEY,
  CONSUMER_SECRET,
  oauth1Provider,
  OAuth1State,
} from "./_oauth1_provider.ts";
import { captureLogs, goToProvider } from "./_browser.ts";

function twitterApp(
  provider: string,
  options: { authenticate?: boolean } = {},
): AppTestClient {
  class TwitterLogin extends TwitterMixin(RequestHandler) {
    override oauthRequestTokenUrl = provider + "/oauth/request_token";
    override oauthAccessTokenUrl = provider + "/oauth/access_token";
    override oauthAuthorizeUrl = provider + "/oauth/authorize";
    override oauthAuthenticateUrl = provider + "/oauth/authenticate";
    override twitterBaseUrl = provider + "/1.1";
    override async get(): Promise<void> {
      if (
        this.getArgument("oauth_token", null) === null &&
        this.getArgument("denied", null) === null
      ) {
        if (options.authenticate) {
          return await this.authenticateRedirect({
            callbackUri: "/auth/twitter",
          });
        }
        return await this.authorizeRedirect({ callbackUri: "/auth/twitter" });
      }
      const user = await this.getAuthenticatedUser();
      const posted = await this.twitterRequest("/statuses/update", {
        accessToken: user.access_token,
        postArgs: { status: "Hello, Ladies + Gentlemen! é" },
        via: "tests & more",
      });
      this.write({ user, posted: posted as Record<string, unknown> });
    }
  }
  return new AppTestClient(
    new Application([["/auth/twitter", TwitterLogin]], {
      cookieSecret: "app secret",
      twitterConsumerKey: CONSUMER_KEY,
      twitterConsumerSecret: CONSUMER_SECRET,
      logFunction: () => {},
    }),
  );
}

for (const authenticate of [false, true]) {
  const method = authenticate ? "authenticateRedirect" : "authorizeRedirect";
  Deno.test(`TwitterMixin signs in with ${method}() and makes a signed POST`, async () => {
    const state = new OAuth1State();
    await withServer(oauth1Provider(state), async (provider) => {
      const client = twitterApp(provider, { authenticate });
      const trip = await goToProvider(client, "/auth/twitter");
      assert.equal(
        trip.toProvider.pathname,
        authenticate ? "/oauth/authenticate" : "/oauth/authorize",
      );
      assert.equal(trip.toProvider.searchParams.get("oauth_token"), "rt-1");
      assert.ok(client.getCookie("_oauth_request_token"));
      const response = await client.fetch(
        trip.back.pathname + trip.back.search,
      );
      assert.equal(response.status, 200);
      const { user, posted } = await response.json();
      assert.equal(user.username, "ada");
      assert.equal(user.name, "Ada Lovelace");
      assert.deepEqual(user.access_token, {
        key: "at-3",
        secret: "secret+at-3",
        user_id: "7",
        screen_name: "ada",
      });
      assert.deepEqual(posted, {
        text: "Hello, Ladies + Gentlemen! é",
        via: "tests & more",
      });
      assert.equal(client.getCookie("_oauth_request_token"), undefined);
      // Every request was signed: the callback went with the request token.
      assert.deepEqual(state.seen.map((s) => s.path), [
        "/oauth/request_token",
        "/oauth/access_token",
        "/1.1/account/verify_credentials.json",
        "/1.1/statuses/update.json",
      ]);
      const callback = state.seen[0]!.params.find(([k]) =>
        k === "oauth_callback"
      );
      assert.equal(callback?.[1], "http://127.0.0.1/auth/twitter");
      assert.ok(
        state.seen[3]!.params.some(([k, v]) =>
          k === "status" && v === "Hello, Ladies + Gentlemen! é"
        ),
      );
    });
  });
}

Deno.test("TwitterMixin failures are 403 or 502 without a stack", async () => {
  const cases: {
    name: string;
    setup?: (s: OAuth1State) => void;
    tamper?: (back: URL) => void;
    fresh?: boolean;
    status: number;
    log: RegExp;
  }[] = [
    {
      name: "denied",
      setup: (s) => s.deny = true,
      status: 403,
      log: /not granted: the provider answered with "denied"/,
    },
    {
      name: "missing request token cookie",
      fresh: true,
      status: 403,
      log: /"_oauth_request_token" cookie is missing/,
    },
    {
      name: "token does not match the cookie",
      tamper: (back) => back.searchParams.set("oauth_token", "rt-99"),
      status: 403,
      log: /does not match the request token cookie/,
    },
    {
      name: "bad verifier",
      tamper: (back) => back.searchParams.set("oauth_verifier", "guess"),
      status: 403,
      log: /request token for an access token: the provider answered "401/,
    },
  ];
  for (const c of cases) {
    const state = new OAuth1State();
    c.setup?.(state);
    await withServer(oauth1Provider(state), async (provider) => {
      const client = twitterApp(provider);
      const trip = await goToProvider(client, "/auth/twitter");
      c.tamper?.(trip.back);
      if (c.fresh) client.clearCookies();
      let response: Response | undefined;
      const logs = await captureLogs(async () => {
        response = await client.fetch(trip.back.pathname + trip.back.search);
      });
      assert.equal(response!.status, c.status, c.name);
      assert.doesNotMatch(await response!.text(), /AuthError|\.ts:\d+/);
      // The app's line (the provider may log its own 401 too).
      const line = logs.find((l) => l.includes("/auth/twitter"));
      assert.match(line ?? "", c.log, c.name);
      assert.doesNotMatch(line ?? "", /\n\s+at /, c.name);
      assert.equal(client.getCookie("_oauth_request_token"), undefined);
    });
  }
});

Deno.test("TwitterMixin reports a failing request-token endpoint as 502", async () => {
  for (const failure of ["5xx", "malformed"] as const) {
    const state = new OAuth1State();
    state.requestTokenFailure = failure;
    await withServer(oauth1Provider(state), async (provider) => {
      const logs = await captureLogs(async () => {
        const response = await twitterApp(provider).fetch("/auth/twitter");
        assert.equal(response.status, 502, failure);
        await response.body?.cancel();
      });
      assert.match(
        logs.join("\n"),
        failure === "5xx"
          ? /get a request token: the provider answered "502 Bad Gateway"/
          : /has no "oauth_token" and "oauth_token_secret"/,
      );
    });
  }
});

Deno.test("TwitterMixin needs the consumer key settings", async () => {
  class Login extends TwitterMixin(RequestHandler) {
    override async get(): Promise<void> {
      await assert.rejects(this.authorizeRedirect(), {
        name: "TypeError",
        message:
          'Cannot sign in with Twitter: the "twitterConsumerKey" setting is missing',
      });
      this.write("checked");
    }
  }
  const client = new AppTestClient(
    new Application([["/login", Login]], { logFunction: () => {} }),
  );
  assert.equal(await (await client.fetch("/login")).text(), "checked");
});

Deno.test("OAuthMixin signing is checked by the provider: a wrong secret is refused", async () => {
  const state = new OAuth1State();
  await withServer(oauth1Provider(state), async (provider) => {
    const app = new Application([[
      "/auth/twitter",
      class extends TwitterMixin(RequestHandler) {
        override oauthRequestTokenUrl = provider + "/oauth/request_token";
        override async get(): Promise<void> {
          await this.authorizeRedirect({ callbackUri: "/auth/twitter" });
        }
      },
    ]], {
      cookieSecret: "s",
      twitterConsumerKey: CONSUMER_KEY,
      twitterConsumerSecret: "not the secret",
      logFunction: () => {},
    });
    const logs = await captureLogs(async () => {
      const response = await new AppTestClient(app).fetch("/auth/twitter");
      assert.equal(response.status, 502);
      await response.body?.cancel();
    });
    assert.match(logs.join("\n"), /bad signature/);
    assert.equal(state.seen.length, 0);
  });
});
