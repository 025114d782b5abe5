// A small JavaScript tokenizer, enough to find the names a template uses
// and the variables a `{% set %}` assigns. Mistakes only make it list a name
// too many (harmless: an unused local) or, in odd code, too few.

export interface Token {
  type: "id" | "punct" | "literal";
  value: string;
}

const ID_REGEXP = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;
const NUMBER_REGEXP = /(?:\d|\.\d)[\w.]*/y;
const SPACE_REGEXP = /\s+/y;
const PUNCTUATORS = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "**",
  "<<",
  ">>",
];
const REGEX_AFTER_WORDS = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);
export const ASSIGNMENT_OPERATORS: ReadonlySet<string> = new Set([
  "=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "**=",
  "<<=",
  ">>=",
  ">>>=",
  "&=",
  "|=",
  "^=",
  "&&=",
  "||=",
  "??=",
]);
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else " +
    "enum export extends false finally for function if import in instanceof " +
    "new null return super switch this throw true try typeof var void while " +
    "with yield let static implements interface package private protected " +
    "public await eval arguments undefined").split(" "),
);
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether `name` may be bound as a local variable from the namespace. */
export function isBindable(name: string): boolean {
  return !RESERVED.has(name) && !PROTOTYPE_NAMES.has(name) &&
    (!name.startsWith("_tt_") || name === "_tt_modules");
}

function skipQuoted(code: string, i: number, quote: string): number {
  for (i++; i < code.length; i++) {
    const c = code[i];
    if (c === "\\") i++;
    else if (c === quote) return i + 1;
  }
  return i;
}

function skipRegex(code: string, i: number): number {
  let inClass = false;
  for (i++; i < code.length; i++) {
    const c = code[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) break;
    else if (c === "\n") return i;
  }
  i++;
  while (i < code.length && /\w/.test(code[i] ?? "")) i++;
  return i;
}

/** Splits JavaScript source into identifiers, punctuators and literals. */
export function tokenize(code: string): Token[] {
  const out: Token[] = [];
  // For each open template literal substitution, the brace depth at its start.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const push = (type: Token["type"], value: string) => {
    out.push({ type, value });
  };
  const scanTemplate = () => {
    // i is just after "`" or "}" closing a substitution
    for (; i < code.length; i++) {
      const c = code[i];
      if (c === "\\") i++;
      else if (c === "`") {
        i++;
        push("literal", "`");
        return;
      } else if (c === "$" && code[i + 1] === "{") {
        i += 2;
        templates.push(depth);
        depth++;
        push("punct", "(");
        return;
      }
    }
  };
  while (i < code.length) {
    const c = code[i] as string;
    SPACE_REGEXP.lastIndex = i;
    if (SPACE_REGEXP.test(code)) {
      i = SPACE_REGEXP.lastIndex;
      continue;
    }
    if (c === "/" && code[i + 1] === "/") {
      const end = code.indexOf("\n", i);
      i = end === -1 ? code.length : end;
      continue;
    }
    if (c === "/" && code[i + 1] === "*") {
      const end = code.indexOf("*/", i + 2);
      i = end === -1 ? code.length : end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = skipQuoted(code, i, c);
      push("literal", code.slice(i, end));
      i = end;
      continue;
    }
    if (c === "`") {
      i++;
      scanTemplate();
      continue;
    }
    ID_REGEXP.lastIndex = i;
    const id = ID_REGEXP.exec(code);
    if (id) {
      push("id", id[0]);
      i += id[0].length;
      continue;
    }
    NUMBER_REGEXP.lastIndex = i;
    const num = NUMBER_REGEXP.exec(code);
    if (num) {
      push("literal", num[0]);
      i += num[0].length;
      continue;
    }
    if (c === "/") {
      const prev = out[out.length - 1];
      const regex = !prev ||
        (prev.type === "punct" && !/^[)\]}]$/.test(prev.value)) ||
        (prev.type === "id" && REGEX_AFTER_WORDS.has(prev.value));
      if (regex) {
        const end = skipRegex(code, i);
        push("literal", code.slice(i, end));
        i = end;
        continue;
      }
    }
    if (c === "{" || c === "(" || c === "[") depth++;
    if (c === "}" || c === ")" || c === "]") {
      depth--;
      if (c === "}" && templates[templates.length - 1] === depth) {
        templates.pop();
        push("punct", ")");
        i++;
        scanTemplate();
        continue;
      }
    }
    const p = PUNCTUATORS.find((p) => code.startsWith(p, i)) ?? c;
    push("punct", p);
    i += p.length;
  }
  return out;
}

function isMember(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  return prev !== undefined && prev.type === "punct" &&
    (prev.value === "." || prev.value === "?.");
}

/** The names `code` may read from its scope (property names left out). */
export function freeNames(code: string, into: Set<string>): void {
  const tokens = tokenize(code);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === "id" && !isMember(tokens, i) && isBindable(t.value)) {
      into.add(t.value);
    }
  }
}

/**
 * The variables a `{% set %}` statement assigns: the identifiers of the
 * target before its first top-level assignment operator.
 */
export function assignedNames(code: string): string[] {
  const tokens = tokenize(code);
  let depth = 0;
  let end = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type !== "punct") continue;
    if ("([{".includes(t.value)) depth++;
    else if (")]}".includes(t.value)) depth--;
    else if (depth === 0 && ASSIGNMENT_OPERATORS.has(t.value)) {
      end = i;
      break;
    }
  }
  const names: string[] = [];
  let skipDepth = -1; // inside a default value at this depth
  depth = 0;
  for (let i = 0; i < end; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    if (t.type === "punct") {
      if ("([{".includes(t.value)) depth++;
      else if (")]}".includes(t.value)) {
        depth--;
        if (skipDepth > depth) skipDepth = -1;
      } else if (t.value === "=" && skipDepth === -1) skipDepth = depth;
      else if (t.value === "," && skipDepth === depth) skipDepth = -1;
      continue;
    }
    if (t.type !== "id" || skipDepth !== -1 || isMember(tokens, i)) continue;
    if (
      next?.type === "punct" && [":", ".", "?.", "[", "("].includes(next.value)
    ) continue;
    if (isBindable(t.value)) names.push(t.value);
  }
  return names;
}
