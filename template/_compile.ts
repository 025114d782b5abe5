// The only place that turns generated code into a function (new Function),
// plus the mapping of errors back to template lines.
import { xhtmlEscape } from "../escape/mod.ts";
import type { Generated, LineEntry } from "./_codegen.ts";
import { ParseError } from "./errors.ts";

/** A compiled render function: (namespace, base namespace, runtime) → output. */
export type RenderFunction = (
  namespace: Record<string, unknown>,
  base: Record<string, unknown>,
  runtime: Runtime,
) => string;

/** Helpers the generated code reaches through its third parameter. */
export interface Runtime {
  /** Converts a value for raw output: null and undefined give "". */
  s(value: unknown): string;
  /** Wraps an autoescape function so it receives strings. */
  e(fn: unknown): (value: unknown) => string;
  /** A global of that name, or a value that throws a ReferenceError on use. */
  g(name: string): unknown;
  /** The `_tt_modules` used when the namespace has none. */
  m: unknown;
}

function toText(value: unknown): string {
  return typeof value === "string"
    ? value
    : value === null || value === undefined
    ? ""
    : String(value);
}

const missing = new Map<string, unknown>();

function missingName(name: string): unknown {
  let proxy = missing.get(name);
  if (proxy === undefined) {
    const fail = (): never => {
      throw new ReferenceError(`${name} is not defined`);
    };
    proxy = new Proxy(function () {}, {
      get: fail,
      set: fail,
      has: fail,
      apply: fail,
      construct: fail,
      ownKeys: fail,
      getPrototypeOf: fail,
    });
    missing.set(name, proxy);
  }
  return proxy;
}

/** The runtime object passed to every render function. */
export const RUNTIME: Runtime = {
  s: toText,
  e(fn: unknown): (value: unknown) => string {
    if (fn === xhtmlEscape) return xhtmlEscape;
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot autoescape: expected a function, got ${typeof fn}`,
      );
    }
    return (value: unknown): string => toText(fn(toText(value)));
  },
  g(name: string): unknown {
    return name in globalThis
      ? (globalThis as Record<string, unknown>)[name]
      : missingName(name);
  },
  m: new Proxy({}, {
    get(_target, key): never {
      throw new ReferenceError(
        `Cannot call module "${
          String(key)
        }": the namespace has no "_tt_modules"`,
      );
    },
  }),
};

/**
 * Compiles generated code. A JavaScript syntax error becomes a ParseError
 * naming the template and line of the first node that fails on its own.
 */
export function compile(
  code: string,
  gen: Generated,
  rootName: string,
): RenderFunction {
  try {
    return new Function("_tt_ns", "_tt_b", "_tt_rt", code) as RenderFunction;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    for (const check of gen.checks) {
      try {
        new Function(`"use strict";\n${check.code}`);
      } catch (inner) {
        if (!(inner instanceof SyntaxError)) throw inner;
        throw new ParseError(
          `Invalid JavaScript in ${check.label}: ${inner.message}`,
          check.name,
          check.line,
          { cause: inner },
        );
      }
    }
    throw new ParseError(
      `Invalid JavaScript: ${error.message}`,
      rootName,
      1,
      { cause: error },
    );
  }
}

const annotated = new WeakSet<object>();

/**
 * Adds the template name and line to an error thrown while rendering, found
 * from the first stack frame in the generated code. The error object is
 * kept (its class and fields are unchanged); only `message` and `stack` get
 * ` at <template>:<line>` appended, followed inside an include or a block by
 * the chain that led there (` (via base.html:1)`). An error is annotated once, by the
 * innermost template.
 *
 * @param frame The text that opens a location in a frame of this code,
 *   e.g. "(page.html, <anonymous>:" for code compiled with that sourceURL.
 * @param offset Subtracted from a frame's line to index `lineMap`.
 */
export function annotate(
  error: unknown,
  frame: string,
  offset: number,
  lineMap: ReadonlyArray<LineEntry>,
): unknown {
  if (!(error instanceof Error) || annotated.has(error)) return error;
  const stack = typeof error.stack === "string" ? error.stack : "";
  let at = stack.indexOf(frame);
  while (at !== -1) {
    const m = /^(\d+):\d+/.exec(stack.slice(at + frame.length));
    const entry = m ? lineMap[Number(m[1]) - offset] : undefined;
    if (entry) {
      annotated.add(error);
      const where = ` at ${entry[0]}:${entry[1]}${entry[2] ?? ""}`;
      const header = `${error.name}: ${error.message}`;
      try {
        error.message += where;
        if (stack.startsWith(header)) {
          error.stack = header + where + stack.slice(header.length);
        }
      } catch {
        // A read-only message (e.g. DOMException) stays as it is.
      }
      return error;
    }
    at = stack.indexOf(frame, at + 1);
  }
  return error;
}
