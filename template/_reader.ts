// A cursor over template source: find, consume, line counting.
import { ParseError } from "./errors.ts";
import type { WhitespaceMode } from "./whitespace.ts";

export class Reader {
  readonly name: string;
  readonly text: string;
  whitespace: WhitespaceMode;
  line = 1;
  pos = 0;

  constructor(name: string, text: string, whitespace: WhitespaceMode) {
    this.name = name;
    this.text = text;
    this.whitespace = whitespace;
  }

  /** Index of `needle` relative to the cursor, searching from `start`; -1 if absent. */
  find(needle: string, start = 0): number {
    const index = this.text.indexOf(needle, this.pos + start);
    return index === -1 ? -1 : index - this.pos;
  }

  /** Consumes `count` characters (all that remain by default). */
  consume(count: number = this.text.length - this.pos): string {
    const end = this.pos + count;
    for (
      let i = this.text.indexOf("\n", this.pos);
      i !== -1 && i < end;
      i = this.text.indexOf("\n", i + 1)
    ) {
      this.line++;
    }
    const s = this.text.slice(this.pos, end);
    this.pos = end;
    return s;
  }

  remaining(): number {
    return this.text.length - this.pos;
  }

  /** The character `offset` places after the cursor. */
  at(offset: number): string {
    return this.text.charAt(this.pos + offset);
  }

  error(message: string, line: number = this.line): never {
    throw new ParseError(message, this.name, line);
  }
}
