// Checks the tables of docs/coming_from_tornado.md against the code: every
// name in a "here" cell is exported by the entry point in its "from" cell
// (and a `Class.member` exists on that class), every name the entry points
// export appears in some row, and every setting named exists in
// ApplicationSettings.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  Application,
  HTTPClientError,
  HTTPError,
  HTTPRequest,
  HTTPResponse,
  HTTPServerRequest,
  Locale,
  MissingArgumentError,
  ParseError,
  RequestHandler,
  Template,
} from "../../mod.ts";
import { codeSpans, ROOT, type TableRow, tableRows } from "./_markdown.ts";

const PAGE = join(ROOT, "docs", "coming_from_tornado.md");
const COLUMNS = ["Tornado", "here", "from", "notes"];
const REFERENCE_REGEXP =
  /^([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?(?:\(\))?$/;

interface EntryPoint {
  values: Record<string, unknown>;
  names: Set<string>; // runtime and type-only exports
  sources: string; // the text of the folder's files, for type members
}

/** The names a module's text exports, type-only ones included. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  const clauses = text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from/g);
  for (const clause of clauses) {
    for (const part of clause[1]!.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)
        .at(-1)!;
      if (name !== "") names.add(name);
    }
  }
  const declared = text.matchAll(
    /^export\s+(?:declare\s+)?(?:async\s+)?(?:interface|type|class|function|const)\s+(\w+)/gm,
  );
  for (const declaration of declared) names.add(declaration[1]!);
  return names;
}

async function entryPoints(): Promise<Map<string, EntryPoint>> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const result = new Map<string, EntryPoint>();
  for (const [key, path] of Object.entries<string>(config.exports)) {
    if (key === ".") continue;
    const file = join(ROOT, path);
    const names = exportedNames(await Deno.readTextFile(file));
    const values = await import(file) as Record<string, unknown>;
    for (const name of Object.keys(values)) names.add(name);
    result.set(key.slice(2), {
      values,
      names,
      sources: await folderText(join(file, "..")),
    });
  }
  return result;
}

async function folderText(dir: string): Promise<string> {
  let text = "";
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ts")) {
      text += await Deno.readTextFile(join(dir, entry.name));
    }
  }
  return text;
}

/** Instances for classes whose members are set in the constructor. */
async function instanceOf(name: string): Promise<object | undefined> {
  switch (name) {
    case "RequestHandler":
      return await capturedHandler();
    case "HTTPServerRequest":
      return new HTTPServerRequest(new Request("http://localhost/"));
    case "Application":
      return new Application([]);
    case "Locale":
      return Locale.get("en_US");
    case "Template":
      return new Template("");
    case "HTTPRequest":
      return new HTTPRequest("http://localhost/");
    case "HTTPResponse":
      return new HTTPResponse(new HTTPRequest("http://localhost/"), 200);
    case "HTTPClientError":
      return new HTTPClientError(599);
    case "HTTPError":
      return new HTTPError(404);
    case "MissingArgumentError":
      return new MissingArgumentError("x");
    case "ParseError":
      return new ParseError("x", "t.html", 1);
  }
  return undefined;
}

async function capturedHandler(): Promise<RequestHandler> {
  let captured: RequestHandler | undefined;
  class Capture extends RequestHandler {
    override get(): void {
      captured = this;
    }
  }
  const app = new Application([["/", Capture]], { logFunction: () => {} });
  await (await app.fetch(new Request("http://localhost/"))).text();
  return captured!;
}

/** A handler made from a mixin, fields included. */
function mixedInstance(mixin: unknown): object {
  type Handler = new (app: Application, request: HTTPServerRequest) => object;
  const Mixed = (mixin as (base: typeof RequestHandler) => Handler)(
    RequestHandler,
  );
  return new Mixed(
    new Application([]),
    new HTTPServerRequest(new Request("http://localhost/")),
  );
}

async function hasMember(
  entry: EntryPoint,
  name: string,
  member: string,
): Promise<boolean> {
  const value = entry.values[name];
  if (value === undefined) {
    return new RegExp(`\\b${member}\\b`).test(entry.sources); // a type
  }
  if (typeof value !== "function") return member in (value as object);
  if (name.endsWith("Mixin")) return member in mixedInstance(value);
  const target = value as { prototype?: object };
  if (target.prototype && member in target.prototype) return true;
  if (member in target) return true;
  const instance = await instanceOf(name);
  return instance !== undefined && member in instance;
}

async function problemsOf(
  row: TableRow,
  entries: Map<string, EntryPoint>,
): Promise<string[]> {
  const where = `line ${row.line}`;
  const here = row.cells["here"]!;
  const spans = codeSpans(here);
  if (/^not provided/i.test(here)) {
    return row.cells["notes"] ? [] : [`${where}: "not provided" needs notes`];
  }
  const from = row.cells["from"]!.replaceAll("`", "");
  const entry = entries.get(from);
  if (entry === undefined) return [`${where}: unknown entry point "${from}"`];
  if (spans.length === 0) return [`${where}: no name in "here"`];
  const problems: string[] = [];
  for (const span of spans) {
    const match = span.match(REFERENCE_REGEXP);
    if (match === null) {
      problems.push(`${where}: "${span}" is not a name`);
    } else if (!entry.names.has(match[1]!)) {
      problems.push(`${where}: "${match[1]}" is not exported from ${from}`);
    } else if (
      match[2] !== undefined && !await hasMember(entry, match[1]!, match[2])
    ) {
      problems.push(`${where}: "${match[1]}" has no member "${match[2]}"`);
    }
  }
  return problems;
}

Deno.test("docs/coming_from_tornado.md names only what the entry points export", async () => {
  const rows = tableRows(await Deno.readTextFile(PAGE), COLUMNS);
  assert.ok(rows.length > 100, `only ${rows.length} rows found`);
  const entries = await entryPoints();
  const problems: string[] = [];
  for (const row of rows) problems.push(...await problemsOf(row, entries));
  assert.deepEqual(problems, []);
});

Deno.test("docs/coming_from_tornado.md has a row for every export", async () => {
  const rows = tableRows(await Deno.readTextFile(PAGE), COLUMNS);
  const listed = new Set<string>();
  for (const row of rows) {
    const from = row.cells["from"]!.replaceAll("`", "");
    for (const span of codeSpans(row.cells["here"]!)) {
      listed.add(`${from}:${span.match(REFERENCE_REGEXP)?.[1]}`);
    }
  }
  const missing: string[] = [];
  for (const [from, entry] of await entryPoints()) {
    for (const name of entry.names) {
      if (!listed.has(`${from}:${name}`)) missing.push(`${from}: ${name}`);
    }
  }
  assert.deepEqual(missing, [], "add these to docs/coming_from_tornado.md");
});

Deno.test("docs/coming_from_tornado.md names only existing settings", async () => {
  const text = await Deno.readTextFile(PAGE);
  const settings = await Deno.readTextFile(join(ROOT, "web", "settings.ts"));
  const rows = tableRows(text, ["Tornado setting", "setting here"]);
  assert.ok(rows.length > 20, `only ${rows.length} settings found`);
  const unknown = rows.flatMap((row) =>
    codeSpans(row.cells["setting here"]!).filter((name) =>
      !new RegExp(`^  ${name}\\?:`, "m").test(settings)
    )
  );
  assert.deepEqual(unknown, []);
});
