/**
 * {@linkcode OAuthMixin}: OAuth 1.0a sign-in (RFC 5849, HMAC-SHA1).
 *
 * @module
 */

import { AsyncHTTPClient, type HTTPResponse } from "../httpclient/mod.ts";
import { urlConcat } from "../_internal/url_concat.ts";
import { decodeBase64, encodeBase64 } from "../_internal/base64.ts";
import { AuthError } from "./errors.ts";
import { apiRequest, providerFetch, queryArgs } from "./_provider.ts";
import {
  authorizationHeader,
  parseTokenResponse,
  signRequest,
} from "./_oauth1_signature.ts";
import type {
  HandlerConstructor,
  OAuthConsumerToken,
  OAuthMethods,
  OAuthRedirectOptions,
  OAuthRequestOptions,
  OAuthToken,
  OAuthUser,
} from "./types.ts";

const REQUEST_TOKEN_COOKIE = "_oauth_request_token";
const REQUEST_TOKEN_MAX_AGE_SECONDS = 3600;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Adds OAuth 1.0a sign-in to a handler class (Twitter's kind of OAuth).
 * `authorizeRedirect()` gets a request token from the provider, keeps it in
 * the `_oauth_request_token` cookie (as Tornado does, but signed, so it
 * needs the `cookieSecret` setting) and sends the browser to the provider;
 * on the callback `getAuthenticatedUser()` checks that the returned
 * `oauth_token` matches the cookie, trades it (with `oauth_verifier`) for
 * an access token and returns the user from `oauthGetUser()`.
 *
 * Requests are signed with HMAC-SHA1 as RFC 5849 says, with the protocol
 * parameters in the `Authorization` header (Tornado puts them in the
 * query). Set the endpoints by overriding the `oauth*Url` fields, and
 * override `oauthConsumerToken()` and `oauthGetUser()`.
 *
 * A refusal (`?denied=`), a missing or mismatched request token, a refused
 * verifier, a provider 5xx or a malformed answer throw
 * {@linkcode AuthError} (403 or 502).
 *
 * Tornado: `tornado.auth.OAuthMixin`
 *
 * @param Base The handler class to extend.
 * @returns A subclass of `Base` with {@linkcode OAuthMethods}.
 *
 * @example A provider of your own
 * ```ts
 * import { OAuthMixin, type OAuthToken } from "@tornado-deno/tornado/auth";
 * import { RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Login extends OAuthMixin(RequestHandler) {
 *   override oauthRequestTokenUrl = "https://id.example/oauth/request_token";
 *   override oauthAccessTokenUrl = "https://id.example/oauth/access_token";
 *   override oauthAuthorizeUrl = "https://id.example/oauth/authorize";
 *   override oauthConsumerToken() {
 *     return { key: "app-key", secret: "app-secret" };
 *   }
 *   override async oauthGetUser(token: OAuthToken) {
 *     return await this.oauthRequest("https://id.example/me", {
 *       accessToken: token,
 *     }) as Record<string, unknown>;
 *   }
 *   override async get(): Promise<void> {
 *     if (this.getArgument("oauth_token", null) === null) {
 *       return await this.authorizeRedirect({ callbackUri: "/login" });
 *     }
 *     const user = await this.getAuthenticatedUser();
 *     this.write({ name: String(user.name) });
 *   }
 * }
 * assert.equal(typeof Login.prototype.authenticateRedirect, "function");
 * ```
 */
export function OAuthMixin<T extends HandlerConstructor>(
  Base: T,
): T & HandlerConstructor<OAuthMethods> {
  class OAuthHandler extends Base implements OAuthMethods {
    oauthRequestTokenUrl: string = "";
    oauthAccessTokenUrl: string = "";
    oauthAuthorizeUrl: string = "";
    oauthAuthenticateUrl: string = "";
    oauthNoCallbacks: boolean = false;
    #client: AsyncHTTPClient | undefined;

    async authorizeRedirect(options: OAuthRedirectOptions = {}): Promise<void> {
      const { callbackUri, extraParams } = options;
      if (callbackUri !== undefined && this.oauthNoCallbacks) {
        throw new TypeError(
          "Cannot send a callback URI: this provider does not accept one",
        );
      }
      const token = await this.#requestToken(callbackUri, extraParams);
      this.#sendToProvider(this.oauthAuthorizeUrl, callbackUri, token);
    }

    async authenticateRedirect(
      options: { callbackUri?: string } = {},
    ): Promise<void> {
      if (this.oauthAuthenticateUrl === "") {
        throw new TypeError(
          'Cannot redirect to the provider: "oauthAuthenticateUrl" is not set',
        );
      }
      const token = await this.#requestToken(options.callbackUri, undefined);
      this.#sendToProvider(this.oauthAuthenticateUrl, undefined, token);
    }

    async getAuthenticatedUser(): Promise<OAuthUser> {
      const cookie = this.getSignedCookie(REQUEST_TOKEN_COOKIE, {
        maxAgeDays: REQUEST_TOKEN_MAX_AGE_SECONDS / 86400,
      });
      if (this.request.cookies.has(REQUEST_TOKEN_COOKIE)) {
        this.clearCookie(REQUEST_TOKEN_COOKIE);
      }
      const denied = this.getArgument("denied", null);
      if (denied !== null) {
        throw new AuthError(
          'Sign-in was not granted: the provider answered with "denied"',
          { oauthError: "access_denied" },
        );
      }
      const requestKey = this.getArgument("oauth_token", null);
      if (requestKey === null || requestKey === "") {
        throw new AuthError(
          'Cannot complete sign-in: the callback has no "oauth_token" argument',
        );
      }
      const requestToken = cookie === null ? null : decodeRequestToken(cookie);
      if (requestToken === null) {
        throw new AuthError(
          `Cannot complete sign-in: the "${REQUEST_TOKEN_COOKIE}" cookie is missing, expired or forged (start the sign-in again)`,
        );
      }
      if (requestToken.key !== requestKey) {
        throw new AuthError(
          'Cannot complete sign-in: the "oauth_token" argument does not match the request token cookie',
        );
      }
      const verifier = this.getArgument("oauth_verifier", null);
      const accessToken = await this.#fetchToken(
        this.oauthAccessTokenUrl,
        "exchange the request token for an access token",
        verifier === null ? {} : { oauth_verifier: verifier },
        requestToken,
      );
      const user = await this.oauthGetUser(accessToken);
      if (user === null || typeof user !== "object") {
        throw new AuthError("Cannot complete sign-in: no user was found", {
          statusCode: 502,
        });
      }
      return { ...user, access_token: accessToken };
    }

    oauthConsumerToken(): OAuthConsumerToken {
      throw new Error(
        "Cannot sign an OAuth request: override oauthConsumerToken()",
      );
    }

    oauthGetUser(_accessToken: OAuthToken): Promise<Record<string, unknown>> {
      return Promise.reject(
        new Error("Cannot fetch the OAuth user: override oauthGetUser()"),
      );
    }

    async oauthRequest(
      url: string,
      options: OAuthRequestOptions = {},
    ): Promise<unknown> {
      const { accessToken, postArgs, ...rest } = options;
      const args = queryArgs(rest);
      const target = args.length > 0 ? urlConcat(url, args) : url;
      const method = postArgs === undefined ? "GET" : "POST";
      const headers: Record<string, string> = { Accept: "application/json" };
      if (accessToken !== undefined) {
        const consumer = this.oauthConsumerToken();
        headers.Authorization = authorizationHeader(signRequest({
          method,
          url: target,
          consumerKey: consumer.key,
          consumerSecret: consumer.secret,
          token: accessToken,
          bodyParams: Object.entries(postArgs ?? {}),
        }));
      }
      return await apiRequest(
        this.httpClient(),
        target,
        postArgs === undefined
          ? { headers }
          : { method, headers, body: new URLSearchParams(postArgs) },
      );
    }

    httpClient(): AsyncHTTPClient {
      return this.#client ??= new AsyncHTTPClient();
    }

    async #requestToken(
      callbackUri: string | undefined,
      extraParams: Readonly<Record<string, string>> | undefined,
    ): Promise<OAuthToken> {
      if (this.oauthRequestTokenUrl === "") {
        throw new TypeError(
          'Cannot get a request token: "oauthRequestTokenUrl" is not set',
        );
      }
      const url = urlConcat(
        this.oauthRequestTokenUrl,
        extraParams === undefined ? null : Object.entries(extraParams),
      );
      const oauthParams: Record<string, string> = {};
      if (callbackUri === "oob") oauthParams.oauth_callback = "oob";
      else if (callbackUri !== undefined && callbackUri !== "") {
        oauthParams.oauth_callback = this.#absolute(callbackUri);
      }
      return await this.#fetchToken(url, "get a request token", oauthParams);
    }

    /**
     * Sends a signed GET to a token endpoint and reads the token it answers
     * with. A 401 for an access token (the user's token was refused) is a
     * 403; every other failure a 502.
     */
    async #fetchToken(
      url: string,
      what: string,
      oauthParams: Record<string, string>,
      token?: OAuthToken,
    ): Promise<OAuthToken> {
      const consumer = this.oauthConsumerToken();
      const oauth = signRequest({
        method: "GET",
        url,
        consumerKey: consumer.key,
        consumerSecret: consumer.secret,
        oauthParams,
        ...(token === undefined ? {} : { token }),
      });
      const response = await providerFetch(this.httpClient(), url, {
        headers: { Authorization: authorizationHeader(oauth) },
      }, what);
      return readToken(response, what, token !== undefined);
    }

    #sendToProvider(
      url: string,
      callbackUri: string | undefined,
      token: OAuthToken,
    ): void {
      if (url === "") {
        throw new TypeError(
          'Cannot redirect to the provider: "oauthAuthorizeUrl" is not set',
        );
      }
      this.setSignedCookie(
        REQUEST_TOKEN_COOKIE,
        encodeRequestToken(token),
        {
          expires: new Date(Date.now() + REQUEST_TOKEN_MAX_AGE_SECONDS * 1000),
          httpOnly: true,
          sameSite: "Lax",
          secure: this.request.protocol === "https",
        },
      );
      const args: [string, string][] = [["oauth_token", token.key]];
      if (callbackUri === "oob") {
        this.finish(urlConcat(url, args));
        return;
      }
      if (callbackUri !== undefined && callbackUri !== "") {
        args.push(["oauth_callback", this.#absolute(callbackUri)]);
      }
      this.redirect(urlConcat(url, args));
    }

    #absolute(uri: string): string {
      return new URL(uri, this.request.fullUrl()).href;
    }
  }
  return OAuthHandler;
}

