/**
 * {@linkcode GitHubOAuth2Mixin}: sign in with GitHub.
 *
 * @module
 */

import { AuthError } from "./errors.ts";
import { OAuth2Mixin } from "./oauth2.ts";
import { requireCredentials, withSettingsClientId } from "./_settings.ts";
import type {
  HandlerConstructor,
  OAuth2AuthorizeOptions,
  OAuth2Methods,
  OAuth2RequestOptions,
} from "./types.ts";

/** Options of GitHub's `getAuthenticatedUser()`. */
export interface GitHubAuthenticatedUserOptions {
  /** The `redirectUri` given to `authorizeRedirect()`, if one was. */
  redirectUri?: string;
  /** The code; defaults to the request's `code` argument. */
  code?: string;
}

/** A GitHub user from `/user`, with the access token added. */
export interface GitHubUser {
  /** The user's stable numeric id. */
  id: number;
  /** The user name. */
  login: string;
  /** The display name, if set. */
  name?: string | null;
  /** The public e-mail address, if set. */
  email?: string | null;
  /** URL of the avatar. */
  avatar_url?: string;
  /** The access token for later `githubRequest()` calls. */
  access_token: string;
  /** Other fields GitHub sent. */
  [field: string]: unknown;
}

/** What {@linkcode GitHubOAuth2Mixin} adds to a handler. */
export interface GitHubOAuth2Methods extends OAuth2Methods {
  /** The REST API's base URL (default `https://api.github.com`). */
  githubApiUrl: string;
  /** The setting holding `{ key, secret }` (default `"githubOauth"`). */
  oauthSettingsKey: string;
  /**
   * Checks the callback (`?error=`, state, PKCE), gets a token and returns
   * the user from `/user` with `access_token` added.
   *
   * @throws {AuthError} 403 or 502 (see {@linkcode OAuth2Methods}).
   * @throws {TypeError} When the `githubOauth` setting is missing.
   */
  getAuthenticatedUser(
    options?: GitHubAuthenticatedUserOptions,
  ): Promise<GitHubUser>;
  /**
   * Calls the GitHub REST API (`path` like `"/user/emails"`) with the
   * token in the `Authorization` header.
   *
   * @throws {AuthError} 502 for a non-2xx answer or one that is not JSON.
   */
  githubRequest(path: string, options?: OAuth2RequestOptions): Promise<unknown>;
}

/**
 * Sign in with GitHub (an OAuth app). Register it at
 * https://github.com/settings/developers, then set
 * `githubOauth: { key: CLIENT_ID, secret: CLIENT_SECRET }` in the
 * application settings (and `cookieSecret`, for the state cookie).
 *
 * `getAuthenticatedUser()` checks the callback (state, PKCE verifier,
 * `?error=`), trades the code for a token and returns the user from
 * `/user` with `access_token` added. Failures throw {@linkcode AuthError}
 * (GitHub answers a bad code with status 200 and
 * `error=bad_verification_code`; that is a 403 too).
 *
 * Not in Tornado.
 *
 * @param Base The handler class to extend.
 * @returns A subclass of `Base` with {@linkcode GitHubOAuth2Methods}.
 *
 * @example The sign-in handler
 * ```ts
 * import { GitHubOAuth2Mixin } from "@tornado-deno/tornado/auth";
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class GitHubLogin extends GitHubOAuth2Mixin(RequestHandler) {
 *   override async get(): Promise<void> {
 *     if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
 *       return this.authorizeRedirect({ scope: ["read:user"] });
 *     }
 *     const user = await this.getAuthenticatedUser();
 *     this.setSignedCookie("user", user.login);
 *     this.redirect("/");
 *   }
 * }
 * const app = new Application([["/auth/github", GitHubLogin]], {
 *   cookieSecret: "a long random secret",
 *   githubOauth: { key: "client-id", secret: "client-secret" },
 *   logFunction: () => {},
 * });
 * const start = await app.fetch(new Request("https://app.example/auth/github"));
 * const location = new URL(start.headers.get("location")!);
 * assert.equal(location.host, "github.com");
 * assert.equal(location.searchParams.get("client_id"), "client-id");
 * ```
 */
export function GitHubOAuth2Mixin<T extends HandlerConstructor>(
  Base: T,
): T & HandlerConstructor<GitHubOAuth2Methods> {
  class GitHubOAuth2Handler extends OAuth2Mixin(Base)
    implements GitHubOAuth2Methods {
    override oauthAuthorizeUrl: string =
      "https://github.com/login/oauth/authorize";
    override oauthAccessTokenUrl: string =
      "https://github.com/login/oauth/access_token";
    githubApiUrl: string = "https://api.github.com";
    oauthSettingsKey: string = "githubOauth";

    override authorizeRedirect(options: OAuth2AuthorizeOptions = {}): void {
      super.authorizeRedirect(
        withSettingsClientId(this, this.oauthSettingsKey, "GitHub", options),
      );
    }

    async getAuthenticatedUser(
      options: GitHubAuthenticatedUserOptions = {},
    ): Promise<GitHubUser> {
      const { key, secret } = requireCredentials(
        this,
        this.oauthSettingsKey,
        "GitHub",
      );
      const token = await this.getAccessToken({
        ...options,
        clientId: key,
        clientSecret: secret,
      });
      const user = await this.githubRequest("/user", {
        accessToken: token.access_token,
      });
      if (
        user === null || typeof user !== "object" ||
        typeof (user as Record<string, unknown>).id !== "number" ||
        typeof (user as Record<string, unknown>).login !== "string"
      ) {
        throw new AuthError(
          'Cannot read the GitHub user: the "/user" answer has no "id" and "login"',
          { statusCode: 502 },
        );
      }
      return { ...user, access_token: token.access_token } as GitHubUser;
    }

    async githubRequest(
      path: string,
      options: OAuth2RequestOptions = {},
    ): Promise<unknown> {
      return await this.oauth2Request(this.githubApiUrl + path, options);
    }
  }
  return GitHubOAuth2Handler;
}
