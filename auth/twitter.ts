/**
 * {@linkcode TwitterMixin}: sign in with Twitter (X) over OAuth 1.0a.
 *
 * @module
 */

import { AuthError } from "./errors.ts";
import { OAuthMixin } from "./oauth1.ts";
import type {
  HandlerConstructor,
  OAuthConsumerToken,
  OAuthMethods,
  OAuthRequestOptions,
  OAuthToken,
} from "./types.ts";

/** What {@linkcode TwitterMixin} adds to a handler. */
export interface TwitterMethods extends OAuthMethods {
  /** The API's base URL (default `https://api.twitter.com/1.1`). */
  twitterBaseUrl: string;
  /**
   * Calls the Twitter API, signed: `path` like `"/statuses/update"` (the
   * base URL and `.json` are added), or a whole `http(s):` URL.
   *
   * Tornado: `TwitterMixin.twitter_request`
   *
   * @throws {AuthError} 502 for a non-2xx answer or one that is not JSON.
   */
  twitterRequest(
    path: string,
    options?: OAuthRequestOptions,
  ): Promise<unknown>;
}

/**
 * Sign in with Twitter (X) through OAuth 1.0a. Set
 * `twitterConsumerKey` and `twitterConsumerSecret` (the app's API key and
 * secret) and `cookieSecret` in the application settings.
 *
 * Use `authenticateRedirect()` ("Sign in with Twitter": no consent page
 * for returning users) or `authorizeRedirect()`, then, on the callback
 * (which carries `oauth_token`), `getAuthenticatedUser()`: it returns the
 * user from `/account/verify_credentials` with `username` (the
 * `screen_name`) and `access_token` for later `twitterRequest()` calls.
 * Failures throw {@linkcode AuthError}.
 *
 * Tornado: `tornado.auth.TwitterMixin`
 *
 * @param Base The handler class to extend.
 * @returns A subclass of `Base` with {@linkcode TwitterMethods}.
 *
 * @example The sign-in handler
 * ```ts
 * import { TwitterMixin } from "@tornado-deno/tornado/auth";
 * import { RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class TwitterLogin extends TwitterMixin(RequestHandler) {
 *   override async get(): Promise<void> {
 *     if (this.getArgument("oauth_token", null) === null) {
 *       return await this.authenticateRedirect();
 *     }
 *     const user = await this.getAuthenticatedUser();
 *     this.setSignedCookie("user", String(user.username));
 *     this.redirect("/");
 *   }
 * }
 * assert.equal(
 *   new URL("https://api.twitter.com/oauth/authenticate").host,
 *   "api.twitter.com",
 * );
 * assert.equal(typeof TwitterLogin.prototype.twitterRequest, "function");
 * ```
 */
export function TwitterMixin<T extends HandlerConstructor>(
  Base: T,
): T & HandlerConstructor<TwitterMethods> {
  class TwitterHandler extends OAuthMixin(Base) implements TwitterMethods {
    override oauthRequestTokenUrl: string =
      "https://api.twitter.com/oauth/request_token";
    override oauthAccessTokenUrl: string =
      "https://api.twitter.com/oauth/access_token";
    override oauthAuthorizeUrl: string =
      "https://api.twitter.com/oauth/authorize";
    override oauthAuthenticateUrl: string =
      "https://api.twitter.com/oauth/authenticate";
    twitterBaseUrl: string = "https://api.twitter.com/1.1";

    async twitterRequest(
      path: string,
      options: OAuthRequestOptions = {},
    ): Promise<unknown> {
      const url = path.startsWith("http:") || path.startsWith("https:")
        ? path
        : this.twitterBaseUrl + path + ".json";
      return await this.oauthRequest(url, options);
    }

    override oauthConsumerToken(): OAuthConsumerToken {
      const key = this.settings.twitterConsumerKey;
      const secret = this.settings.twitterConsumerSecret;
      for (
        const [name, value] of [
          ["twitterConsumerKey", key],
          ["twitterConsumerSecret", secret],
        ]
      ) {
        if (typeof value !== "string" || value === "") {
          throw new TypeError(
            `Cannot sign in with Twitter: the "${name}" setting is missing`,
          );
        }
      }
      return { key: key as string, secret: secret as string };
    }

    override async oauthGetUser(
      accessToken: OAuthToken,
    ): Promise<Record<string, unknown>> {
      const user = await this.twitterRequest("/account/verify_credentials", {
        accessToken,
      });
      if (
        user === null || typeof user !== "object" ||
        typeof (user as Record<string, unknown>).screen_name !== "string"
      ) {
        throw new AuthError(
          'Cannot read the Twitter user: the answer has no "screen_name"',
          { statusCode: 502 },
        );
      }
      const record = user as Record<string, unknown>;
      return { ...record, username: record.screen_name };
    }
  }
  return TwitterHandler;
}