/**
 * The token in a token endpoint's answer. A refused access token (a 401
 * when `forUser`) is a 403; every other failure a 502.
 */
function readToken(
  response: HTTPResponse,
  what: string,
  forUser: boolean,
): OAuthToken {
  if (response.code < 200 || response.code > 299) {
    throw new AuthError(
      `Cannot ${what}: the provider answered "${response.code} ${response.reason}"`,
      { statusCode: response.code === 401 && forUser ? 403 : 502 },
    );
  }
  const token = parseTokenResponse(response.text);
  if (token === null) {
    throw new AuthError(
      `Cannot ${what}: the provider's answer has no "oauth_token" and "oauth_token_secret"`,
      { statusCode: 502 },
    );
  }
  return token;
}

// Tornado's cookie format: base64(key) "|" base64(secret).
function encodeRequestToken(token: OAuthToken): string {
  return encodeBase64(textEncoder.encode(token.key)) + "|" +
    encodeBase64(textEncoder.encode(token.secret));
}

function decodeRequestToken(
  value: string,
): { key: string; secret: string } | null {
  const parts = value.split("|");
  if (parts.length !== 2) return null;
  const key = decodeBase64(parts[0]!);
  const secret = decodeBase64(parts[1]!);
  if (key === null || secret === null) return null;
  try {
    return { key: textDecoder.decode(key), secret: textDecoder.decode(secret) };
  } catch {
    return null;
  }
}
