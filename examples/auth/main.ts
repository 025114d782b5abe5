// Sign in with GitHub or Google: `deno task auth-example`.
//
// Keys come from the environment (see the home page without them):
//   GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET   (https://github.com/settings/developers)
//   GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET   (https://console.cloud.google.com/apis/credentials)
//   COOKIE_SECRET                            (any long random string)
// The signed-in user is kept in a signed cookie; /account needs it.
// Runs under `deno run` (--port, --debug, --logging) and `deno serve` alike.
import {
  Application,
  authenticated,
  AuthError,
  GitHubOAuth2Mixin,
  GoogleOAuth2Mixin,
  HTTPError,
  RequestHandler,
  startApp,
  xhtmlEscape,
} from "../../mod.ts";
import { parseFlags } from "../_flags.ts";

/** Who is signed in, as kept in the signed `user` cookie. */
interface User {
  provider: "github" | "google";
  id: string;
  name: string;
}

/** Reads the user from the signed cookie. */
class BaseHandler extends RequestHandler<User> {
  override getCurrentUser(): User | null {
    const value = this.getSignedCookie("user");
    if (value === null) return null;
    try {
      return JSON.parse(value) as User;
    } catch {
      return null;
    }
  }

  page(title: string, body: string): void {
    this.finish(
      `<!doctype html><title>${xhtmlEscape(title)}</title>` +
        `<h1>${xhtmlEscape(title)}</h1>${body}`,
    );
  }

  /** The callback URL of a provider, on the host the browser used. */
  callbackUrl(provider: string): string {
    return `${this.request.protocol}://${this.request.host}/auth/${provider}`;
  }

  signIn(user: User): void {
    this.setSignedCookie("user", JSON.stringify(user), {
      httpOnly: true,
      sameSite: "Lax",
    });
    this.redirect("/account");
  }

  /** 404 for the sign-in of a provider whose keys are not set. */
  requireKeys(provider: "github" | "google"): void {
    if (!this.settings[`${provider}Oauth`]) {
      throw new HTTPError(404, `Sign-in with ${provider} is not configured`);
    }
  }

  /** Shows an AuthError as a page with a retry link; rethrows the rest. */
  signInFailed(error: unknown, provider: string): void {
    if (!(error instanceof AuthError)) throw error;
    console.warn(`Sign-in with ${provider} failed: ${error.message}`);
    this.setStatus(error.statusCode);
    this.page(
      "Sign-in failed",
      error.oauthError === "access_denied"
        ? "<p>You did not allow the sign-in.</p>"
        : "<p>Something went wrong on the way back from the provider.</p>" +
          `<p><a href="/auth/${provider}">Try again</a> or <a href="/">go home</a>.</p>`,
    );
  }
}

class HomeHandler extends BaseHandler {
  override get(): void {
    const user = this.currentUser;
    if (user) {
      return this.page(
        `Hello, ${user.name}`,
        `<p>Signed in with ${user.provider}. <a href="/account">Your account</a></p>`,
      );
    }
    const links: string[] = [];
    if (this.settings.githubOauth) {
      links.push('<li><a href="/auth/github">Sign in with GitHub</a></li>');
    }
    if (this.settings.googleOauth) {
      links.push('<li><a href="/auth/google">Sign in with Google</a></li>');
    }
    if (links.length > 0) {
      return this.page("Welcome", `<ul>${links.join("")}</ul>`);
    }
    const base = `${this.request.protocol}://${this.request.host}`;
    this.page(
      "No sign-in is configured",
      "<p>Set the keys of at least one provider in the environment and restart:</p><ul>" +
        "<li>GitHub: create an OAuth app at " +
        '<a href="https://github.com/settings/developers">github.com/settings/developers</a> ' +
        `with the callback URL <code>${
          xhtmlEscape(base)
        }/auth/github</code>, then set ` +
        "<code>GITHUB_CLIENT_ID</code> and <code>GITHUB_CLIENT_SECRET</code>.</li>" +
        "<li>Google: create an OAuth client (web application) at " +
        '<a href="https://console.cloud.google.com/apis/credentials">console.cloud.google.com/apis/credentials</a> ' +
        `with the redirect URI <code>${
          xhtmlEscape(base)
        }/auth/google</code>, then set ` +
        "<code>GOOGLE_CLIENT_ID</code> and <code>GOOGLE_CLIENT_SECRET</code>.</li>" +
        "</ul><p>Also set <code>COOKIE_SECRET</code> to a long random string.</p>",
    );
  }
}

