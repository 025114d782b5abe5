/**
 * {@linkcode OAuth2Mixin}: the OAuth 2 authorization-code flow.
 *
 * @module
 */

import { AsyncHTTPClient } from "../httpclient/mod.ts";
import { urlConcat } from "../_internal/url_concat.ts";
import { AuthError } from "./errors.ts";
import { apiRequest, exchangeCode, queryArgs } from "./_provider.ts";
import { checkCallback, startFlow } from "./_oauth2_state.ts";
import type { RequestHandler } from "../web/mod.ts";
import type {
  HandlerConstructor,
  OAuth2AccessTokenOptions,
  OAuth2AuthorizeOptions,
  OAuth2Methods,
  OAuth2RequestOptions,
  OAuth2Token,
} from "./types.ts";

/** The checks of `authorizeRedirect()`: the URL, `state`, the client id. */
function checkAuthorize(
  authorizeUrl: string,
  useState: boolean,
  options: OAuth2AuthorizeOptions,
): void {
  if (authorizeUrl === "") {
    throw new TypeError(
      'Cannot redirect to the provider: "oauthAuthorizeUrl" is not set',
    );
  }
  if (useState && Object.hasOwn(options.extraParams ?? {}, "state")) {
    throw new TypeError(
      'Cannot send "state" in extraParams: the mixin sends its own (set oauthUseState to false to manage it yourself)',
    );
  }
  if (options.clientId === undefined || options.clientId === "") {
    throw new TypeError(
      'Cannot redirect to the provider: no "clientId" was given (the app\'s client id from the provider)',
    );
  }
}

/** The query of the authorize URL, before the state and PKCE challenge. */
function authorizeArgs(options: OAuth2AuthorizeOptions): [string, string][] {
  const args: [string, string][] = [
    ["response_type", options.responseType ?? "code"],
  ];
  if (options.redirectUri !== undefined) {
    args.push(["redirect_uri", options.redirectUri]);
  }
  args.push(["client_id", options.clientId ?? ""]);
  args.push(...Object.entries(options.extraParams ?? {}));
  if (options.scope !== undefined && options.scope.length > 0) {
    args.push(["scope", options.scope.join(" ")]);
  }
  return args;
}

/**
 * Adds the OAuth 2 authorization-code flow to a handler class: send the
 * browser to the provider with `authorizeRedirect()`, then, on the
 * callback, check it and trade the code for a token with
 * `getAccessToken()`, and call the provider's API with `oauth2Request()`.
 *
 * Set the provider's endpoints by overriding `oauthAuthorizeUrl` and
 * `oauthAccessTokenUrl`. Beyond Tornado, and on by default:
 *
 * - `oauthUseState`: a random `state` is sent with the redirect and kept in
 *   the signed, HTTP-only `_oauth2_state` cookie (one hour, `SameSite=Lax`);
 *   the callback must bring it back, or `getAccessToken()` throws
 *   {@linkcode AuthError} (403). This stops login CSRF. It needs the
 *   `cookieSecret` setting.
 * - `oauthUsePkce`: a PKCE verifier is kept in the same cookie, its S256
 *   `code_challenge` sent with the redirect and the verifier with the code
 *   (RFC 7636), so a stolen code is useless.
 *
 * A callback with `?error=...` (the user said no), a missing or wrong
 * state, a refused code, a provider 5xx or an answer that is not JSON all
 * throw {@linkcode AuthError}: 403 or 502, never a 500.
 *
 * Tornado: `tornado.auth.OAuth2Mixin`
 *
 * @param Base The handler class to extend (`RequestHandler` or a subclass).
 * @returns A subclass of `Base` with {@linkcode OAuth2Methods}.
 *
 * @example Redirect to a provider of your own
 * ```ts
 * import { OAuth2Mixin } from "@tornado-deno/tornado/auth";
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Login extends OAuth2Mixin(RequestHandler) {
 *   override oauthAuthorizeUrl = "https://id.example/authorize";
 *   override oauthAccessTokenUrl = "https://id.example/token";
 *   override get(): void {
 *     this.authorizeRedirect({
 *       redirectUri: "https://app.example/login",
 *       clientId: "my-app",
 *       scope: ["profile", "email"],
 *     });
 *   }
 * }
 * const app = new Application([["/login", Login]], {
 *   cookieSecret: "a long random secret",
 *   logFunction: () => {},
 * });
 * const response = await app.fetch(new Request("https://app.example/login"));
 * const location = new URL(response.headers.get("location")!);
 * assert.equal(location.origin + location.pathname, "https://id.example/authorize");
 * assert.equal(location.searchParams.get("client_id"), "my-app");
 * assert.equal(location.searchParams.get("scope"), "profile email");
 * assert.equal(location.searchParams.get("code_challenge_method"), "S256");
 * assert.ok(location.searchParams.get("state"));
 * assert.match(response.headers.get("set-cookie")!, /^_oauth2_state=/);
 * ```
 */
