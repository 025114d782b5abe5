/**
 * `urlConcat`: adds query arguments to a URL that may already have some, as
 * Tornado's `tornado.httputil.url_concat` (byte-for-byte the same output).
 *
 * @module
 */

/** Query arguments: a record, or a list of pairs to repeat a name. */
export type QueryArgs =
  | Readonly<Record<string, string>>
  | ReadonlyArray<readonly [string, string]>;

const UNRESERVED_REGEXP = /^[A-Za-z0-9_.\-~]$/;
// deno-lint-ignore no-control-regex -- splits ASCII from non-ASCII runs
const ASCII_RUN_REGEXP = /[\x00-\x7f]+|[^\x00-\x7f]+/g;
const HEX_PAIR_REGEXP = /^[0-9A-Fa-f]{2}$/;
const encoder = new TextEncoder();

/** Percent-encodes as Python's `urllib.parse.quote_plus` (space as `+`). */
export function quotePlus(value: string): string {
  let out = "";
  for (const byte of encoder.encode(value)) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && UNRESERVED_REGEXP.test(char)) out += char;
    else if (byte === 0x20) out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/**
 * Decodes as Python's `unquote_plus` (UTF-8, invalid bytes replaced by
 * U+FFFD, malformed `%` sequences kept as they are).
 */
export function unquotePlus(value: string): string {
  const decoder = new TextDecoder();
  let out = "";
  for (const run of value.replaceAll("+", " ").match(ASCII_RUN_REGEXP) ?? []) {
    if (run.charCodeAt(0) >= 0x80 || !run.includes("%")) {
      out += run;
      continue;
    }
    const bytes: number[] = [];
    for (let i = 0; i < run.length; i++) {
      const pair = run.slice(i + 1, i + 3);
      if (run[i] === "%" && HEX_PAIR_REGEXP.test(pair)) {
        bytes.push(parseInt(pair, 16));
        i += 2;
      } else {
        bytes.push(run.charCodeAt(i));
      }
    }
    out += decoder.decode(new Uint8Array(bytes));
  }
  return out;
}

/** Splits a query string as Python's `parse_qsl(q, keep_blank_values=True)`. */
export function parseQsl(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? "" : part.slice(eq + 1);
    pairs.push([unquotePlus(name), unquotePlus(value)]);
  }
  return pairs;
}

/**
 * Returns `url` with `args` appended to its query: the existing query is
 * re-encoded and merged (`/p?x` gives `/p?x=&y=y`), and a fragment stays at
 * the end. The output is byte for byte Tornado's.
 *
 * Tornado: `tornado.httputil.url_concat`
 *
 * @example Add arguments to a URL with a query and a fragment
 * ```ts
 * import { urlConcat } from "@tornado-deno/tornado/httpclient";
 * import assert from "node:assert/strict";
 *
 * assert.equal(urlConcat("/p?x#tab", { y: "a b" }), "/p?x=&y=a+b#tab");
 * assert.equal(urlConcat("/p", [["n", "1"], ["n", "2"]]), "/p?n=1&n=2");
 * ```
 *
 * @param url The URL, absolute or relative.
 * @param args A record or a list of `[name, value]` pairs; `null` or
 * `undefined` returns `url` unchanged.
 * @returns The new URL.
 */
export function urlConcat(
  url: string,
  args: QueryArgs | null | undefined,
): string {
  if (args === null || args === undefined) return url;
  const hash = url.indexOf("#");
  const fragment = hash === -1 ? "" : url.slice(hash + 1);
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const question = beforeHash.indexOf("?");
  const base = question === -1 ? beforeHash : beforeHash.slice(0, question);
  const pairs = parseQsl(question === -1 ? "" : beforeHash.slice(question + 1));
  const extra = Array.isArray(args)
    ? args as ReadonlyArray<readonly [string, string]>
    : Object.entries(args);
  for (const [name, value] of extra) pairs.push([name, value]);
  const query = pairs
    .map(([name, value]) => quotePlus(name) + "=" + quotePlus(value))
    .join("&");
  return base + (query ? "?" + query : "") + (fragment ? "#" + fragment : "");
}