class GitHubLoginHandler extends GitHubOAuth2Mixin(BaseHandler) {
  override prepare(): void {
    this.requireKeys("github");
  }
  override async get(): Promise<void> {
    if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
      return this.authorizeRedirect({
        redirectUri: this.callbackUrl("github"),
        scope: ["read:user"],
      });
    }
    try {
      const user = await this.getAuthenticatedUser({
        redirectUri: this.callbackUrl("github"),
      });
      this.signIn({
        provider: "github",
        id: String(user.id),
        name: user.name ?? user.login,
      });
    } catch (error) {
      this.signInFailed(error, "github");
    }
  }
}

class GoogleLoginHandler extends GoogleOAuth2Mixin(BaseHandler) {
  override prepare(): void {
    this.requireKeys("google");
  }
  override async get(): Promise<void> {
    const redirectUri = this.callbackUrl("google");
    if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
      return this.authorizeRedirect({
        redirectUri,
        scope: ["openid", "email", "profile"],
      });
    }
    try {
      const token = await this.getAuthenticatedUser({ redirectUri });
      const info = await this.getGoogleUserinfo(token.access_token);
      this.signIn({
        provider: "google",
        id: info.sub,
        name: info.name ?? info.email ?? info.sub,
      });
    } catch (error) {
      this.signInFailed(error, "google");
    }
  }
}

class AccountHandler extends BaseHandler {
  @authenticated
  override get(): void {
    const user = this.currentUser!;
    this.page(
      "Your account",
      `<p>${xhtmlEscape(user.name)} (${user.provider} id ${
        xhtmlEscape(user.id)
      })</p>` +
        `<form method="post" action="/logout">${this.xsrfFormHtml()}` +
        '<button>Sign out</button></form><p><a href="/">Home</a></p>',
    );
  }
}

class LoginHandler extends BaseHandler {
  override get(): void {
    this.redirect("/");
  }
}

class LogoutHandler extends BaseHandler {
  override post(): void {
    this.clearCookie("user");
    this.redirect("/");
  }
}

/** Provider keys and the cookie secret, from the environment. */
export interface ExampleConfig {
  cookieSecret: string;
  github?: { key: string; secret: string } | undefined;
  google?: { key: string; secret: string } | undefined;
  debug?: boolean;
  logFormat?: "text" | "json";
}

/** Builds the example application. */
export function makeApp(config: ExampleConfig): Application {
  return new Application([
    ["/", HomeHandler],
    ["/login", LoginHandler],
    ["/logout", LogoutHandler],
    ["/account", AccountHandler],
    ["/auth/github", GitHubLoginHandler],
    ["/auth/google", GoogleLoginHandler],
  ], {
    cookieSecret: config.cookieSecret,
    loginUrl: "/login",
    xsrfCookies: true,
    githubOauth: config.github,
    googleOauth: config.google,
    debug: config.debug ?? false,
    logFormat: config.logFormat ?? "text",
  });
}

function keys(prefix: string): { key: string; secret: string } | undefined {
  const key = Deno.env.get(`${prefix}_CLIENT_ID`);
  const secret = Deno.env.get(`${prefix}_CLIENT_SECRET`);
  return key && secret ? { key, secret } : undefined;
}

function cookieSecret(): string {
  const secret = Deno.env.get("COOKIE_SECRET");
  if (secret) return secret;
  if (import.meta.main) {
    console.warn(
      "COOKIE_SECRET is not set: using a random one (sign-ins end on restart)",
    );
  }
  return crypto.randomUUID() + crypto.randomUUID();
}

const flags = parseFlags();

export default startApp(
  import.meta,
  makeApp({
    cookieSecret: cookieSecret(),
    github: keys("GITHUB"),
    google: keys("GOOGLE"),
    debug: flags.debug,
    logFormat: flags.logFormat,
  }),
  flags.start,
);
