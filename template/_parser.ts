// Scanner and parser: template source to nodes, with nesting checks.
import type { Unit } from "./_codegen.ts";
import {
  Apply,
  type Clause,
  Control,
  Expression,
  Extends,
  Include,
  LoopJump,
  NamedBlock,
  type Node,
  SetStatement,
  splitFor,
  Text,
} from "./_nodes.ts";
import type { Reader } from "./_reader.ts";
import { isWhitespaceMode } from "./whitespace.ts";

/** What parsing a file produced besides its nodes. */
export interface ParseState {
  /** The file's autoescape expression, changed by `{% autoescape %}`. */
  autoescape: string | null;
  /** The line of the last `{% autoescape %}`. */
  autoescapeLine?: number;
  /** The unit being parsed (available once parsing is over). */
  readonly unit: () => Unit;
}

interface Open {
  readonly op: string;
  readonly line: number;
}

interface Stop {
  readonly op: string;
  readonly arg: string;
  readonly line: number;
}

const INTERMEDIATE: Record<string, readonly string[]> = {
  else: ["if", "for", "while", "try"],
  elif: ["if"],
  except: ["try"],
  finally: ["try"],
};

// Clause order per block: which clause may follow which.
const NEXT: Record<string, Record<string, readonly string[]>> = {
  if: { if: ["elif", "else"], elif: ["elif", "else"], else: [] },
  for: { for: ["else"], else: [] },
  while: { while: ["else"], else: [] },
  try: {
    try: ["except", "finally"],
    except: ["else", "finally"],
    else: ["finally"],
    finally: [],
  },
};

function quoteList(ops: readonly string[]): string {
  const q = ops.map((o) => `"${o}"`);
  return q.length === 1
    ? q[0] as string
    : `${q.slice(0, -1).join(", ")} or ${q.at(-1)}`;
}

