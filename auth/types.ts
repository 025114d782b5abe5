/**
 * Types shared by the sign-in mixins: the constructor type the mixins take
 * and return, the methods each mixin adds, and their options.
 *
 * @module
 */

import type { RequestHandler } from "../web/mod.ts";
import type { AsyncHTTPClient } from "../httpclient/mod.ts";

/**
 * A class whose instances are `T`: what the mixins take (a
 * `RequestHandler` class) and add their methods to.
 *
 * The rest parameter of type `any[]` is what TypeScript requires of a
 * mixin's base class.
 */
// deno-lint-ignore no-explicit-any
export type HandlerConstructor<T = RequestHandler> = new (...args: any[]) => T;

/** Query or form arguments: names to values. */
export type OAuthArgs = Readonly<Record<string, string>>;

/** Options of the OAuth 2 `authorizeRedirect()`. */
export interface OAuth2AuthorizeOptions {
  /** Where the provider sends the browser back (`redirect_uri`). */
  redirectUri?: string;
  /**
   * The app's client id. The Google and GitHub mixins default it to the
   * `key` of their setting.
   */
  clientId?: string;
  /** The scopes to ask for, sent space-separated. */
  scope?: readonly string[];
  /** More query arguments for the authorization URL. */
  extraParams?: OAuthArgs;
  /** The `response_type` (default `"code"`). */
  responseType?: string;
}

/** Options of the OAuth 2 code exchange, `getAccessToken()`. */
export interface OAuth2AccessTokenOptions {
  /** The `redirect_uri` given to `authorizeRedirect()`. */
  redirectUri?: string;
  /** The code; defaults to the request's `code` argument. */
  code?: string;
  /** The app's client id. */
  clientId?: string;
  /** The app's client secret. */
  clientSecret?: string;
  /** More form fields for the token request. */
  extraParams?: OAuthArgs;
}

/**
 * Options of `oauth2Request()` and the provider request helpers: the access
 * token, form fields to POST (their presence makes the request a POST), and
 * any other key as a query argument.
 */
export interface OAuth2RequestOptions {
  /** The access token, sent as configured by `oauthTokenPlacement`. */
  accessToken?: string | undefined;
  /** Form fields; when given, the request is a POST with this body. */
  postArgs?: OAuthArgs | undefined;
  /** Query arguments (numbers and booleans become text). */
  [arg: string]: string | number | boolean | OAuthArgs | undefined;
}

/**
 * An OAuth 2 token response as the provider sent it (snake_case keys, as in
 * Tornado); `access_token` is always there.
 */
export interface OAuth2Token {
  /** The access token. */
  access_token: string;
  /** Usually `"Bearer"`. */
  token_type?: string;
  /** Seconds until the access token expires. */
  expires_in?: number;
  /** A token to get new access tokens with. */
  refresh_token?: string;
  /** The scopes granted. */
  scope?: string;
  /** The OpenID Connect ID token (a JWT), when `openid` was asked for. */
  id_token?: string;
  /** Anything else the provider sent. */
  [key: string]: unknown;
}

/**
 * What {@linkcode OAuth2Mixin} adds to a handler. The `oauth*` fields are
 * the provider's endpoints and switches; a subclass overrides them (for a
 * provider of its own, or a local provider in tests).
 */
export interface OAuth2Methods {
  /** The provider's authorization endpoint. */
  oauthAuthorizeUrl: string;
  /** The provider's token endpoint. */
  oauthAccessTokenUrl: string;
  /**
   * Send a random `state` with the redirect, keep it in a signed cookie and
   * check it on return (default `true`; needs the `cookieSecret` setting).
   */
  oauthUseState: boolean;
  /** Use PKCE (`code_challenge` with S256) where the provider supports it. */
  oauthUsePkce: boolean;
  /**
   * Where `oauth2Request()` puts the access token: the `Authorization:
   * Bearer` header (default) or the `access_token` query argument.
   */
  oauthTokenPlacement: "header" | "query";
  /**
   * Sends the browser to the provider to ask for consent (302), with
   * `state` and the PKCE challenge when they are on.
   *
   * Tornado: `OAuth2Mixin.authorize_redirect`
   *
   * @throws {TypeError} When `oauthAuthorizeUrl` is not set, when state or
   * PKCE is on and the `cookieSecret` setting is missing, or when
   * `extraParams` holds a `state` while `oauthUseState` is on.
   */
  authorizeRedirect(options?: OAuth2AuthorizeOptions): void;
  /**
   * On the callback: checks `?error=`, then the `state` against the
   * cookie (clearing it), then trades the code (with the PKCE verifier) for
   * a token at `oauthAccessTokenUrl` with a form POST.
   *
   * Tornado: the exchange inside `GoogleOAuth2Mixin.get_authenticated_user`
   *
   * @throws {AuthError} 403 for a refusal, a missing or wrong state or a
   * refused code; 502 when the provider fails or answers nonsense.
   */
  getAccessToken(options?: OAuth2AccessTokenOptions): Promise<OAuth2Token>;
  /**
   * Calls a provider API with an access token and decodes the JSON answer;
   * `postArgs` make it a form POST.
   *
   * Tornado: `OAuth2Mixin.oauth2_request`
   *
   * @throws {AuthError} 502 for a non-2xx answer, a network error or an
   * answer that is not JSON.
   */
  oauth2Request(url: string, options?: OAuth2RequestOptions): Promise<unknown>;
  /**
   * Override to choose the HTTP client the mixin uses (timeouts, a proxy).
   * The default makes one `AsyncHTTPClient` per handler.
   *
   * Tornado: `OAuth2Mixin.get_auth_http_client`
   *
   * @example Shorter timeouts
   * ```ts ignore
   * override httpClient() {
   *   return new AsyncHTTPClient({ defaults: { requestTimeout: 5 } });
   * }
   * ```
   */
  httpClient(): AsyncHTTPClient;
}

