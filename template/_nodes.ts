// Template nodes. Each writes its JavaScript through a CodeWriter.
import { assignedNames } from "./_js_scan.ts";
import type { CodeWriter, Unit } from "./_codegen.ts";
import { filterWhitespace, type WhitespaceMode } from "./whitespace.ts";

export interface Node {
  readonly line: number;
  generate(w: CodeWriter): void;
  /** Collects `{% block %}` definitions, following includes. */
  findBlocks?(w: CodeWriter, into: Map<string, NamedBlock>): void;
}

function findInNodes(
  nodes: readonly Node[],
  w: CodeWriter,
  into: Map<string, NamedBlock>,
): void {
  for (const node of nodes) node.findBlocks?.(w, into);
}

export { findInNodes as findBlocks };

/** Literal text. */
export class Text implements Node {
  readonly line: number;
  readonly value: string;
  constructor(value: string, line: number, whitespace: WhitespaceMode) {
    // Like Tornado, text holding "<pre>" keeps its whitespace.
    this.value = value.includes("<pre>")
      ? value
      : filterWhitespace(whitespace, value);
    this.line = line;
  }
  generate(w: CodeWriter): void {
    if (this.value) {
      w.write(`_tt_out += ${JSON.stringify(this.value)};`, this.line);
    }
  }
}

/** `{{ e }}`, `{% raw e %}`, `{% module e %}`. */
export class Expression implements Node {
  constructor(
    readonly expr: string,
    readonly line: number,
    readonly kind: "{{ }}" | "{% raw %}" | "{% module %}",
  ) {}
  generate(w: CodeWriter): void {
    let code: string;
    if (this.kind === "{% module %}") {
      code = `_tt_out += _tt_s(_tt_modules.${this.expr});`;
      w.names.add("_tt_modules");
    } else if (this.kind === "{% raw %}" || w.current.autoescape === null) {
      code = `_tt_out += _tt_s(${this.expr});`;
    } else {
      code = `_tt_out += ${w.escapeLocal()}(${this.expr});`;
    }
    w.reads(this.expr);
    w.write(code, this.line, { label: this.kind, code });
  }
}

/** `{% set ... %}`. */
export class SetStatement implements Node {
  constructor(readonly statement: string, readonly line: number) {}
  generate(w: CodeWriter): void {
    for (const name of assignedNames(this.statement)) w.sets.add(name);
    w.reads(this.statement);
    // An object pattern at the start would read as a block.
    const code = this.statement.startsWith("{")
      ? `(${this.statement});`
      : `${this.statement};`;
    w.write(code, this.line, { label: "{% set %}", code });
  }
}

/** `{% break %}` and `{% continue %}`. */
export class LoopJump implements Node {
  constructor(readonly op: "break" | "continue", readonly line: number) {}
  generate(w: CodeWriter): void {
    const flag = w.loops[w.loops.length - 1];
    w.write(
      this.op === "break" && flag
        ? `{ ${flag} = true; break; }`
        : `${this.op};`,
      this.line,
    );
  }
}

/** One clause of a control block: `if`, `elif`, `else`, `except`, `finally`... */
export interface Clause {
  readonly op: string;
  readonly arg: string;
  readonly line: number;
  body: Node[];
}

/** `{% if %}`, `{% for %}`, `{% while %}`, `{% try %}` with their clauses. */
export class Control implements Node {
  readonly line: number;
  constructor(readonly clauses: Clause[], readonly endLine: number) {
    this.line = (clauses[0] as Clause).line;
  }

  findBlocks(w: CodeWriter, into: Map<string, NamedBlock>): void {
    for (const c of this.clauses) findInNodes(c.body, w, into);
  }

