// Precompiled templates render in a process where code generation from
// strings is forbidden (--disallow-code-generation-from-strings).
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DictLoader, Loader } from "../../template/mod.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(REPO, "tests/testdata/template/precompile");

async function deno(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: out.code,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
  };
}

const NAMESPACE = {
  title: "A & B",
  items: [{ name: "x<" }, { name: "y" }],
  x: "<i>",
};

function script(moduleUrl: string): string {
  return `
import { precompiled } from ${JSON.stringify(moduleUrl)};
import { Loader, Template } from ${
    JSON.stringify(new URL("../../template/mod.ts", import.meta.url).href)
  };
const loader = new Loader("/nonexistent", { precompiled });
const ns = ${JSON.stringify(NAMESPACE)};
const result = {
  page: loader.load("page.html").generate(ns),
  raw: loader.load("raw.txt").generate({ ...ns, _tt_modules: { Box: (v) => "[" + v + "]" } }),
};
try { loader.load("page.html").generate({ ...ns, items: [{}] }); } catch (e) { result.error = e.message; }
try { new Template("{{ 1 }}"); } catch (e) { result.evalError = e.constructor.name; }
console.log(JSON.stringify(result));
`;
}

Deno.test("precompile.ts writes templates that render without new Function", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "templates_precompiled.ts");
    const made = await deno([
      "run",
      "--allow-read",
      "--allow-write",
      "template/precompile.ts",
      FIXTURES,
      out,
    ]);
    assert.equal(made.code, 0, made.stderr);
    const main = join(dir, "main.js");
    await Deno.writeTextFile(main, script(pathToFileURL(out).href));
    const run = await deno([
      "run",
      "--allow-read",
      "--v8-flags=--disallow-code-generation-from-strings",
      main,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    // The same output as compiling from source in this process.
    const loader = new Loader(FIXTURES);
    assert.equal(result.page, loader.load("page.html").generate(NAMESPACE));
    assert.equal(
      result.page,
      "<html><title>A &amp; B</title>\n<body>\n<ul>\n\n<li>X&lt;</li>\n\n\n<li>Y</li>\n\n\n</ul></body></html>\n",
    );
    assert.equal(result.raw, "<i>|[<i>]|2");
    assert.equal(
      result.error,
      "Cannot read properties of undefined (reading 'toUpperCase') at parts/item.html:1 (via page.html:6, base.html:2)",
    );
    // The flag is in force: compiling from source fails in that process.
    assert.equal(result.evalError, "EvalError");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("precompile.ts --if-exists skips a missing directory", async () => {
  const run = await deno([
    "run",
    "--allow-read",
    "--allow-write",
    "template/precompile.ts",
    "--if-exists",
    "no/such/dir",
    "out.ts",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /nothing to precompile/);
  const bad = await deno([
    "run",
    "--allow-read",
    "--allow-write",
    "template/precompile.ts",
    "no/such/dir",
  ]);
  assert.equal(bad.code, 2);
});

Deno.test("precompile.ts reports a malformed template", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "bad.html"), "\n{% if x %}");
    const run = await deno([
      "run",
      "--allow-read",
      "--allow-write",
      "template/precompile.ts",
      dir,
      join(dir, "out.ts"),
    ]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Missing \{% end %\} block for "if" at bad\.html:2/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Loader with precompiled templates compiles names it lacks", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "a.html"), "A{{ x }}");
    const out = join(dir, "pre.ts");
    const made = await deno([
      "run",
      "--allow-read",
      "--allow-write",
      "template/precompile.ts",
      dir,
      out,
    ]);
    assert.equal(made.code, 0, made.stderr);
    const { precompiled } = await import(pathToFileURL(out).href);
    await Deno.writeTextFile(join(dir, "b.html"), '{% include "a.html" %}B');
    const loader = new Loader(dir, { precompiled });
    assert.equal(loader.load("a.html").generate({ x: 1 }), "A1");
    assert.match(loader.load("a.html").code, /_tt_e0\(x\)/);
    assert.equal(loader.load("b.html").generate({ x: 2 }), "A2B");
    assert.equal(
      new DictLoader({}, { precompiled }).load("a.html").generate({ x: 3 }),
      "A3",
    );
    // A missing name throws a ReferenceError naming the template line.
    assert.throws(
      () => loader.load("a.html").generate(),
      (e: unknown) =>
        e instanceof ReferenceError &&
        e.message === "x is not defined at a.html:1",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("precompile.ts passes --autoescape and --whitespace to the templates", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "a.html"), "<p>  {{ x }}\n\n  </p>");
    const out = join(dir, "pre.ts");
    const made = await deno([
      "run",
      "--allow-read",
      "--allow-write",
      "template/precompile.ts",
      "--autoescape=null",
      "--whitespace=oneline",
      dir,
      out,
    ]);
    assert.equal(made.code, 0, made.stderr);
    const { precompiled } = await import(pathToFileURL(out).href);
    const t = new Loader(dir, { precompiled }).load("a.html");
    assert.equal(t.autoescape, null);
    assert.equal(t.generate({ x: "<b>" }), "<p> <b> </p>");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("precompile is an entry point and `deno task precompile` compiles the demo's templates", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
  assert.equal(
    config.exports["./template/precompile"],
    "./template/precompile.ts",
  );
  const entry = await import("../../template/precompile.ts");
  assert.deepEqual(Object.keys(entry), ["precompileDirectory"]);
  // The task's own command, with the output sent to a temporary file.
  const args: string[] = config.tasks.precompile.split(" ");
  assert.deepEqual(args.slice(0, 2), ["deno", "run"]);
  assert.ok(!args.includes("--if-exists"), "the task must not be a no-op");
  const folder = args.at(-2)!;
  const names = [...Deno.readDirSync(join(REPO, folder))]
    .filter((e) => e.isFile).map((e) => e.name).sort();
  assert.ok(names.length >= 3, `${folder} holds real templates`);
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "templates_precompiled.ts");
    const made = await deno([...args.slice(1, -1), out]);
    assert.equal(made.code, 0, made.stderr);
    const { precompiled } = await import(pathToFileURL(out).href);
    assert.deepEqual(Object.keys(precompiled.templates).sort(), names);
    const written = await Deno.readTextFile(out);
    const loader = new Loader(join(REPO, folder));
    for (const name of names) {
      assert.equal(typeof precompiled.templates[name].render, "function");
      // Each entry holds the very code the loader compiles from source.
      const code = loader.load(name).code.split("\n//# sourceURL=")[0]!;
      assert.ok(written.includes(code), name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
