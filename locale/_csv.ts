// RFC 4180 CSV reader for translation files, lenient like Python's csv
// module in its default dialect, but reporting each malformed row.

/** One CSV record with the line it starts on. */
export interface CsvRow {
  fields: string[];
  /** 1-based line of the record's first character. */
  line: number;
  /** Why the record is malformed, if it is (its fields are still given). */
  problem?: string;
}

/**
 * Splits CSV text into records. Line ends are normalized first (as Python
 * reads text files), so a quoted field holds "\n" for any line break. Runs
 * in linear time.
 */
export function parseCsv(input: string): CsvRow[] {
  const text = input.includes("\r") ? input.replace(/\r\n?/g, "\n") : input;
  const rows: CsvRow[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const row: CsvRow = { fields: [], line };
    if (text[i] === "\n") { // an empty line is an empty record
      rows.push(row);
      i++;
      line++;
      continue;
    }
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          const chunk = text.slice(i, close === -1 ? text.length : close);
          field += chunk;
          line += countNewlines(chunk);
          if (close === -1) {
            row.problem ??= `unterminated quoted field from line ${quoteLine}`;
            i = text.length;
            break;
          }
          if (text[close + 1] === '"') {
            field += '"';
            i = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        // Text between a closing quote and the next comma is kept, as
        // Python's csv does, but the row is reported.
        const end = findFieldEnd(text, i);
        if (end > i) {
          row.problem ??= `text after a closing quote: "${text.slice(i, end)}"`;
          field += text.slice(i, end);
          i = end;
        }
      } else {
        const end = findFieldEnd(text, i);
        field = text.slice(i, end);
        i = end;
      }
      row.fields.push(field);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "\n") {
        i++;
        line++;
      }
      break;
    }
    rows.push(row);
  }
  return rows;
}

function findFieldEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 44 || c === 10) return j; // "," or "\n"
  }
  return text.length;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let j = text.indexOf("\n"); j !== -1; j = text.indexOf("\n", j + 1)) {
    count++;
  }
  return count;
}