  #body(w: CodeWriter, nodes: readonly Node[]): void {
    w.indent(() => w.generateNodes(nodes));
  }

  #head(w: CodeWriter, c: Clause, code: string, check: string): void {
    w.reads(c.arg);
    w.write(code, c.line, { label: `{% ${c.op} %}`, code: check });
  }

  generate(w: CodeWriter): void {
    const first = this.clauses[0] as Clause;
    if (first.op === "if") return this.#if(w);
    if (first.op === "try") return this.#try(w);
    return this.#loop(w, first);
  }

  #if(w: CodeWriter): void {
    for (const c of this.clauses) {
      if (c.op === "if") {
        this.#head(w, c, `if (${c.arg}) {`, `if (${c.arg}) {}`);
      } else if (c.op === "elif") {
        this.#head(w, c, `} else if (${c.arg}) {`, `if (${c.arg}) {}`);
      } else w.write("} else {", c.line);
      this.#body(w, c.body);
    }
    w.write("}", this.endLine);
  }

  #loop(w: CodeWriter, loop: Clause): void {
    const otherwise = this.clauses[1];
    const flag = otherwise ? w.uid("brk") : null;
    if (flag) w.write(`let ${flag} = false;`, loop.line);
    if (loop.op === "while") {
      this.#head(w, loop, `while (${loop.arg}) {`, `while (${loop.arg}) {}`);
    } else {
      const [target, iterable] = splitFor(loop.arg) as [string, string];
      const head = `for (let ${target} of ${iterable})`;
      w.reads(target);
      this.#head(w, loop, `${head} {`, `${head} {}`);
    }
    w.loops.push(flag);
    try {
      this.#body(w, loop.body);
    } finally {
      w.loops.pop();
    }
    if (otherwise) {
      w.write(`}`, otherwise.line);
      w.write(`if (!${flag}) {`, otherwise.line);
      this.#body(w, otherwise.body);
    }
    w.write("}", this.endLine);
  }

  #try(w: CodeWriter): void {
    const find = (op: string) => this.clauses.find((c) => c.op === op);
    const [body, except, otherwise, fin] = [
      this.clauses[0] as Clause,
      find("except"),
      find("else"),
      find("finally"),
    ];
    const ok = otherwise ? w.uid("ok") : null;
    if (fin) w.write("try {", body.line);
    if (ok) w.write(`let ${ok} = false;`, body.line);
    if (except) w.write("try {", body.line);
    this.#body(w, body.body);
    if (except) {
      if (ok) w.write(`  ${ok} = true;`, except.line);
      if (except.arg) {
        this.#head(
          w,
          except,
          `} catch (${except.arg}) {`,
          `try {} catch (${except.arg}) {}`,
        );
      } else w.write("} catch {", except.line);
      this.#body(w, except.body);
      w.write("}", except.line);
    }
    if (otherwise && ok) {
      w.write(`if (${ok}) {`, otherwise.line);
      this.#body(w, otherwise.body);
      w.write("}", otherwise.line);
    }
    if (fin) {
      w.write("} finally {", fin.line);
      this.#body(w, fin.body);
      w.write("}", this.endLine);
    }
  }
}

const FOR_REGEXP =
  /^(?:(?:let|const|var)\s+)?([\s\S]+?)\s+(?:in|of)\s+([\s\S]+)$/;

/** Splits `x in items` into its target and iterable. */
export function splitFor(arg: string): [string, string] | null {
  const m = FOR_REGEXP.exec(arg);
  return m ? [m[1] as string, m[2] as string] : null;
}

/** `{% block name %}`. */
export class NamedBlock implements Node {
  constructor(
    readonly name: string,
    readonly body: Node[],
    readonly unit: () => Unit,
    readonly line: number,
  ) {}
  findBlocks(w: CodeWriter, into: Map<string, NamedBlock>): void {
    into.set(this.name, this);
    findInNodes(this.body, w, into);
  }
  generate(w: CodeWriter): void {
    const block = w.blocks.get(this.name) ?? this;
    w.within(block.unit(), () => w.generateNodes(block.body), this.line);
  }
}

/** `{% extends "name" %}`: read by the template, it writes nothing. */
export class Extends implements Node {
  constructor(readonly name: string, readonly line: number) {}
  generate(): void {}
}

/** `{% include "name" %}`. */
export class Include implements Node {
  constructor(
    readonly name: string,
    readonly from: string,
    readonly line: number,
  ) {}
  findBlocks(w: CodeWriter, into: Map<string, NamedBlock>): void {
    findInNodes(w.resolve(this.name, this.from, this.line).body, w, into);
  }
  generate(w: CodeWriter): void {
    const unit = w.resolve(this.name, this.from, this.line);
    w.within(unit, () => w.generateNodes(unit.body), this.line);
  }
}

/** `{% apply fn %}`: the body's output passed through `fn`. */
export class Apply implements Node {
  constructor(
    readonly fn: string,
    readonly body: Node[],
    readonly line: number,
    readonly endLine: number,
  ) {}
  findBlocks(w: CodeWriter, into: Map<string, NamedBlock>): void {
    findInNodes(this.body, w, into);
  }
  generate(w: CodeWriter): void {
    w.reads(this.fn);
    w.write(`_tt_out += _tt_s((${this.fn})((() => {`, this.line, {
      label: "{% apply %}",
      code: `(${this.fn});`,
    });
    w.indent(() => {
      w.write('let _tt_out = "";', this.line);
      w.loops.push(null);
      try {
        w.generateNodes(this.body);
      } finally {
        w.loops.pop();
      }
      w.write("return _tt_out;", this.endLine);
    });
    w.write("})()));", this.endLine);
  }
}
