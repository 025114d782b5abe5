// The code blocks of docs/*.md and the README run in `deno task test`
// (`deno test --doc` runs every fenced TypeScript block of the Markdown
// files it finds). These tests check what the runner cannot: that the task
// still finds the pages, that every skipped block is explained on its page,
// and that blocks which start a server use port 0 and shut it down.
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import {
  type CodeBlock,
  codeBlocks,
  isIgnored,
  isScript,
  markdownPages,
  ROOT,
} from "./_markdown.ts";

const LISTEN_REGEXP = /\.listen\(|Deno\.serve\(/;

async function scriptBlocks(): Promise<[string, CodeBlock, string][]> {
  const found: [string, CodeBlock, string][] = [];
  for (const page of await markdownPages()) {
    const text = await Deno.readTextFile(page);
    for (const block of codeBlocks(text)) {
      if (isScript(block)) found.push([basename(page), block, text]);
    }
  }
  return found;
}

Deno.test("deno task test runs the code blocks of every Markdown page", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const task: string = config.tasks.test;
  assert.match(task, /^deno test --doc\b/);
  // Paths after the flags would stop the runner from finding docs/*.md.
  const paths = task.split(/\s+/).slice(2).filter((a) => !a.startsWith("-"));
  assert.deepEqual(paths, []);
  const excluded: string[] = config.test?.exclude ?? [];
  for (const pattern of excluded) {
    assert.ok(
      !/^(\.\/)?(docs|README)/.test(pattern),
      `test excludes ${pattern}`,
    );
  }
  const blocks = await scriptBlocks();
  const pages = new Set(
    blocks.filter(([, b]) => !isIgnored(b)).map(([p]) => p),
  );
  for (const page of await markdownPages()) {
    const name = basename(page);
    if (/^\d\d_/.test(name) || name.startsWith("coming_from")) {
      assert.ok(pages.has(name), `${name} has no block that runs`);
    }
  }
});

Deno.test("every block marked ignore is explained just before it", async () => {
  const unexplained: string[] = [];
  for (const [page, block, text] of await scriptBlocks()) {
    if (!isIgnored(block)) continue;
    const before = text.split("\n").slice(
      Math.max(0, block.line - 8),
      block.line - 1,
    )
      .join("\n");
    if (!/marked\s+`ignore`/i.test(before)) {
      unexplained.push(`${page}:${block.line}`);
    }
  }
  assert.deepEqual(unexplained, []);
});

/** Whether line `index` of `lines` sits inside an `if (import.meta.main)`. */
function underMain(lines: string[], index: number): boolean {
  for (let i = index; i >= 0; i--) {
    const line = lines[i]!;
    if (line.includes("if (import.meta.main)")) {
      const indent = (s: string) => s.length - s.trimStart().length;
      return i === index || indent(lines[index]!) > indent(line);
    }
  }
  return false;
}

Deno.test("blocks that start a server use port 0 and shut it down", async () => {
  const problems: string[] = [];
  for (const [page, block] of await scriptBlocks()) {
    if (isIgnored(block)) continue;
    const lines = block.body.split("\n");
    lines.forEach((line, i) => {
      if (!LISTEN_REGEXP.test(line) || underMain(lines, i)) return;
      const where = `${page}:${block.line + 1 + i}`;
      if (!/listen\(0\b|port: 0\b/.test(line)) {
        problems.push(`${where}: listens on a fixed port`);
      }
      if (!/\.shutdown\(\)/.test(block.body)) {
        problems.push(`${where}: never shuts the server down`);
      }
    });
  }
  assert.deepEqual(problems, []);
});
