/**
 * URL patterns: {@linkcode url}, {@linkcode URLSpec} and route tables.
 *
 * @module
 */

import type { RequestHandler } from "./request_handler.ts";
import type { Application } from "./application.ts";
import type { HTTPServerRequest } from "./request.ts";
import { urlEscape } from "../escape/mod.ts";

/**
 * A class that handles requests: {@linkcode RequestHandler} or a subclass.
 */
export type RequestHandlerClass =
  & (new (
    application: Application,
    request: HTTPServerRequest,
  ) => RequestHandler)
  & {
    /** The HTTP methods this class accepts; others get 405. */
    readonly SUPPORTED_METHODS: readonly string[];
    /** When `true`, the body is handed to `dataReceived()` chunk by chunk. */
    readonly streamRequestBody: boolean;
  };

/**
 * One entry of a route table: `[pattern, Handler]`,
 * `[pattern, Handler, options]`, `[pattern, Handler, options, name]` or a
 * {@linkcode URLSpec} made with {@linkcode url}.
 *
 * @example A route table
 * ```ts
 * import {
 *   Application,
 *   RequestHandler,
 *   type Route,
 *   url,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Story extends RequestHandler {
 *   override get(id: string): void {
 *     this.write(`story ${id}`);
 *   }
 * }
 * const routes: Route[] = [
 *   ["/story/([0-9]+)", Story],
 *   url("/s/([0-9]+)", Story, {}, "short"),
 * ];
 * const app = new Application(routes, { logFunction: () => {} });
 * assert.equal(app.reverseUrl("short", 7), "/s/7");
 * const response = await app.fetch(new Request("http://localhost/story/7"));
 * assert.equal(await response.text(), "story 7");
 * ```
 */
export type Route =
  | URLSpec
  | readonly [string | RegExp, RequestHandlerClass]
  | readonly [string | RegExp, RequestHandlerClass, unknown]
  | readonly [string | RegExp, RequestHandlerClass, unknown, string];

/** What a matched route gives the handler: positional or named groups. */
export type PathArguments = (string | undefined)[] | [
  Record<string, string | undefined>,
];

