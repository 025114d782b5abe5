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
  /** Sends the browser to the provider to ask for consent. */
  authorizeRedirect(options?: OAuth2AuthorizeOptions): void;
  /** Checks the callback and exchanges the code for an access token. */
  getAccessToken(options?: OAuth2AccessTokenOptions): Promise<OAuth2Token>;
  /** Calls a provider API with an access token and decodes the JSON answer. */
  oauth2Request(url: string, options?: OAuth2RequestOptions): Promise<unknown>;
  /** Override to choose the HTTP client the mixin uses. */
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
  /** Gets a request token and sends the browser to authorize it. */
  authorizeRedirect(options?: OAuthRedirectOptions): Promise<void>;
  /** Like `authorizeRedirect()`, to the provider's sign-in page. */
  authenticateRedirect(options?: { callbackUri?: string }): Promise<void>;
  /** Completes the sign-in on the callback and returns the user. */
  getAuthenticatedUser(): Promise<OAuthUser>;
  /** Override to give the app's consumer key and secret. */
  oauthConsumerToken(): OAuthConsumerToken;
  /** Override to fetch the user for an access token. */
  oauthGetUser(accessToken: OAuthToken): Promise<Record<string, unknown>>;
  /** Calls a provider API with a signed request and decodes the JSON. */
  oauthRequest(url: string, options?: OAuthRequestOptions): Promise<unknown>;
  /** Override to choose the HTTP client the mixin uses. */
  httpClient(): AsyncHTTPClient;
}
