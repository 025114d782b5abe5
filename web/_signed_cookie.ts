// Signed cookies for handlers: the `cookieSecret`/`keyVersion` settings and
// the handler's options mapped onto `signed_value.ts`.

import type { SetCookieOptions } from "./cookies.ts";
import type { ApplicationSettings } from "./settings.ts";
import type {
  GetSignedCookieOptions,
  SetSignedCookieOptions,
} from "./request_handler.ts";
import {
  createSignedValue,
  type CreateSignedValueOptions,
  decodeSignedValue,
  type DecodeSignedValueOptions,
  type SignedValueSecret,
} from "./signed_value.ts";

/** A signed cookie value and the attributes to set it with. */
export interface SignedCookie {
  /** The signed value. */
  value: string;
  /** The cookie attributes (30 days unless told). */
  cookieOptions: SetCookieOptions;
}

/**
 * The `cookieSecret` setting.
 *
 * @throws {TypeError} When it is missing, naming the `action`.
 */
export function cookieSecret(
  settings: ApplicationSettings,
  action: string,
): SignedValueSecret {
  const secret = settings.cookieSecret;
  if (secret === undefined || secret === "") {
    throw new TypeError(
      `Cannot ${action}: the "cookieSecret" setting is missing`,
    );
  }
  return secret;
}

/** Signs a cookie value as `setSignedCookie()` does. */
export function signCookie(
  settings: ApplicationSettings,
  name: string,
  value: string | Uint8Array,
  options: SetSignedCookieOptions,
): SignedCookie {
  const { version, ...cookieOptions } = options;
  if (
    cookieOptions.expiresDays === undefined && options.expires === undefined
  ) {
    cookieOptions.expiresDays = 30;
  }
  const signOptions: CreateSignedValueOptions = {};
  if (version !== undefined) signOptions.version = version;
  if (settings.keyVersion !== undefined) {
    signOptions.keyVersion = settings.keyVersion;
  }
  const secret = cookieSecret(settings, "sign a cookie");
  return {
    value: createSignedValue(secret, name, value, signOptions),
    cookieOptions,
  };
}

/** Checks a signed cookie value as `getSignedCookie()` does. */
export function readSignedCookie(
  settings: ApplicationSettings,
  name: string,
  value: string | null,
  options: GetSignedCookieOptions,
): string | null {
  const secret = cookieSecret(settings, "read a signed cookie");
  if (value === null) return null;
  const decodeOptions: DecodeSignedValueOptions = {};
  if (options.maxAgeDays !== undefined) {
    decodeOptions.maxAgeDays = options.maxAgeDays;
  }
  if (options.minVersion !== undefined) {
    decodeOptions.minVersion = options.minVersion;
  }
  return decodeSignedValue(secret, name, value, decodeOptions);
}
