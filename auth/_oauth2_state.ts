// The browser-bound part of an OAuth 2 flow: a random `state` and a PKCE
// verifier, kept together in one signed, HTTP-only cookie between the
// redirect to the provider and the callback.

import { createHash } from "node:crypto";
import type { RequestHandler } from "../web/mod.ts";
import { randomBytes, timingSafeEqual } from "../_internal/crypto.ts";
import { encodeBase64Url } from "../_internal/base64.ts";
import { AuthError } from "./errors.ts";

/** The cookie that holds `state|verifier` between redirect and callback. */
export const STATE_COOKIE = "_oauth2_state";
/** How long a sign-in may take, in seconds (consent, 2FA, ...). */
export const STATE_MAX_AGE_SECONDS = 3600;

/** What the authorization redirect carries. */
export interface FlowStart {
  state: string | undefined;
  codeChallenge: string | undefined;
}

/** Whether state and PKCE are on. */
export interface FlowOptions {
  useState: boolean;
  usePkce: boolean;
}

/** Makes a PKCE S256 challenge for a verifier (RFC 7636, section 4.2). */
export function pkceChallenge(verifier: string): string {
  return encodeBase64Url(
    new Uint8Array(createHash("sha256").update(verifier).digest()),
  );
}

/** Makes the state and verifier and keeps them in the signed cookie. */
export function startFlow(
  handler: RequestHandler,
  options: FlowOptions,
): FlowStart {
  if (!options.useState && !options.usePkce) {
    return { state: undefined, codeChallenge: undefined };
  }
  const secret = handler.settings.cookieSecret;
  if (secret === undefined || secret === "") {
    throw new TypeError(
      'Cannot start OAuth 2 sign-in: the "cookieSecret" setting is missing (it signs the state cookie)',
    );
  }
  const state = options.useState ? encodeBase64Url(randomBytes(16)) : "";
  const verifier = options.usePkce ? encodeBase64Url(randomBytes(32)) : "";
  handler.setSignedCookie(STATE_COOKIE, `${state}|${verifier}`, {
    expires: new Date(Date.now() + STATE_MAX_AGE_SECONDS * 1000),
    httpOnly: true,
    sameSite: "Lax",
    secure: handler.request.protocol === "https",
  });
  return {
    state: options.useState ? state : undefined,
    codeChallenge: options.usePkce ? pkceChallenge(verifier) : undefined,
  };
}

/**
 * Checks the callback: the provider's `error` argument, then the `state`
 * against the cookie. Clears the cookie (it is good for one try) and
 * returns the PKCE verifier, if any.
 *
 * @throws {AuthError} 403 for a refusal, a missing cookie or a bad state.
 */
export function checkCallback(
  handler: RequestHandler,
  options: FlowOptions,
): string | undefined {
  const bound = options.useState || options.usePkce;
  if (bound && handler.request.cookies.has(STATE_COOKIE)) {
    handler.clearCookie(STATE_COOKIE);
  }
  const error = handler.getArgument("error", null);
  if (error !== null) {
    const description = handler.getArgument("error_description", null);
    throw new AuthError(
      `Sign-in was not granted: the provider answered "${error}"${
        description === null ? "" : `: ${description}`
      }`,
      { oauthError: error },
    );
  }
  if (!bound) return undefined;
  const cookie = handler.getSignedCookie(STATE_COOKIE, {
    maxAgeDays: STATE_MAX_AGE_SECONDS / 86400,
  });
  if (cookie === null) {
    throw new AuthError(
      `Cannot complete sign-in: the "${STATE_COOKIE}" cookie is missing, expired or forged (start the sign-in again)`,
    );
  }
  const bar = cookie.indexOf("|");
  const state = cookie.slice(0, bar);
  const verifier = cookie.slice(bar + 1);
  if (options.useState) {
    const given = handler.getArgument("state", null);
    if (given === null) {
      throw new AuthError(
        'Cannot complete sign-in: the callback has no "state" argument',
      );
    }
    if (state === "" || !timingSafeEqual(given, state)) {
      throw new AuthError(
        'Cannot complete sign-in: the "state" argument does not match the one sent from this browser',
      );
    }
  }
  return options.usePkce && verifier !== "" ? verifier : undefined;
}
