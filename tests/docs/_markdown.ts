// Small Markdown readers for the documentation tests: fenced code blocks
// and pipe tables, enough for the pages in docs/ (not a general parser).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT: string = join(
  dirname(fileURLToPath(import.meta.url)),
  "../..",
);

/** A fenced code block: its info string, body and first line (1-based). */
export interface CodeBlock {
  info: string;
  body: string;
  line: number;
}

/** The fenced code blocks of a Markdown text, in order. */
export function codeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    // Fences may be indented (a block inside a list item).
    const open = lines[i]!.match(/^(\s*)(`{3,}|~{3,})(.*)$/);
    if (open === null) continue;
    const [indent, fence] = [open[1]!, open[2]!];
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !lines[i]!.trimStart().startsWith(fence)) {
      body.push(lines[i]!.slice(indent.length));
    }
    blocks.push({
      info: open[3]!.trim(),
      body: body.join("\n"),
      line: start + 1,
    });
  }
  return blocks;
}

/** Whether a block is TypeScript or JavaScript that `deno test --doc` runs. */
export function isScript(block: CodeBlock): boolean {
  const lang = block.info.split(/\s+/)[0] ?? "";
  return ["ts", "typescript", "js", "javascript", "tsx", "jsx", "mts"]
    .includes(lang);
}

/** Whether a block carries the `ignore` marker (not run by the tests). */
export function isIgnored(block: CodeBlock): boolean {
  return block.info.split(/\s+/).slice(1).includes("ignore");
}

/** A table row: its cells by header name, and its line (1-based). */
export interface TableRow {
  cells: Record<string, string>;
  line: number;
}

function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/**
 * The rows of every pipe table whose header has all of `columns`, outside
 * code blocks.
 */
export function tableRows(text: string, columns: string[]): TableRow[] {
  const rows: TableRow[] = [];
  const lines = text.split("\n");
  let header: string[] | null = null;
  let inFence = false;
  lines.forEach((line, index) => {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence || !line.trim().startsWith("|")) {
      header = null;
      return;
    }
    const cells = splitRow(line);
    if (header === null) {
      header = columns.every((c) => cells.includes(c)) ? cells : [];
    } else if (header.length > 0 && !/^[\s|:-]+$/.test(line)) {
      const record: Record<string, string> = {};
      header.forEach((name, i) => record[name] = cells[i] ?? "");
      rows.push({ cells: record, line: index + 1 });
    }
  });
  return rows;
}

/** The code spans of a table cell, in order. */
export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** The Markdown pages whose code must run: docs/*.md and the README. */
export async function markdownPages(): Promise<string[]> {
  const pages = [join(ROOT, "README.md")];
  for await (const entry of Deno.readDir(join(ROOT, "docs"))) {
    if (entry.isFile && entry.name.endsWith(".md")) {
      pages.push(join(ROOT, "docs", entry.name));
    }
  }
  return pages.sort();
}
