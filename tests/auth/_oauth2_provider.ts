// A local OAuth 2 provider for the tests, written with the framework: an
// authorization endpoint that sends the browser back with code and state,
// a token endpoint that checks the client credentials, the code, the
// redirect URI and the PKCE verifier, and Google/GitHub/Facebook-like user
// endpoints. Never the real providers.
import { createHash, createHmac } from "node:crypto";
import {
  Application,
  type ApplicationSettings,
  HTTPError,
  RequestHandler,
} from "../../web/mod.ts";

export const CLIENT_ID = "test-client";
export const CLIENT_SECRET = "test-secret";

/** A code the provider issued, with what it was issued for. */
interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string | null;
  scope: string;
}

/** What the tests can set and inspect. */
export class ProviderState {
  /** Answer the authorization with `?error=access_denied`. */
  deny = false;
  /** The token endpoint's misbehaviour, if any. */
  tokenFailure: null | "5xx" | "malformed" | "no-token" | "200-error" = null;
  /** The user endpoint's misbehaviour, if any. */
  userFailure: null | "5xx" | "malformed" | "401" = null;
  /** Authorization requests seen (their query arguments). */
  authorizeRequests: Record<string, string>[] = [];
  /** Token requests seen (their form or query arguments). */
  tokenRequests: Record<string, string>[] = [];
  /** User requests seen: the token and where it came. */
  userRequests: {
    token: string;
    via: string;
    query: Record<string, string>;
  }[] = [];
  grants: Map<string, Grant> = new Map();
  tokens: Set<string> = new Set();
  #next = 0;
  nextId(prefix: string): string {
    return `${prefix}-${++this.#next}`;
  }
}

function pkceS256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

class ProviderHandler extends RequestHandler {
  declare state: ProviderState;
  override initialize(options: unknown): void {
    this.state = (options as { state: ProviderState }).state;
  }
  args(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(this.request.arguments)) {
      out[name] = this.getArgument(name);
    }
    return out;
  }
}

class Authorize extends ProviderHandler {
  override get(): void {
    const args = this.args();
    this.state.authorizeRequests.push(args);
    if (args.client_id !== CLIENT_ID) throw new HTTPError(400, "client_id");
    const back = new URL(args.redirect_uri ?? "");
    if (args.state !== undefined) back.searchParams.set("state", args.state);
    if (this.state.deny) {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The user said no");
      return this.redirect(back.href);
    }
    if (args.code_challenge !== undefined) {
      assertEqual(args.code_challenge_method, "S256");
    }
    const code = this.state.nextId("code");
    this.state.grants.set(code, {
      clientId: args.client_id,
      redirectUri: args.redirect_uri ?? "",
      challenge: args.code_challenge ?? null,
      scope: args.scope ?? "",
    });
    back.searchParams.set("code", code);
    this.redirect(back.href);
  }
}

class Token extends ProviderHandler {
  // Facebook takes the exchange as a GET; the others as a form POST.
  override get(): void {
    this.exchange(false);
  }
  override post(): void {
    this.exchange(true);
  }
  exchange(post: boolean): void {
    const args = this.args();
    this.state.tokenRequests.push(args);
    const failure = this.state.tokenFailure;
    if (failure === "5xx") throw new HTTPError(503);
    if (failure === "malformed") return this.finish("<html>oops</html>");
    if (failure === "no-token") return this.finish({ token_type: "Bearer" });
    if (post && args.grant_type !== "authorization_code") {
      return this.fail(400, "unsupported_grant_type");
    }
    if (args.client_id !== CLIENT_ID || args.client_secret !== CLIENT_SECRET) {
      return this.fail(401, "invalid_client");
    }
    const grant = this.state.grants.get(args.code ?? "");
    // A code is good for one exchange, for the same redirect URI, and with
    // the verifier whose challenge came with the authorization.
    if (
      failure === "200-error" || grant === undefined ||
      grant.redirectUri !== args.redirect_uri ||
      (grant.challenge !== null &&
        pkceS256(args.code_verifier ?? "") !== grant.challenge)
    ) {
      // GitHub answers a bad code with 200 and its own error name.
      if (failure === "200-error") {
        return this.finish({ error: "bad_verification_code" });
      }
      return this.fail(400, "invalid_grant");
    }
    this.state.grants.delete(args.code ?? "");
    const token = this.state.nextId("token");
    this.state.tokens.add(token);
    this.finish({
      access_token: token,
      token_type: "Bearer",
      expires_in: 3599,
      scope: grant.scope,
    });
  }
  fail(status: number, error: string): void {
    this.setStatus(status);
    this.finish({ error, error_description: `Test provider: ${error}` });
  }
}

/** The user endpoints: Google's userinfo, GitHub's /user, Facebook's /me. */
class User extends ProviderHandler {
  override get(kind: string): void {
    const header = this.request.headers.get("authorization");
    const query = this.args();
    const token = header?.startsWith("Bearer ")
      ? header.slice(7)
      : query.access_token ?? "";
    this.state.userRequests.push({
      token,
      via: header ? "header" : "query",
      query,
    });
    const failure = this.state.userFailure;
    if (failure === "5xx") throw new HTTPError(500);
    if (failure === "malformed") return this.finish("{ not json");
    if (failure === "401" || !this.state.tokens.has(token)) {
      this.setStatus(401);
      return this.finish({ error: "invalid_token" });
    }
    if (kind === "userinfo") {
      this.finish({
        sub: "1234567890",
        email: "ada@example.com",
        email_verified: true,
        name: "Ada Lovelace",
      });
    } else if (kind === "user") {
      this.finish({ id: 42, login: "ada", name: "Ada Lovelace" });
    } else {
      // Facebook: appsecret_proof must be the HMAC-SHA256 of the token.
      const proof = createHmac("sha256", CLIENT_SECRET).update(token).digest(
        "hex",
      );
      if (query.appsecret_proof !== proof) {
        this.setStatus(400);
        return this.finish({
          error: { message: "Invalid appsecret_proof", type: "OAuthException" },
        });
      }
      const user: Record<string, unknown> = { id: "f-42", name: "Ada" };
      for (const field of (query.fields ?? "").split(",")) {
        if (field === "first_name") user.first_name = "Ada";
        if (field === "email") user.email = "ada@example.com";
      }
      this.finish(user);
    }
  }
}

function assertEqual(actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new HTTPError(400, `expected ${expected}, got ${actual}`);
  }
}

/** The provider application. */
export function oauth2Provider(
  state: ProviderState,
  settings: ApplicationSettings = {},
): Application {
  return new Application([
    ["/authorize", Authorize, { state }],
    ["/token", Token, { state }],
    ["/api/(userinfo|user|me)", User, { state }],
  ], { logFunction: () => {}, ...settings });
}
