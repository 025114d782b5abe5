// Argument access for handlers: the last or all values of a query or body
// argument, decoded by the handler, control characters replaced, stripped.

import { MissingArgumentError } from "./errors.ts";
import type { ArgumentOptions, RequestHandler } from "./request_handler.ts";

/** Marks a `getArgument()` call without a default (missing -> 400). */
export const MISSING: unique symbol = Symbol("missing");

const CONTROL_CHAR_REGEXP = /[\x00-\x08\x0e-\x1f]/;
const CONTROL_CHARS_REGEXP = /[\x00-\x08\x0e-\x1f]/g;

/**
 * The last value of `name` in `source`, or `defaultValue` when it has
 * none; without a default (`MISSING`) a `MissingArgumentError`.
 */
export function lastArgument(
  handler: RequestHandler<unknown>,
  source: Record<string, string[]>,
  name: string,
  defaultValue: string | null | undefined | typeof MISSING,
  options: ArgumentOptions | undefined,
): string | null {
  const values = allArguments(handler, source, name, options);
  if (values.length === 0) {
    if (defaultValue === MISSING) throw new MissingArgumentError(name);
    return defaultValue ?? null;
  }
  return values[values.length - 1]!;
}

/** Every value of `name` in `source`, decoded and cleaned. */
export function allArguments(
  handler: RequestHandler<unknown>,
  source: Record<string, string[]>,
  name: string,
  options: ArgumentOptions | undefined,
): string[] {
  const raw = Object.hasOwn(source, name) ? source[name]! : [];
  const strip = options?.strip ?? true;
  return raw.map((value) => {
    let text = handler.decodeArgument(value, name);
    if (CONTROL_CHAR_REGEXP.test(text)) {
      text = text.replace(CONTROL_CHARS_REGEXP, " ");
    }
    return strip ? text.trim() : text;
  });
}
