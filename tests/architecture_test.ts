// Checks the dependency direction between folders (STYLE.md, section 4):
// every relative import in a source folder points only where it may, no
// folder holds a cycle of value imports, every folder with code is in the
// table, and bare import-map specifiers appear only where listed.
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

const ALLOWED: Record<string, string[]> = {
  escape: [],
  _internal: [],
  options: ["_internal"],
  locale: ["escape", "_internal"],
  template: ["escape", "_internal"],
  httpclient: ["escape", "_internal"],
  web: ["template", "locale", "escape", "_internal"],
  websocket: ["web", "escape", "_internal"],
  auth: ["web", "httpclient", "escape", "_internal"],
  testing: ["web", "_internal"],
  redis: ["web", "_internal"],
  kv: ["web", "_internal"],
  init: [],
};

// Folders with code that is not part of the library (checked elsewhere or
// free to import the package by its own name).
const NOT_LIBRARY: readonly string[] = ["tests", "examples", "bench", "docs"];

// Bare specifiers resolved through deno.json "imports": only these folders
// may use them, and only these names.
const BARE_SPECIFIERS: Record<string, string[]> = {
  redis: ["redis"],
  // The scaffold's file templates (strings) import the package by name.
  init: ["@tornado-deno/tornado"],
};

// Friend imports (STYLE.md rule 9): a file may reach one named file past
// another folder's mod.ts, for a friend function that mod.ts cannot export.
const FRIENDS: Record<string, string[]> = {
  "websocket/websocket_handler.ts": ["web/request_handler.ts"],
};

const IMPORT_REGEXP =
  /(import|export)(\s+type\b)?([^'"]*?)from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** One import of a source file. */
interface Import {
  specifier: string;
  /** `false` for `import type` and imports of types only. */
  value: boolean;
}

/** The imports of a source text, leaving out those in comments. */
function importsOf(text: string): Import[] {
  const code = text.split("\n").filter((line) => {
    const start = line.trimStart();
    return !start.startsWith("*") && !start.startsWith("/*") &&
      !start.startsWith("//");
  }).join("\n");
  const imports: Import[] = [];
  for (const match of code.matchAll(IMPORT_REGEXP)) {
    if (match[5] !== undefined) {
      imports.push({ specifier: match[5], value: true });
      continue;
    }
    imports.push({
      specifier: match[4]!,
      value: match[2] === undefined && hasValueName(match[3]!),
    });
  }
  return imports;
}

/** Whether an import clause names anything that is not `type X`. */
function hasValueName(clause: string): boolean {
  const braces = clause.match(/\{([^}]*)\}/);
  const outside = clause.replace(/\{[^}]*\}/, "").replace(/[\s,]/g, "");
  if (outside !== "" || braces === null) return true; // default or * as
  return braces[1]!.split(",").map((name) => name.trim())
    .some((name) => name !== "" && !name.startsWith("type "));
}

/** The cycles of a graph, each as a path that returns to its start. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at !== -1) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node, []);
  return cycles;
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Every source file of a folder with its imports, by path from ROOT. */
async function folderImports(folder: string): Promise<Map<string, Import[]>> {
  const files = new Map<string, Import[]>();
  for await (const file of sourceFiles(join(ROOT, folder))) {
    files.set(relative(ROOT, file), importsOf(await Deno.readTextFile(file)));
  }
  return files;
}

function checkSpecifier(
  folder: string,
  file: string,
  specifier: string,
): string | null {
  if (specifier.startsWith("jsr:") || specifier.startsWith("http")) {
    return `${file}: remote import "${specifier}"`;
  }
  if (specifier.startsWith("node:")) return null;
  if (!specifier.startsWith(".")) {
    if ((BARE_SPECIFIERS[folder] ?? []).includes(specifier)) return null;
    return `${file}: bare specifier "${specifier}" not allowed in ${folder}/`;
  }
  const target = relative(ROOT, join(ROOT, dirname(file), specifier));
  const top = target.split(/[\\/]/)[0] ?? "";
  if (top === folder) return null;
  if (!ALLOWED[folder]!.includes(top)) return `${file}: imports "${specifier}"`;
  if (
    top !== "_internal" && !target.endsWith("mod.ts") &&
    !(FRIENDS[file] ?? []).includes(target)
  ) {
    return `${file}: imports "${specifier}" past its mod.ts`;
  }
  return null;
}

/** The value-import graph between the files of one folder. */
function valueGraph(
  folder: string,
  files: ReadonlyMap<string, Import[]>,
): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, imports] of files) {
    const targets = imports
      .filter((i) => i.value && i.specifier.startsWith("."))
      .map((i) => relative(ROOT, join(ROOT, dirname(file), i.specifier)))
      .filter((target) => target.startsWith(folder + "/"));
    graph.set(file, targets);
  }
  return graph;
}

for (const [folder, allowed] of Object.entries(ALLOWED)) {
  Deno.test(`${folder}/ imports only from ${allowed.join(", ") || "itself"}`, async () => {
    const files = await folderImports(folder);
    const problems: string[] = [];
    for (const [file, imports] of files) {
      for (const { specifier } of imports) {
        const problem = checkSpecifier(folder, file, specifier);
        if (problem !== null) problems.push(problem);
      }
    }
    assert.deepEqual(problems, []);
  });

  Deno.test(`${folder}/ has no cycle of value imports`, async () => {
    const cycles = findCycles(valueGraph(folder, await folderImports(folder)));
    assert.deepEqual(cycles.map((cycle) => cycle.join(" -> ")), []);
  });
}

Deno.test("every folder with code is in the dependency table", async () => {
  const unknown: string[] = [];
  for await (const entry of Deno.readDir(ROOT)) {
    if (!entry.isDirectory || entry.name.startsWith(".")) continue;
    if (entry.name in ALLOWED || NOT_LIBRARY.includes(entry.name)) continue;
    for await (const _ of sourceFiles(join(ROOT, entry.name))) {
      unknown.push(entry.name);
      break;
    }
  }
  assert.deepEqual(unknown, []);
});

Deno.test("the architecture checks see type-only imports, cycles and bare specifiers", () => {
  assert.deepEqual(
    importsOf([
      'import type { A } from "./a.ts";',
      'import { type B, c } from "./b.ts";',
      'import { type D } from "./d.ts";',
      'export * from "./e.ts";',
      ' * import { F } from "./f.ts";',
    ].join("\n")),
    [
      { specifier: "./a.ts", value: false },
      { specifier: "./b.ts", value: true },
      { specifier: "./d.ts", value: false },
      { specifier: "./e.ts", value: true },
    ],
  );
  const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], [
    "d",
    ["a"],
  ]]);
  assert.deepEqual(findCycles(graph), [["a", "b", "c", "a"]]);
  assert.deepEqual(findCycles(new Map([["a", ["b"]], ["b", []]])), []);
  assert.equal(
    checkSpecifier("web", "web/x.ts", "redis"),
    'web/x.ts: bare specifier "redis" not allowed in web/',
  );
  assert.equal(checkSpecifier("redis", "redis/x.ts", "redis"), null);
  assert.equal(
    checkSpecifier("web", "web/x.ts", "npm:redis@6.3.1"),
    'web/x.ts: bare specifier "npm:redis@6.3.1" not allowed in web/',
  );
});
