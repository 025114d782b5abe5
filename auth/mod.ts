/**
 * Third-party sign-in: OAuth 2 ({@linkcode OAuth2Mixin},
 * {@linkcode GoogleOAuth2Mixin}, {@linkcode FacebookGraphMixin},
 * {@linkcode GitHubOAuth2Mixin}) and OAuth 1.0a ({@linkcode OAuthMixin},
 * {@linkcode TwitterMixin}).
 *
 * The mixins are class factories: `class GoogleLogin extends
 * GoogleOAuth2Mixin(RequestHandler) { ... }`. Their endpoints are fields a
 * subclass can override (to test against a local provider, for example).
 *
 * Beyond Tornado, the OAuth 2 mixins send a random `state` and a PKCE
 * challenge (where the provider supports it) with the redirect, keep both
 * in a signed cookie and check them on the callback; so they need the
 * `cookieSecret` setting.
 *
 * Every failure a provider, the browser or the user can cause throws
 * {@linkcode AuthError}, an `HTTPError` with status 403 (consent denied, a
 * missing or wrong state, a bad code) or 502 (the provider failed or sent
 * nonsense). Left uncaught it ends the request with that status and a
 * plain page; catch it to show a page of your own.
 *
 * @example Sign in with GitHub, failing with 403 on a forged callback
 * ```ts
 * import { AuthError, GitHubOAuth2Mixin } from "@tornado-deno/tornado/auth";
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class GitHubLogin extends GitHubOAuth2Mixin(RequestHandler) {
 *   override async get(): Promise<void> {
 *     if (!this.getArgument("code", null) && !this.getArgument("error", null)) {
 *       return this.authorizeRedirect();
 *     }
 *     try {
 *       const user = await this.getAuthenticatedUser();
 *       this.setSignedCookie("user", user.login);
 *       this.redirect("/");
 *     } catch (error) {
 *       if (!(error instanceof AuthError)) throw error;
 *       this.setStatus(error.statusCode);
 *       this.write("Sign-in failed, please try again");
 *     }
 *   }
 * }
 * const app = new Application([["/login", GitHubLogin]], {
 *   cookieSecret: "a long random secret",
 *   githubOauth: { key: "id", secret: "secret" },
 *   logFunction: () => {},
 * });
 * // A callback this browser did not start: no state cookie.
 * const response = await app.fetch(
 *   new Request("https://app.example/login?code=stolen&state=guess"),
 * );
 * assert.equal(response.status, 403);
 * assert.equal(await response.text(), "Sign-in failed, please try again");
 * ```
 *
 * @module
 */
export { AuthError, type AuthErrorOptions } from "./errors.ts";
export { OAuth2Mixin } from "./oauth2.ts";
export {
  type GoogleAuthenticatedUserOptions,
  type GoogleOAuth2Methods,
  GoogleOAuth2Mixin,
  type GoogleUserinfo,
} from "./google.ts";
export {
  type FacebookAuthenticatedUserOptions,
  type FacebookGraphMethods,
  FacebookGraphMixin,
  type FacebookUser,
} from "./facebook.ts";
export {
  type GitHubAuthenticatedUserOptions,
  type GitHubOAuth2Methods,
  GitHubOAuth2Mixin,
  type GitHubUser,
} from "./github.ts";
export { OAuthMixin } from "./oauth1.ts";
export { type TwitterMethods, TwitterMixin } from "./twitter.ts";
export type {
  HandlerConstructor,
  OAuth2AccessTokenOptions,
  OAuth2AuthorizeOptions,
  OAuth2Methods,
  OAuth2RequestOptions,
  OAuth2Token,
  OAuthArgs,
  OAuthConsumerToken,
  OAuthMethods,
  OAuthRedirectOptions,
  OAuthRequestOptions,
  OAuthToken,
  OAuthUser,
} from "./types.ts";
