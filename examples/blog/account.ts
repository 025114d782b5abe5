// Sign up, sign in and out with a password (scrypt), and optional GitHub
// or Google sign-in when their keys are set in the environment.
import {
  AuthError,
  GitHubOAuth2Mixin,
  GoogleOAuth2Mixin,
  HTTPError,
} from "../../mod.ts";
import { BaseHandler, checkPassword, hashPassword } from "./base.ts";
import type { User } from "./db.ts";

const EMAIL_REGEXP = /^[^\s@]+@[^\s@]+$/;
// A path on this site: "/x", never "//host" or "/\\host" (browsers read a
// backslash as a slash), nor control characters.
const LOCAL_PATH_REGEXP = /^\/(?![\/\\])[^\x00-\x1f]*$/;
/** Shortest password accepted. */
export const MIN_PASSWORD = 8;

/** Where to go after signing in: a local path only. */
function nextUrl(handler: BaseHandler): string {
  const next = handler.getArgument("next", "/");
  return LOCAL_PATH_REGEXP.test(next) ? next : "/";
}

export class SignUpHandler extends BaseHandler {
  override get(): void {
    this.render("signup.html", { error: null, next: nextUrl(this) });
  }

  override async post(): Promise<void> {
    const name = this.getBodyArgument("name", "");
    const email = this.getBodyArgument("email", "").toLowerCase();
    const password = this.getBodyArgument("password", "", { strip: false });
    let error: string | null = null;
    if (name === "" || name.length > 80) error = "Please give a name";
    else if (!EMAIL_REGEXP.test(email) || email.length > 200) {
      error = "Please give a valid email address";
    } else if (password.length < MIN_PASSWORD || password.length > 1000) {
      error = "The password needs at least 8 characters";
    }
    const user = error === null
      ? this.db.createUser(email, name, await hashPassword(password))
      : null;
    if (user === null) {
      this.setStatus(400);
      error ??= "That email address already has an account";
      return this.render("signup.html", { error, next: nextUrl(this) });
    }
    this.signIn(user);
    this.redirect(nextUrl(this));
  }
}

export class SignInHandler extends BaseHandler {
  override get(): void {
    this.render("signin.html", {
      error: null,
      next: nextUrl(this),
      github: this.settings.githubOauth !== undefined,
      google: this.settings.googleOauth !== undefined,
    });
  }

  override async post(): Promise<void> {
    const email = this.getBodyArgument("email", "").toLowerCase();
    const password = this.getBodyArgument("password", "", { strip: false });
    const user = this.db.userByEmail(email);
    if (user === null || !(await checkPassword(password, user.passwordHash))) {
      this.setStatus(403);
      return this.render("signin.html", {
        error: "Wrong email or password",
        next: nextUrl(this),
        github: this.settings.githubOauth !== undefined,
        google: this.settings.googleOauth !== undefined,
      });
    }
    this.signIn(user);
    this.redirect(nextUrl(this));
  }
}

export class SignOutHandler extends BaseHandler {
  override post(): void {
    this.signOut();
    this.redirect("/");
  }
}

/** Shared by both providers: the account of a provider's user. */
function providerUser(
  handler: BaseHandler,
  provider: string,
  id: string,
  name: string,
): User {
  const email = `${id}@${provider}.invalid`;
  return handler.db.userByEmail(email) ??
    handler.db.createUser(email, name, null)!;
}

/** Without keys: a page saying how to set them, never a redirect. */
function notConfigured(handler: BaseHandler, provider: string): void {
  handler.render("oauth_missing.html", { provider });
}

function callbackUrl(handler: BaseHandler, provider: string): string {
  return `${handler.request.protocol}://${handler.request.host}/auth/${provider}`;
}

function failed(error: unknown): never {
  if (!(error instanceof AuthError)) throw error;
  throw new HTTPError(403, `Sign-in failed: ${error.message}`);
}

export class GitHubSignInHandler extends GitHubOAuth2Mixin(BaseHandler) {
  override async get(): Promise<void> {
    if (this.settings.githubOauth === undefined) {
      return notConfigured(this, "GitHub");
    }
    const redirectUri = callbackUrl(this, "github");
    if (!this.getArgument("code", null)) {
      return this.authorizeRedirect({ redirectUri, scope: ["read:user"] });
    }
    try {
      const info = await this.getAuthenticatedUser({ redirectUri });
      this.signIn(
        providerUser(this, "github", String(info.id), info.name ?? info.login),
      );
      this.redirect("/");
    } catch (error) {
      failed(error);
    }
  }
}

export class GoogleSignInHandler extends GoogleOAuth2Mixin(BaseHandler) {
  override async get(): Promise<void> {
    if (this.settings.googleOauth === undefined) {
      return notConfigured(this, "Google");
    }
    const redirectUri = callbackUrl(this, "google");
    if (!this.getArgument("code", null)) {
      return this.authorizeRedirect({
        redirectUri,
        scope: ["openid", "profile"],
      });
    }
    try {
      const token = await this.getAuthenticatedUser({ redirectUri });
      const info = await this.getGoogleUserinfo(token.access_token);
      this.signIn(
        providerUser(this, "google", info.sub, info.name ?? info.sub),
      );
      this.redirect("/");
    } catch (error) {
      failed(error);
    }
  }
}