function unquote(s: string): string {
  return s.replace(/^["']+/, "").replace(/["']+$/, "");
}

/** Parses a whole file. */
export function parse(reader: Reader, state: ParseState): Node[] {
  return parseBody(reader, state, null, false).nodes;
}

function parseBody(
  reader: Reader,
  state: ParseState,
  open: Open | null,
  inLoop: boolean,
): { nodes: Node[]; stop: Stop | null } {
  const nodes: Node[] = [];
  for (;;) {
    // Find the next directive.
    let curly = 0;
    for (;;) {
      curly = reader.find("{", curly);
      if (curly === -1 || curly + 1 === reader.remaining()) {
        if (open) {
          reader.error(`Missing {% end %} block for "${open.op}"`, open.line);
        }
        const text = reader.consume();
        nodes.push(new Text(text, reader.line, reader.whitespace));
        return { nodes, stop: null };
      }
      const next = reader.at(curly + 1);
      if (next !== "{" && next !== "%" && next !== "#") {
        curly++;
        continue;
      }
      // With three or more curlies in a row, the innermost ones count.
      if (
        curly + 2 < reader.remaining() && next === "{" &&
        reader.at(curly + 2) === "{"
      ) {
        curly++;
        continue;
      }
      break;
    }
    if (curly > 0) {
      const text = reader.consume(curly);
      nodes.push(new Text(text, reader.line, reader.whitespace));
    }
    const start = reader.consume(2);
    const line = reader.line;

    // "{{!" and "{%!" give the literal "{{" and "{%".
    if (reader.remaining() && reader.at(0) === "!") {
      reader.consume(1);
      nodes.push(new Text(start, line, reader.whitespace));
      continue;
    }
    if (start === "{#") {
      const end = reader.find("#}");
      if (end === -1) reader.error('Missing "#}" to end the comment', line);
      reader.consume(end + 2);
      continue;
    }
    if (start === "{{") {
      const end = reader.find("}}");
      if (end === -1) reader.error('Missing "}}" to end the expression', line);
      const expr = reader.consume(end).trim();
      reader.consume(2);
      if (!expr) reader.error("Empty expression in {{ }}", line);
      nodes.push(new Expression(expr, line, "{{ }}"));
      continue;
    }
    const end = reader.find("%}");
    if (end === -1) reader.error('Missing "%}" to end the block tag', line);
    const contents = reader.consume(end).trim();
    reader.consume(2);
    if (!contents) reader.error("Empty block tag {% %}", line);
    const space = contents.search(/\s/);
    const op = space === -1 ? contents : contents.slice(0, space);
    const arg = space === -1 ? "" : contents.slice(space).trim();

    const parents = INTERMEDIATE[op];
    if (parents) {
      if (!open) {
        reader.error(
          `Cannot use "${op}" outside an ${quoteList(parents)} block`,
          line,
        );
      }
      if (!parents.includes(open.op)) {
        reader.error(
          `Cannot attach "${op}" to a "${open.op}" block`,
          line,
        );
      }
      return { nodes, stop: { op, arg, line } };
    }
    switch (op) {
      case "end":
        if (!open) reader.error("Extra {% end %} block", line);
        return { nodes, stop: { op, arg, line } };
      case "comment":
        continue;
      case "extends":
      case "include": {
        const name = unquote(arg);
        if (!name) reader.error(`Missing template name in {% ${op} %}`, line);
        nodes.push(
          op === "extends"
            ? new Extends(name, line)
            : new Include(name, reader.name, line),
        );
        continue;
      }
      case "set":
        if (!arg) reader.error("Missing statement in {% set %}", line);
        nodes.push(new SetStatement(arg, line));
        continue;
      case "autoescape":
        if (!arg) reader.error("Missing function in {% autoescape %}", line);
        state.autoescape = arg === "null" ? null : arg;
        state.autoescapeLine = line;
        continue;
      case "whitespace":
        if (!isWhitespaceMode(arg)) {
          reader.error(`Invalid whitespace mode "${arg}"`, line);
        }
        reader.whitespace = arg;
        continue;
      case "raw":
      case "module":
        if (!arg) reader.error(`Missing expression in {% ${op} %}`, line);
        nodes.push(new Expression(arg, line, `{% ${op} %}`));
        continue;
      case "break":
      case "continue":
        if (!inLoop) {
          reader.error(
            `Cannot use "${op}" outside a "for" or "while" block`,
            line,
          );
        }
        nodes.push(new LoopJump(op, line));
        continue;
      case "apply":
      case "block": {
        if (!arg) {
          reader.error(
            `Missing ${op === "apply" ? "function" : "name"} in {% ${op} %}`,
            line,
          );
        }
        const body = parseBody(
          reader,
          state,
          { op, line },
          op === "block" && inLoop,
        );
        const endLine = (body.stop as Stop).line;
        nodes.push(
          op === "apply"
            ? new Apply(arg, body.nodes, line, endLine)
            : new NamedBlock(arg, body.nodes, state.unit, line),
        );
        continue;
      }
      case "if":
      case "for":
      case "while":
      case "try":
        nodes.push(parseControl(reader, state, op, arg, line, inLoop));
        continue;
      default:
        reader.error(`Unknown directive "${op}"`, line);
    }
  }
}

function parseControl(
  reader: Reader,
  state: ParseState,
  op: string,
  arg: string,
  line: number,
  inLoop: boolean,
): Control {
  if (op === "try" ? arg : !arg) {
    reader.error(
      op === "try"
        ? 'Unexpected text after "try"'
        : `Missing expression in {% ${op} %}`,
      line,
    );
  }
  if (op === "for" && !splitFor(arg)) {
    reader.error('Invalid {% for %}: expected "for x in items"', line);
  }
  const order = NEXT[op] as Record<string, readonly string[]>;
  const clauses: Clause[] = [];
  let clause: Clause = { op, arg, line, body: [] };
  for (;;) {
    const loop = (op === "for" || op === "while") && clause.op === op;
    const { nodes, stop } = parseBody(
      reader,
      state,
      { op, line },
      loop || inLoop,
    );
    clause.body = nodes;
    clauses.push(clause);
    const s = stop as Stop;
    if (s.op === "end") {
      if (op === "try" && clauses.length === 1) {
        reader.error('Missing "except" or "finally" in {% try %}', line);
      }
      return new Control(clauses, s.line);
    }
    if (!(order[clause.op] as readonly string[]).includes(s.op)) {
      reader.error(`Unexpected "${s.op}" in "${op}" block`, s.line);
    }
    if (s.op === "elif" && !s.arg) {
      reader.error("Missing expression in {% elif %}", s.line);
    }
    if ((s.op === "else" || s.op === "finally") && s.arg) {
      reader.error(`Unexpected text after "${s.op}"`, s.line);
    }
    clause = { op: s.op, arg: s.arg, line: s.line, body: [] };
  }
}