const PYTHON_NAMED_GROUP_REGEXP = /\(\?P</g;
const MAX_INDEXED_SEGMENTS = 1024;

/** The literal text every match of a spec starts with (friend access). */
let prefixOf: (spec: URLSpec) => string;

/**
 * A compiled URL pattern with its handler class, the options handed to
 * `initialize()`, and an optional name for {@linkcode Application.reverseUrl}.
 *
 * The pattern is a regular expression anchored at both ends. Python's named
 * group syntax `(?P<name>...)` is accepted and means `(?<name>...)`.
 *
 * Tornado: `tornado.web.URLSpec`
 *
 * @example Match and reverse a pattern
 * ```ts
 * import { RequestHandler, URLSpec } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const spec = new URLSpec("/story/([0-9]+)", RequestHandler, {}, "story");
 * assert.ok(spec.regex.test("/story/12"));
 * assert.equal(spec.reverse(12), "/story/12");
 * ```
 */
export class URLSpec {
  /** The compiled pattern, anchored at both ends. */
  readonly regex: RegExp;
  /** The handler class. */
  readonly handlerClass: RequestHandlerClass;
  /** The options passed to the handler's `initialize()`. */
  readonly options: unknown;
  /** The route's name, for reverse lookups. */
  readonly name: string | undefined;
  /** The pattern source as given. */
  readonly pattern: string;
  /** `true` when the pattern has named groups (one object argument). */
  readonly hasNamedGroups: boolean;
  #reverseParts: string[] | null | undefined;
  #groupCount: number;
  #prefix: string;

  static {
    prefixOf = (spec) => spec.#prefix;
  }

  /**
   * Compiles a pattern for a handler class.
   *
   * @param pattern A regular expression source (or `RegExp`), anchored at
   * both ends when matched.
   * @param handlerClass The class that handles matching requests.
   * @param options Handed to the handler's `initialize()`.
   * @param name A name for reverse lookups.
   * @throws {SyntaxError} When the pattern is not a valid regular expression.
   */
  constructor(
    pattern: string | RegExp,
    handlerClass: RequestHandlerClass,
    options?: unknown,
    name?: string,
  ) {
    let source = typeof pattern === "string" ? pattern : pattern.source;
    source = source.replace(PYTHON_NAMED_GROUP_REGEXP, "(?<");
    if (source.startsWith("^")) source = source.slice(1);
    if (source.endsWith("$") && !source.endsWith("\\$")) {
      source = source.slice(0, -1);
    }
    this.pattern = source;
    const flags = typeof pattern === "string" ? "" : pattern.flags.replace(
      /[gy]/g,
      "",
    );
    this.regex = new RegExp(`^(?:${source})$`, flags);
    this.handlerClass = handlerClass;
    this.options = options ?? {};
    this.name = name;
    this.#groupCount = new RegExp(`${source}|`).exec("")!.length - 1;
    this.#prefix = flags.includes("i") || flags.includes("m")
      ? ""
      : literalPrefix(source);
    this.hasNamedGroups = /\(\?<(?![=!])/.test(source);
  }

  /**
   * Matches `path` and returns the handler's arguments, or `null`.
   * Arguments are percent-decoded; an optional group that did not take part
   * is `undefined`.
   *
   * @throws {URIError} When a group holds bad percent-encoding or UTF-8.
   */
  match(path: string): PathArguments | null {
    // Every match starts with the pattern's literal prefix: checking it
    // first skips the regular expression for most routes of a long table.
    if (!path.startsWith(this.#prefix)) return null;
    const m = this.regex.exec(path);
    if (m === null) return null;
    if (this.hasNamedGroups) {
      const named: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(m.groups ?? {})) {
        named[key] = value === undefined ? undefined : unquote(value);
      }
      return [named];
    }
    const args: (string | undefined)[] = [];
    for (let i = 1; i < m.length; i++) {
      const value = m[i];
      args.push(value === undefined ? undefined : unquote(value));
    }
    return args;
  }

  /**
   * Builds a path for this pattern from the group values, each escaped.
   *
   * Tornado: `URLSpec.reverse`
   *
   * @throws {TypeError} When the pattern is too complex to reverse or the
   * number of arguments differs from the number of groups.
   */
  reverse(...args: unknown[]): string {
    if (this.#reverseParts === undefined) {
      this.#reverseParts = reverseParts(this.pattern);
    }
    const parts = this.#reverseParts;
    if (parts === null) {
      throw new TypeError(
        `Cannot reverse "${this.pattern}": the pattern is too complex`,
      );
    }
    if (args.length !== this.#groupCount) {
      throw new TypeError(
        `Cannot reverse "${this.pattern}": expected ${this.#groupCount} arguments, got ${args.length}`,
      );
    }
    let out = parts[0] ?? "";
    for (let i = 0; i < args.length; i++) {
      out += urlEscape(String(args[i]), { plus: false }) + (parts[i + 1] ?? "");
    }
    return out;
  }
}

/**
 * Makes a {@linkcode URLSpec}: a route with options and an optional name.
 *
 * Tornado: `tornado.web.url`
 *
 * @example A named route
 * ```ts
 * import { Application, RequestHandler, url } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class EntryHandler extends RequestHandler {}
 * const app = new Application([url("/entry/([0-9]+)", EntryHandler, {}, "entry")]);
 * assert.equal(app.reverseUrl("entry", 5), "/entry/5");
 * ```
 */
export function url(
  pattern: string | RegExp,
  handlerClass: RequestHandlerClass,
  options?: unknown,
  name?: string,
): URLSpec {
  return new URLSpec(pattern, handlerClass, options, name);
}

/** Turns a route table entry into a {@linkcode URLSpec}. */
export function toURLSpec(route: Route): URLSpec {
  if (route instanceof URLSpec) return route;
  const [pattern, handlerClass, options, name] = route;
  return new URLSpec(pattern, handlerClass, options, name);
}

/**
 * A route table matched in order, first match wins. The candidates for a
 * path are found by its first segment (`/item7/` of `/item7/x`): a route
 * whose literal prefix cannot start that path is never tried. The index
 * keeps the table's order, holds at most 1,024 segments and starts over
 * when full.
 */
export class RouteTable {
  /** The routes, in order. */
  readonly specs: readonly URLSpec[];
  #bySegment: Map<string, readonly URLSpec[]> = new Map();

  /** Makes a table of `specs`, matched in this order. */
  constructor(specs: readonly URLSpec[]) {
    this.specs = specs;
  }

  /**
   * The first route that matches `path`, with its arguments, or `null`.
   *
   * @throws {URIError} When a group holds bad percent-encoding or UTF-8.
   */
  match(path: string): readonly [URLSpec, PathArguments] | null {
    const end = path.indexOf("/", 1);
    const segment = end === -1 ? path : path.slice(0, end + 1);
    let candidates = this.#bySegment.get(segment);
    if (candidates === undefined) {
      candidates = this.specs.filter((spec) => {
        const prefix = prefixOf(spec);
        return segment.startsWith(prefix) || prefix.startsWith(segment);
      });
      if (this.#bySegment.size >= MAX_INDEXED_SEGMENTS) this.#bySegment.clear();
      this.#bySegment.set(segment, candidates);
    }
    for (const spec of candidates) {
      const args = spec.match(path);
      if (args !== null) return [spec, args];
    }
    return null;
  }
}

/** A host pattern with its routes, in the order they were added. */
export interface HostRoutes {
  /** Matches the host name (without the port), anchored at both ends. */
  host: RegExp | null;
  /** The routes for that host. */
  routes: RouteTable;
}

const SPECIAL_CHARS = "\\^$.|?*+()[]{}";

/**
 * The literal text every match of `source` starts with: the characters up
 * to the first special one, less the last when a quantifier follows it.
 * Empty when the pattern has an alternation anywhere.
 */
function literalPrefix(source: string): string {
  if (source.includes("|")) return "";
  let end = 0;
  while (end < source.length && !SPECIAL_CHARS.includes(source[end]!)) end++;
  const next = source[end];
  if (next === "?" || next === "*" || next === "{" || next === "+") end--;
  return end > 0 ? source.slice(0, end) : "";
}

function unquote(value: string): string {
  return value.indexOf("%") === -1 ? value : decodeURIComponent(value);
}

/**
 * Splits a simple pattern into literal parts around its top-level groups, or
 * returns `null` when the literal parts are not plain text.
 */
function reverseParts(pattern: string): string[] | null {
  const parts: string[] = [];
  let literal = "";
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) return null;
      if (depth === 0) {
        if (/[A-Za-z0-9]/.test(next)) return null; // \d, \w, ...
        literal += next;
      }
      i++;
    } else if (c === "(") {
      if (depth === 0) {
        if (pattern[i + 1] === "?" && pattern[i + 2] !== "<") return null;
        parts.push(literal);
        literal = "";
      }
      depth++;
    } else if (c === ")") {
      depth--;
      if (depth < 0) return null;
    } else if (depth === 0) {
      if ("[]{}*+?|^$".includes(c)) return null;
      literal += c;
    }
  }
  if (depth !== 0) return null;
  parts.push(literal);
  return parts;
}