export function OAuth2Mixin<T extends HandlerConstructor>(
  Base: T,
): T & HandlerConstructor<OAuth2Methods> {
  class OAuth2Handler extends Base implements OAuth2Methods {
    oauthAuthorizeUrl: string = "";
    oauthAccessTokenUrl: string = "";
    oauthUseState: boolean = true;
    oauthUsePkce: boolean = true;
    oauthTokenPlacement: "header" | "query" = "header";
    #client: AsyncHTTPClient | undefined;

    authorizeRedirect(options: OAuth2AuthorizeOptions = {}): void {
      checkAuthorize(this.oauthAuthorizeUrl, this.oauthUseState, options);
      const args = authorizeArgs(options);
      const flow = startFlow(this, {
        useState: this.oauthUseState,
        usePkce: this.oauthUsePkce,
      });
      if (flow.state !== undefined) args.push(["state", flow.state]);
      if (flow.codeChallenge !== undefined) {
        args.push(["code_challenge", flow.codeChallenge]);
        args.push(["code_challenge_method", "S256"]);
      }
      this.redirect(urlConcat(this.oauthAuthorizeUrl, args));
    }

    async getAccessToken(
      options: OAuth2AccessTokenOptions = {},
    ): Promise<OAuth2Token> {
      return await exchangeCallbackCode(this, "POST", options);
    }

    async oauth2Request(
      url: string,
      options: OAuth2RequestOptions = {},
    ): Promise<unknown> {
      const { accessToken, postArgs, ...rest } = options;
      const args = queryArgs(rest);
      const headers: Record<string, string> = { Accept: "application/json" };
      if (accessToken !== undefined && accessToken !== "") {
        if (this.oauthTokenPlacement === "query") {
          args.unshift(["access_token", accessToken]);
        } else {
          headers.Authorization = `Bearer ${accessToken}`;
        }
      }
      const target = args.length > 0 ? urlConcat(url, args) : url;
      return await apiRequest(
        this.httpClient(),
        target,
        postArgs === undefined
          ? { headers }
          : { method: "POST", headers, body: new URLSearchParams(postArgs) },
      );
    }

    httpClient(): AsyncHTTPClient {
      return this.#client ??= new AsyncHTTPClient();
    }
  }
  return OAuth2Handler;
}

/**
 * The token exchange behind `getAccessToken()`: checks the callback (state,
 * PKCE, `?error=`), then trades the code. Facebook's mixin calls it with
 * `"GET"`, which also leaves out `grant_type`, as Tornado does.
 */
export async function exchangeCallbackCode(
  handler: RequestHandler & OAuth2Methods,
  method: "GET" | "POST",
  options: OAuth2AccessTokenOptions,
): Promise<OAuth2Token> {
  const verifier = checkCallback(handler, {
    useState: handler.oauthUseState,
    usePkce: handler.oauthUsePkce,
  });
  const code = options.code ?? handler.getArgument("code", null);
  if (code === null || code === "") {
    throw new AuthError(
      'Cannot complete sign-in: the callback has no "code" argument',
    );
  }
  const params = tokenParams(code, method, options, verifier);
  const url = handler.oauthAccessTokenUrl;
  return await exchangeCode(handler.httpClient(), url, method, params);
}

/** The fields of the token request; a `"GET"` one has no `grant_type`. */
function tokenParams(
  code: string,
  method: "GET" | "POST",
  options: OAuth2AccessTokenOptions,
  verifier: string | undefined,
): Record<string, string> {
  const params: Record<string, string> = method === "POST"
    ? { grant_type: "authorization_code", code }
    : { code };
  if (options.redirectUri !== undefined) {
    params.redirect_uri = options.redirectUri;
  }
  if (options.clientId !== undefined) params.client_id = options.clientId;
  if (options.clientSecret !== undefined) {
    params.client_secret = options.clientSecret;
  }
  if (verifier !== undefined) params.code_verifier = verifier;
  Object.assign(params, options.extraParams);
  return params;
}