/** An OAuth 1.0a token (request or access): key, secret and extra fields. */
export interface OAuthToken {
  /** The token (`oauth_token`). */
  key: string;
  /** Its secret (`oauth_token_secret`). */
  secret: string;
  /** Other fields the provider sent (Twitter: `user_id`, `screen_name`). */
  [field: string]: string;
}

/** The app's OAuth 1.0a client credentials. */
export interface OAuthConsumerToken {
  /** The consumer key. */
  key: string;
  /** The consumer secret. */
  secret: string;
}

/** Options of the OAuth 1.0a `authorizeRedirect()`. */
export interface OAuthRedirectOptions {
  /**
   * Where the provider sends the browser back, relative to this request's
   * URL, or `"oob"` to show the authorization URL instead of redirecting.
   */
  callbackUri?: string;
  /** More arguments for the request-token request (signed with it). */
  extraParams?: OAuthArgs;
}

/**
 * Options of `oauthRequest()` and `twitterRequest()`: the access token,
 * form fields to POST, and any other key as a query argument.
 */
export interface OAuthRequestOptions {
  /** The access token the request is signed with. */
  accessToken?: OAuthToken | undefined;
  /** Form fields; when given, the request is a POST with this body. */
  postArgs?: OAuthArgs | undefined;
  /** Query arguments (numbers and booleans become text). */
  [arg: string]:
    | string
    | number
    | boolean
    | OAuthArgs
    | OAuthToken
    | undefined;
}

/** A user from `getAuthenticatedUser()`, with the access token added. */
export interface OAuthUser {
  /** The access token for later API calls. */
  access_token: OAuthToken;
  /** The fields the provider sent about the user. */
  [field: string]: unknown;
}

/** What {@linkcode OAuthMixin} adds to a handler. */
export interface OAuthMethods {
  /** The provider's request-token (temporary credentials) endpoint. */
  oauthRequestTokenUrl: string;
  /** The provider's access-token endpoint. */
  oauthAccessTokenUrl: string;
  /** The provider's authorization page. */
  oauthAuthorizeUrl: string;
  /** The provider's "sign in with" page, for `authenticateRedirect()`. */
  oauthAuthenticateUrl: string;
  /** `true` when the provider does not accept a callback URI. */
  oauthNoCallbacks: boolean;
  /**
   * Gets a request token, keeps it in the signed `_oauth_request_token`
   * cookie and sends the browser to `oauthAuthorizeUrl` (or, with
   * `callbackUri: "oob"`, writes that URL as the response).
   *
   * Tornado: `OAuthMixin.authorize_redirect`
   *
   * @throws {AuthError} 502 when the provider fails or answers nonsense.
   * @throws {TypeError} For a callback URI when `oauthNoCallbacks` is set,
   * or a missing `cookieSecret` setting.
   */
  authorizeRedirect(options?: OAuthRedirectOptions): Promise<void>;
  /**
   * Like `authorizeRedirect()`, to `oauthAuthenticateUrl` (Twitter's "Sign
   * in with Twitter", which skips the consent page for returning users).
   *
   * Tornado: `TwitterMixin.authenticate_redirect`
   *
   * @throws {AuthError} 502 when the provider fails or answers nonsense.
   */
  authenticateRedirect(options?: { callbackUri?: string }): Promise<void>;
  /**
   * On the callback: checks `?denied=`, that `oauth_token` matches the
   * cookie (clearing it), trades it with `oauth_verifier` for an access
   * token and returns `oauthGetUser()`'s user with `access_token` added.
   *
   * Tornado: `OAuthMixin.get_authenticated_user`
   *
   * @throws {AuthError} 403 for a refusal, a missing or mismatched request
   * token or a refused verifier; 502 when the provider fails.
   */
  getAuthenticatedUser(): Promise<OAuthUser>;
  /**
   * Override to give the app's consumer key and secret.
   *
   * Tornado: `OAuthMixin._oauth_consumer_token`
   *
   * @example From settings of your own
   * ```ts ignore
   * override oauthConsumerToken() {
   *   return { key: String(this.settings.myKey), secret: String(this.settings.mySecret) };
   * }
   * ```
   */
  oauthConsumerToken(): OAuthConsumerToken;
  /**
   * Override to fetch the user for an access token (called by
   * `getAuthenticatedUser()`).
   *
   * Tornado: `OAuthMixin._oauth_get_user_future`
   *
   * @example Ask the provider who this is
   * ```ts ignore
   * override async oauthGetUser(token: OAuthToken) {
   *   return await this.oauthRequest("https://id.example/me", { accessToken: token }) as Record<string, unknown>;
   * }
   * ```
   */
  oauthGetUser(accessToken: OAuthToken): Promise<Record<string, unknown>>;
  /**
   * Calls a provider API, signed with the consumer and access token (HMAC-
   * SHA1, `Authorization` header), and decodes the JSON answer; `postArgs`
   * make it a form POST (and are signed too).
   *
   * Tornado: `OAuthMixin._oauth_request_parameters` with a fetch
   *
   * @throws {AuthError} 502 for a non-2xx answer, a network error or an
   * answer that is not JSON.
   */
  oauthRequest(url: string, options?: OAuthRequestOptions): Promise<unknown>;
  /**
   * Override to choose the HTTP client the mixin uses.
   *
   * Tornado: `OAuthMixin.get_auth_http_client`
   *
   * @example Shorter timeouts
   * ```ts ignore
   * override httpClient() {
   *   return new AsyncHTTPClient({ defaults: { requestTimeout: 5 } });
   * }
   * ```
   */
  httpClient(): AsyncHTTPClient;
}
