/**
 * {@linkcode FacebookGraphMixin}: sign in with Facebook and call the Graph
 * API.
 *
 * @module
 */

import { hmacHex } from "../_internal/crypto.ts";
import { AuthError } from "./errors.ts";
import { exchangeCallbackCode, OAuth2Mixin } from "./oauth2.ts";
import type {
  HandlerConstructor,
  OAuth2Methods,
  OAuth2RequestOptions,
} from "./types.ts";

/** Options of Facebook's `getAuthenticatedUser()`. */
export interface FacebookAuthenticatedUserOptions {
  /** The `redirectUri` given to `authorizeRedirect()`. */
  redirectUri: string;
  /** The app id. */
  clientId: string;
  /** The app secret (also signs the `/me` call with `appsecret_proof`). */
  clientSecret: string;
  /** The code; defaults to the request's `code` argument. */
  code?: string;
  /** Fields to ask for besides Tornado's default ones. */
  extraFields?: readonly string[];
}

/**
 * A Facebook user: each asked-for field (`null` when Facebook sent none),
 * plus the access token and its lifetime.
 */
export interface FacebookUser {
  /** The user's app-scoped id. */
  id: string;
  /** The access token for later `facebookRequest()` calls. */
  access_token: string;
  /** Seconds the token lives, as text (`""` when Facebook did not say). */
  session_expires: string;
  /** The other fields asked for. */
  [field: string]: unknown;
}

/** What {@linkcode FacebookGraphMixin} adds to a handler. */
export interface FacebookGraphMethods extends OAuth2Methods {
  /** The Graph API's base URL (default `https://graph.facebook.com`). */
  facebookBaseUrl: string;
  /**
   * Checks the callback (`?error=`, state), gets a token (a GET, as
   * Facebook documents) and returns the user from `/me`.
   *
   * Tornado: `FacebookGraphMixin.get_authenticated_user`
   *
   * @throws {AuthError} 403 or 502 (see {@linkcode OAuth2Methods}).
   */
  getAuthenticatedUser(
    options: FacebookAuthenticatedUserOptions,
  ): Promise<FacebookUser>;
  /**
   * Calls the Graph API (`path` like `"/me/feed"`), adding
   * `appsecret_proof` when the `facebookSecret` setting is set.
   *
   * Tornado: `FacebookGraphMixin.facebook_request`
   *
   * @throws {AuthError} 502 for a non-2xx answer or one that is not JSON.
   */
  facebookRequest(
    path: string,
    options?: OAuth2RequestOptions,
  ): Promise<unknown>;
}

const DEFAULT_FIELDS = [
  "id",
  "name",
  "first_name",
  "last_name",
  "locale",
  "picture",
  "link",
];

/**
 * Sign in with Facebook and call the Graph API. Register the app at
 * https://developers.facebook.com/apps and set `cookieSecret` (for the
 * state cookie) and, for `facebookRequest()`, `facebookSecret`.
 *
 * `getAuthenticatedUser({ redirectUri, clientId, clientSecret })` checks
 * the callback (`state`, `?error=`), trades the code for a token and
 * returns the user from `/me` with Tornado's fields (`id`, `name`,
 * `first_name`, `last_name`, `locale`, `picture`, `link`, plus
 * `extraFields`), `access_token` and `session_expires`.
 *
 * `facebookRequest(path, { accessToken, postArgs, ...args })` sends the
 * token as the `access_token` argument, adding `appsecret_proof` (the
 * HMAC-SHA256 of the token keyed with the app secret) when the
 * `facebookSecret` setting is set; `getAuthenticatedUser()` always adds it.
 *
 * PKCE is off (`oauthUsePkce = false`): Facebook documents it only for its
 * OpenID Connect flow, which it marks as still in testing. Set it to
 * `true` to use it.
 *
 * Tornado: `tornado.auth.FacebookGraphMixin`
 *
 * @param Base The handler class to extend.
 * @returns A subclass of `Base` with {@linkcode FacebookGraphMethods}.
 *
 * @example The sign-in handler
 * ```ts
 * import { FacebookGraphMixin } from "@tornado-deno/tornado/auth";
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class FacebookLogin extends FacebookGraphMixin(RequestHandler) {
 *   override async get(): Promise<void> {
 *     const redirectUri = "https://app.example/auth/facebook";
 *     const clientId = "app-id";
 *     if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
 *       return this.authorizeRedirect({ redirectUri, clientId });
 *     }
 *     const user = await this.getAuthenticatedUser({
 *       redirectUri,
 *       clientId,
 *       clientSecret: "app-secret",
 *     });
 *     this.setSignedCookie("user", user.id);
 *     this.redirect("/");
 *   }
 * }
 * const app = new Application([["/auth/facebook", FacebookLogin]], {
 *   cookieSecret: "a long random secret",
 *   logFunction: () => {},
 * });
 * const start = await app.fetch(new Request("https://app.example/auth/facebook"));
 * const location = new URL(start.headers.get("location")!);
 * assert.equal(location.host, "www.facebook.com");
 * assert.equal(location.searchParams.get("code_challenge"), null);
 * ```
 */
export function FacebookGraphMixin<T extends HandlerConstructor>(
  Base: T,
): T & HandlerConstructor<FacebookGraphMethods> {
  class FacebookGraphHandler extends OAuth2Mixin(Base)
    implements FacebookGraphMethods {
    override oauthAuthorizeUrl: string =
      "https://www.facebook.com/dialog/oauth";
    override oauthAccessTokenUrl: string =
      "https://graph.facebook.com/oauth/access_token";
    override oauthUsePkce: boolean = false;
    override oauthTokenPlacement: "header" | "query" = "query";
    facebookBaseUrl: string = "https://graph.facebook.com";

    async getAuthenticatedUser(
      options: FacebookAuthenticatedUserOptions,
    ): Promise<FacebookUser> {
      const token = await exchangeCallbackCode(this, "GET", {
        redirectUri: options.redirectUri,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        ...(options.code === undefined ? {} : { code: options.code }),
      });
      const fields = [
        ...new Set([...DEFAULT_FIELDS, ...options.extraFields ?? []]),
      ];
      const user = await this.oauth2Request(this.facebookBaseUrl + "/me", {
        accessToken: token.access_token,
        appsecret_proof: hmacHex(
          "sha256",
          options.clientSecret,
          token.access_token,
        ),
        fields: fields.join(","),
      });
      if (
        user === null || typeof user !== "object" ||
        typeof (user as Record<string, unknown>).id !== "string"
      ) {
        throw new AuthError(
          'Cannot read the Facebook user: the "/me" answer has no "id"',
          { statusCode: 502 },
        );
      }
      const record = user as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const field of fields) result[field] = record[field] ?? null;
      result.access_token = token.access_token;
      result.session_expires = token.expires_in === undefined
        ? ""
        : String(token.expires_in);
      return result as FacebookUser;
    }

    async facebookRequest(
      path: string,
      options: OAuth2RequestOptions = {},
    ): Promise<unknown> {
      const secret = this.settings.facebookSecret;
      const { accessToken } = options;
      if (
        typeof secret === "string" && secret !== "" &&
        typeof accessToken === "string" && accessToken !== "" &&
        options.appsecret_proof === undefined
      ) {
        options = {
          ...options,
          appsecret_proof: hmacHex("sha256", secret, accessToken),
        };
      }
      return await this.oauth2Request(this.facebookBaseUrl + path, options);
    }
  }
  return FacebookGraphHandler;
}
