/**
 * {@linkcode GoogleOAuth2Mixin}: sign in with Google.
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
  OAuth2Token,
} from "./types.ts";

/** Options of Google's `getAuthenticatedUser()`. */
export interface GoogleAuthenticatedUserOptions {
  /** The `redirectUri` given to `authorizeRedirect()`. */
  redirectUri: string;
  /** The code; defaults to the request's `code` argument. */
  code?: string;
}

/** The OpenID Connect claims Google's userinfo endpoint returns. */
export interface GoogleUserinfo {
  /** The user's stable Google id. */
  sub: string;
  /** Full name (with the `profile` scope). */
  name?: string;
  /** Given name. */
  given_name?: string;
  /** Family name. */
  family_name?: string;
  /** URL of the profile picture. */
  picture?: string;
  /** E-mail address (with the `email` scope). */
  email?: string;
  /** Whether Google verified the address. */
  email_verified?: boolean;
  /** Preferred language. */
  locale?: string;
  /** Google Workspace domain. */
  hd?: string;
  /** Other claims. */
  [claim: string]: unknown;
}

/** What {@linkcode GoogleOAuth2Mixin} adds to a handler. */
export interface GoogleOAuth2Methods extends OAuth2Methods {
  /** The OpenID Connect userinfo endpoint. */
  oauthUserinfoUrl: string;
  /** The setting holding `{ key, secret }` (default `"googleOauth"`). */
  oauthSettingsKey: string;
  /**
   * Checks the callback (`?error=`, state, PKCE) and returns Google's token
   * response (`access_token`, `id_token`, ...), as Tornado does.
   *
   * Tornado: `GoogleOAuth2Mixin.get_authenticated_user`
   *
   * @throws {AuthError} 403 or 502 (see {@linkcode OAuth2Methods}).
   * @throws {TypeError} When the `googleOauth` setting is missing.
   */
  getAuthenticatedUser(
    options: GoogleAuthenticatedUserOptions,
  ): Promise<OAuth2Token>;
  /**
   * Fetches the signed-in user's claims from the OpenID Connect userinfo
   * endpoint with an access token.
   *
   * Tornado: none (its docs call `oauth2_request` on the userinfo URL)
   *
   * @throws {AuthError} 502 when the endpoint fails or sends no `sub`.
   */
  getGoogleUserinfo(accessToken: string): Promise<GoogleUserinfo>;
}

/**
 * Sign in with Google (OAuth 2 with OpenID Connect). Register the app at
 * https://console.cloud.google.com/apis/credentials, then set
 * `googleOauth: { key: CLIENT_ID, secret: CLIENT_SECRET }` in the
 * application settings (and `cookieSecret`, for the state cookie).
 *
 * `authorizeRedirect()` takes its `clientId` from the setting when none is
 * given. `getAuthenticatedUser({ redirectUri })` checks the callback
 * (state, PKCE verifier, `?error=`) and returns Google's token response,
 * as Tornado does; `getGoogleUserinfo(token.access_token)` then gives the
 * user's claims (`sub`, `email`, `name`, ...). Failures throw
 * {@linkcode AuthError}.
 *
 * Tornado: `tornado.auth.GoogleOAuth2Mixin`
 *
 * @param Base The handler class to extend.
 * @returns A subclass of `Base` with {@linkcode GoogleOAuth2Methods}.
 *
 * @example The sign-in handler
 * ```ts
 * import { GoogleOAuth2Mixin } from "@tornado-deno/tornado/auth";
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class GoogleLogin extends GoogleOAuth2Mixin(RequestHandler) {
 *   override async get(): Promise<void> {
 *     const redirectUri = "https://app.example/auth/google";
 *     if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
 *       return this.authorizeRedirect({
 *         redirectUri,
 *         scope: ["openid", "email", "profile"],
 *       });
 *     }
 *     const token = await this.getAuthenticatedUser({ redirectUri });
 *     const user = await this.getGoogleUserinfo(token.access_token);
 *     this.setSignedCookie("user", user.sub);
 *     this.redirect("/");
 *   }
 * }
 * const app = new Application([["/auth/google", GoogleLogin]], {
 *   cookieSecret: "a long random secret",
 *   googleOauth: { key: "client-id", secret: "client-secret" },
 *   logFunction: () => {},
 * });
 * const start = await app.fetch(new Request("https://app.example/auth/google"));
 * const location = new URL(start.headers.get("location")!);
 * assert.equal(location.host, "accounts.google.com");
 * assert.equal(location.searchParams.get("client_id"), "client-id");
 * ```
 */
export function GoogleOAuth2Mixin<T extends HandlerConstructor>(
  Base: T,
): T & HandlerConstructor<GoogleOAuth2Methods> {
  class GoogleOAuth2Handler extends OAuth2Mixin(Base)
    implements GoogleOAuth2Methods {
    override oauthAuthorizeUrl: string =
      "https://accounts.google.com/o/oauth2/v2/auth";
    override oauthAccessTokenUrl: string =
      "https://oauth2.googleapis.com/token";
    oauthUserinfoUrl: string =
      "https://openidconnect.googleapis.com/v1/userinfo";
    oauthSettingsKey: string = "googleOauth";

    override authorizeRedirect(options: OAuth2AuthorizeOptions = {}): void {
      super.authorizeRedirect(
        withSettingsClientId(this, this.oauthSettingsKey, "Google", options),
      );
    }

    async getAuthenticatedUser(
      options: GoogleAuthenticatedUserOptions,
    ): Promise<OAuth2Token> {
      const { key, secret } = requireCredentials(
        this,
        this.oauthSettingsKey,
        "Google",
      );
      return await this.getAccessToken({
        redirectUri: options.redirectUri,
        ...(options.code === undefined ? {} : { code: options.code }),
        clientId: key,
        clientSecret: secret,
      });
    }

    async getGoogleUserinfo(accessToken: string): Promise<GoogleUserinfo> {
      const info = await this.oauth2Request(this.oauthUserinfoUrl, {
        accessToken,
      });
      if (
        info === null || typeof info !== "object" ||
        typeof (info as Record<string, unknown>).sub !== "string"
      ) {
        throw new AuthError(
          'Cannot read the Google user: the userinfo answer has no "sub"',
          { statusCode: 502 },
        );
      }
      return info as GoogleUserinfo;
    }
  }
  return GoogleOAuth2Handler;
}
