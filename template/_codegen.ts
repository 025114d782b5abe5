// CodeWriter: turns parsed nodes into the body of a render function, with a
// map from each generated line to its template and line, the names the code
// reads, and one syntax-check snippet per node.
import { freeNames } from "./_js_scan.ts";
import type { NamedBlock, Node } from "./_nodes.ts";

/** A parsed template file, as codegen sees it. */
export interface Unit {
  readonly name: string;
  readonly autoescape: string | null;
  /** The line of the `{% autoescape %}` that set `autoescape`, if any. */
  readonly autoescapeLine?: number;
  readonly body: readonly Node[];
}

/** Finds the parsed file for an `{% include %}` or `{% extends %}`. */
export type UnitResolver = (name: string, from: string, line: number) => Unit;

/** A snippet to compile alone when the whole function has a syntax error. */
export interface Check {
  readonly name: string;
  readonly line: number;
  readonly label: string;
  readonly code: string;
}

/** The result of code generation. */
export interface Generated {
  /** Body lines after the prologue line. */
  readonly body: string;
  /**
   * For generated line n (1-based, the prologue is line 1): [template, line]
   * and, inside an include or a block, the chain that led there, innermost
   * first (` (via base.html:1)`).
   */
  readonly lineMap: ReadonlyArray<LineEntry>;
  /** Names the code may read from the namespace, sorted. */
  readonly names: readonly string[];
  /** Names assigned by `{% set %}` (declared in the prologue). */
  readonly sets: readonly string[];
  /** Escape locals: [local name, autoescape expression]. */
  readonly escapes: ReadonlyArray<readonly [string, string]>;
  readonly checks: readonly Check[];
}

/** Where a generated line came from: template, line, and the include chain. */
export type LineEntry = readonly [string, number, string?];

export class CodeWriter {
  readonly #lines: string[] = [];
  readonly #map: LineEntry[] = [];
  /** `name:line` of each include or block being generated, outermost first. */
  readonly #via: string[] = [];
  readonly names: Set<string> = new Set();
  readonly sets: Set<string> = new Set();
  readonly #escapes = new Map<string, string>();
  readonly checks: Check[] = [];
  /** For each enclosing loop, the flag set by `break`, or null. */
  readonly loops: Array<string | null> = [];
  readonly blocks: Map<string, NamedBlock>;
  readonly resolve: UnitResolver;
  current: Unit;
  #indent = 1;
  #ids = 0;

  constructor(
    root: Unit,
    blocks: Map<string, NamedBlock>,
    resolve: UnitResolver,
  ) {
    this.current = root;
    this.blocks = blocks;
    this.resolve = resolve;
  }

  /** A fresh internal variable name. */
  uid(prefix: string): string {
    return `_tt_${prefix}${this.#ids++}`;
  }

  /** Writes code (possibly several lines) coming from template line `line`. */
  write(
    code: string,
    line: number,
    check?: { label: string; code: string },
  ): void {
    const pad = "  ".repeat(this.#indent);
    const parts = code.split("\n");
    const via = this.#via.length === 0 ? undefined : this.#viaText();
    for (let i = 0; i < parts.length; i++) {
      this.#lines.push(i === 0 ? pad + parts[i] : parts[i] as string);
      this.#map.push(
        via === undefined
          ? [this.current.name, line + i]
          : [this.current.name, line + i, via],
      );
    }
    if (check) {
      this.checks.push({ name: this.current.name, line, ...check });
    }
  }

  indent(fn: () => void): void {
    this.#indent++;
    try {
      fn();
    } finally {
      this.#indent--;
    }
  }

  /**
   * Generates `fn` with `unit` as the current file. With `line` (an include
   * or a block at that line of the current file), errors in `fn`'s code name
   * the chain as Tornado's tracebacks do: `sub.html:1 (via base.html:1)`.
   */
  within(unit: Unit, fn: () => void, line?: number): void {
    const saved = this.current;
    if (line !== undefined) this.#via.push(`${saved.name}:${line}`);
    this.current = unit;
    try {
      fn();
    } finally {
      this.current = saved;
      if (line !== undefined) this.#via.pop();
    }
  }

  #viaText(): string {
    return ` (via ${this.#via.toReversed().join(", ")})`;
  }

  /** Records the names `code` reads. */
  reads(code: string): void {
    freeNames(code, this.names);
  }

  /** The local holding the current file's escape function. */
  escapeLocal(): string {
    const expr = this.current.autoescape as string;
    let local = this.#escapes.get(expr);
    if (local === undefined) {
      local = `_tt_e${this.#escapes.size}`;
      this.#escapes.set(expr, local);
      this.reads(expr);
      this.checks.push({
        name: this.current.name,
        line: this.current.autoescapeLine ?? 1,
        label: "{% autoescape %}",
        code: `(${expr});`,
      });
    }
    return local;
  }

  generateNodes(nodes: readonly Node[]): void {
    for (const node of nodes) node.generate(this);
  }

  finish(): Generated {
    return {
      body: this.#lines.join("\n"),
      lineMap: [[this.current.name, 1], ...this.#map],
      names: [...this.names].sort(),
      sets: [...this.sets].sort(),
      escapes: [...this.#escapes].map(([expr, local]) =>
        [local, expr] as const
      ),
      checks: this.checks,
    };
  }
}

/** How the prologue binds one name: 1 from the namespace, 2 from the base, 0 absent. */
export type NameState = 0 | 1 | 2;

/**
 * Builds the one-line prologue of a render function `(_tt_ns, _tt_b, _tt_rt)`.
 * With `states`, each name is bound as the namespace given at that time
 * requires, and absent names are left to JavaScript's scope (a global or a
 * ReferenceError). Without, the prologue checks each name when it runs
 * (the form written by precompile).
 */
export function prologue(
  gen: Generated,
  states?: readonly NameState[],
): string {
  const sets = new Set(gen.sets);
  const decls = ['_tt_out = ""', "_tt_s = _tt_rt.s"];
  const names = [...new Set([...gen.names, ...gen.sets])].sort();
  const index = new Map(gen.names.map((n, i) => [n, i]));
  for (const name of names) {
    const q = JSON.stringify(name);
    const fallback = sets.has(name)
      ? "undefined"
      : name === "_tt_modules"
      ? "_tt_rt.m"
      : `_tt_rt.g(${q})`;
    if (!states) {
      decls.push(
        `${name} = ${q} in _tt_ns ? _tt_ns.${name} : ${q} in _tt_b ? _tt_b.${name} : ${fallback}`,
      );
      continue;
    }
    const i = index.get(name);
    const state = i === undefined ? 0 : states[i];
    if (state === 1) decls.push(`${name} = _tt_ns.${name}`);
    else if (state === 2) decls.push(`${name} = _tt_b.${name}`);
    else if (sets.has(name) || name === "_tt_modules") {
      decls.push(`${name} = ${fallback}`);
    }
  }
  for (const [local, expr] of gen.escapes) {
    decls.push(`${local} = _tt_rt.e(${expr})`);
  }
  return `"use strict"; let ${decls.join(", ")};`;
}

/** The full code of a render function body. */
export function renderCode(gen: Generated, prologueLine: string): string {
  return `${prologueLine}\n${gen.body}\n  return _tt_out;`;
}
