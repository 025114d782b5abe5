/**
 * {@linkcode AuthError}: what third-party sign-in throws when the provider,
 * the browser or the user makes it fail.
 *
 * @module
 */

import { HTTPError } from "../web/mod.ts";

/** Options of {@linkcode AuthError}. */
export interface AuthErrorOptions {
  /**
   * The status the request should end with: 403 (the default) when the
   * browser or the user caused the failure (consent denied, a missing or
   * wrong `state`, a bad or reused code), 502 when the provider did (a 5xx,
   * a network error, a malformed answer).
   */
  statusCode?: 403 | 502;
  /** The provider's error code, such as `"access_denied"` or `"invalid_grant"`. */
  oauthError?: string | undefined;
  /** The underlying error (an `HTTPClientError`, a `SyntaxError`, ...). */
  cause?: unknown;
}

/**
 * Thrown by the sign-in mixins when a sign-in cannot complete: the user
 * refused consent (`?error=access_denied`), the `state` is missing or does
 * not match the one kept in the browser's cookie, the provider refused the
 * code, answered with a 5xx, or sent something that is not the expected
 * JSON.
 *
 * It extends {@linkcode HTTPError}, so one that is not caught ends the
 * request with its `statusCode` (403 or 502) and a plain error page; its
 * message goes to the log only, never to the browser, and there is no
 * stack trace. To show your own page, catch it:
 *
 * ```ts ignore
 * try {
 *   token = await this.getAuthenticatedUser({ redirectUri });
 * } catch (error) {
 *   if (!(error instanceof AuthError)) throw error;
 *   this.setStatus(error.statusCode);
 *   return this.finish("Sign-in failed. <a href='/login'>Try again</a>");
 * }
 * ```
 *
 * Tornado: `tornado.auth.AuthError` (there a plain exception)
 *
 * @example Tell the user's fault from the provider's
 * ```ts
 * import { AuthError } from "@tornado-deno/tornado/auth";
 * import { HTTPError } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const denied = new AuthError("Sign-in was refused", {
 *   oauthError: "access_denied",
 * });
 * assert.equal(denied.statusCode, 403);
 * assert.equal(denied.message, "Sign-in was refused");
 * assert.ok(denied instanceof HTTPError);
 * const down = new AuthError("Provider failed", { statusCode: 502 });
 * assert.equal(down.statusCode, 502);
 * ```
 */
export class AuthError extends HTTPError {
  /** 403 when the browser or the user is at fault, 502 when the provider is. */
  override statusCode: 403 | 502;
  /** The provider's error code, when it sent one. */
  oauthError: string | undefined;

  /**
   * Makes the error.
   *
   * @param message What went wrong (logged, never sent to the browser).
   * @param options `statusCode` (default 403), `oauthError` and `cause`.
   */
  constructor(message: string, options: AuthErrorOptions = {}) {
    const statusCode = options.statusCode ?? 403;
    super(
      statusCode,
      message,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = "AuthError";
    this.message = message;
    this.statusCode = statusCode;
    this.oauthError = options.oauthError;
  }
}
