// Evaluator for gettext `Plural-Forms: ... plural=EXPR;` expressions: a
// tokenizer and a precedence-climbing parser of the C subset gettext uses
// (n, integers, !, * / %, + -, < > <= >=, == !=, &&, ||, ?:, parentheses),
// compiled to closures. No eval.

/** Longest expression accepted (Python's gettext has the same limit). */
export const MAX_PLURAL_FORMS_LENGTH = 1000;
/** Deepest nesting of parentheses, operators and conditionals accepted. */
export const MAX_PLURAL_FORMS_DEPTH = 50;

/** A compiled plural rule: count -> index of the plural form. */
export type PluralRule = (n: number) => number;

const TOKEN_REGEXP =
  /\s*(?:(\d+)(?![\w])|(n)(?![\w])|(&&|\|\||[=!<>]=|[-+*/%<>!?:()])|(\S))/y;

type Evaluate = (n: number) => number;

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 4,
  ">": 4,
  "<=": 4,
  ">=": 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
  "%": 6,
};

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN_REGEXP.lastIndex = 0;
  while (TOKEN_REGEXP.lastIndex < source.length) {
    const start = TOKEN_REGEXP.lastIndex;
    const match = TOKEN_REGEXP.exec(source);
    if (match === null) {
      if (source.slice(start).trim() === "") break;
      throw new SyntaxError(`Invalid token in plural form "${source}"`);
    }
    if (match[4] !== undefined) {
      throw new SyntaxError(
        `Invalid token "${match[4]}" in plural form "${source}"`,
      );
    }
    tokens.push(match[1] ?? match[2] ?? match[3] as string);
  }
  return tokens;
}

function divide(a: number, b: number, op: string): number {
  if (b === 0) {
    throw new RangeError(`Cannot evaluate plural form: "${op}" by zero`);
  }
  return op === "/" ? Math.trunc(a / b) : a % b;
}

function binary(op: string, left: Evaluate, right: Evaluate): Evaluate {
  switch (op) {
    case "||":
      return (n) => (left(n) !== 0 || right(n) !== 0 ? 1 : 0);
    case "&&":
      return (n) => (left(n) !== 0 && right(n) !== 0 ? 1 : 0);
    case "==":
      return (n) => (left(n) === right(n) ? 1 : 0);
    case "!=":
      return (n) => (left(n) !== right(n) ? 1 : 0);
    case "<":
      return (n) => (left(n) < right(n) ? 1 : 0);
    case ">":
      return (n) => (left(n) > right(n) ? 1 : 0);
    case "<=":
      return (n) => (left(n) <= right(n) ? 1 : 0);
    case ">=":
      return (n) => (left(n) >= right(n) ? 1 : 0);
    case "+":
      return (n) => left(n) + right(n);
    case "-":
      return (n) => left(n) - right(n);
    case "*":
      return (n) => left(n) * right(n);
    default: // "/" and "%"
      return (n) => divide(left(n), right(n), op);
  }
}

class Parser {
  #tokens: string[];
  #pos = 0;
  #depth = 0;
  #source: string;

  constructor(source: string) {
    this.#source = source;
    this.#tokens = tokenize(source);
  }

  parse(): Evaluate {
    const result = this.#conditional();
    if (this.#pos < this.#tokens.length) this.#fail();
    return result;
  }

  #fail(): never {
    const token = this.#tokens[this.#pos];
    throw new SyntaxError(
      token === undefined
        ? `Unexpected end of plural form "${this.#source}"`
        : `Unexpected token "${token}" in plural form "${this.#source}"`,
    );
  }

  #enter(): void {
    if (++this.#depth > MAX_PLURAL_FORMS_DEPTH) {
      throw new SyntaxError(
        `Cannot parse plural form "${this.#source}": nested deeper than ${MAX_PLURAL_FORMS_DEPTH}`,
      );
    }
  }

  // conditional := binary(1) [ "?" conditional ":" conditional ]
  #conditional(): Evaluate {
    this.#enter();
    const test = this.#binary(1);
    let result = test;
    if (this.#tokens[this.#pos] === "?") {
      this.#pos++;
      const ifTrue = this.#conditional();
      if (this.#tokens[this.#pos] !== ":") this.#fail();
      this.#pos++;
      const ifFalse = this.#conditional();
      result = (n) => (test(n) !== 0 ? ifTrue(n) : ifFalse(n));
    }
    this.#depth--;
    return result;
  }

  // Left-associative binary operators at `minPrecedence` or tighter.
  #binary(minPrecedence: number): Evaluate {
    let left = this.#unary();
    for (;;) {
      const op = this.#tokens[this.#pos];
      const precedence = op === undefined ? undefined : BINARY_PRECEDENCE[op];
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.#pos++;
      this.#enter();
      const right = this.#binary(precedence + 1);
      this.#depth--;
      left = binary(op as string, left, right);
    }
  }

  #unary(): Evaluate {
    const token = this.#tokens[this.#pos++];
    if (token === "!") {
      this.#enter();
      const operand = this.#unary();
      this.#depth--;
      return (n) => (operand(n) === 0 ? 1 : 0);
    }
    if (token === "(") {
      const inner = this.#conditional();
      if (this.#tokens[this.#pos] !== ")") this.#fail();
      this.#pos++;
      return inner;
    }
    if (token === "n") return (n) => n;
    if (token !== undefined && /^\d+$/.test(token)) {
      const value = Number(token);
      return () => value;
    }
    this.#pos--;
    return this.#fail();
  }
}

/**
 * Compiles the `plural=` expression of a `Plural-Forms` header.
 *
 * @throws {SyntaxError} If the expression is malformed, too long or too deep.
 */
export function compilePluralForms(source: string): PluralRule {
  if (source.length > MAX_PLURAL_FORMS_LENGTH) {
    throw new SyntaxError(
      `Cannot parse plural form: longer than ${MAX_PLURAL_FORMS_LENGTH} characters`,
    );
  }
  const evaluate = new Parser(source).parse();
  return (n: number): number => evaluate(n);
}
