// Reads `{ key, secret }` credentials from an application setting.

import type { RequestHandler } from "../web/mod.ts";

/** Client credentials from a setting such as `googleOauth`. */
export interface ClientCredentials {
  key: string;
  secret: string;
}

/** The credentials in `settings[name]`, or `null` when not set. */
export function findCredentials(
  handler: RequestHandler,
  name: string,
): ClientCredentials | null {
  const value = handler.settings[name];
  if (value === null || typeof value !== "object") return null;
  const { key, secret } = value as Record<string, unknown>;
  if (typeof key !== "string" || typeof secret !== "string") return null;
  if (key === "" || secret === "") return null;
  return { key, secret };
}

/** The credentials in `settings[name]`, or a `TypeError` saying what to set. */
export function requireCredentials(
  handler: RequestHandler,
  name: string,
  provider: string,
): ClientCredentials {
  const found = findCredentials(handler, name);
  if (found === null) {
    throw new TypeError(
      `Cannot sign in with ${provider}: the "${name}" setting must be { key, secret } with both set`,
    );
  }
  return found;
}

/**
 * `options` with `clientId` taken from `settings[name]` when not given. The
 * setting must hold both the key and the secret (the secret is needed to
 * finish the sign-in), else a `TypeError` names it: a sign-in never starts
 * that cannot finish.
 */
export function withSettingsClientId<T extends { clientId?: string }>(
  handler: RequestHandler,
  name: string,
  provider: string,
  options: T,
): T {
  const { key } = requireCredentials(handler, name, provider);
  return options.clientId !== undefined
    ? options
    : { ...options, clientId: key };
}
