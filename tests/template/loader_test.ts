import assert from "node:assert/strict";
import {
  BaseLoader,
  DictLoader,
  Loader,
  ParseError,
  Template,
} from "../../template/mod.ts";

Deno.test("Loader.load() reads templates under its root, relative to the including one", () => {
  const root = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${root}/admin`);
    Deno.writeTextFileSync(
      `${root}/base.html`,
      "<main>{% block body %}{% end %}</main>",
    );
    Deno.writeTextFileSync(
      `${root}/admin/page.html`,
      '{% extends "../base.html" %}{% block body %}{% include "nav.html" %}{{ x }}{% end %}',
    );
    Deno.writeTextFileSync(`${root}/admin/nav.html`, "<nav/>");
    const loader = new Loader(root);
    assert.equal(
      loader.load("admin/page.html").generate({ x: 1 }),
      "<main><nav/>1</main>",
    );
    assert.equal(
      loader.load("nav.html", "admin/page.html"),
      loader.load("admin/nav.html"),
    );
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("Loader.load() refuses names that leave its root", () => {
  const loader = new Loader("/tmp/nowhere");
  for (
    const name of [
      "../x.html",
      "a/../../x.html",
      "/etc/passwd",
      "..",
      "a\\..\\..\\x",
    ]
  ) {
    assert.throws(() => loader.load(name), TypeError, name);
  }
  assert.throws(() => loader.load("../../x.html", "a/b.html"), TypeError);
  assert.throws(() => new DictLoader({}).load("../x"), TypeError);
});

Deno.test("Loader.load() compiles once and caches until reset()", () => {
  const root = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${root}/a.txt`, "one");
    const loader = new Loader(root);
    const first = loader.load("a.txt");
    assert.equal(loader.load("./a.txt"), first);
    Deno.writeTextFileSync(`${root}/a.txt`, "two");
    assert.equal(loader.load("a.txt").generate(), "one");
    loader.reset();
    assert.equal(loader.load("a.txt").generate(), "two");
    assert.throws(() => loader.load("missing.txt"), Deno.errors.NotFound);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("DictLoader passes autoescape, namespace and whitespace to its templates", () => {
  const loader = new DictLoader({ "a.html": "{{ x }}  \n\n {{ greet }}" }, {
    autoescape: null,
    namespace: { greet: "hi" },
    whitespace: "oneline",
  });
  const t = loader.load("a.html");
  assert.equal(t.autoescape, null);
  assert.equal(t.loader, loader);
  assert.equal(t.generate({ x: "<" }), "< hi");
});

Deno.test("BaseLoader subclasses implement createTemplate()", () => {
  class Upper extends BaseLoader {
    names: string[] = [];
    override createTemplate(name: string): Template {
      this.names.push(name);
      if (name === "bad.txt") {
        return new Template("{% if %}", { name, loader: this });
      }
      return new Template(`{{ "${name}".toUpperCase() }}`, {
        name,
        loader: this,
      });
    }
  }
  const loader = new Upper();
  assert.equal(loader.load("d/a.txt").generate(), "D/A.TXT");
  loader.load("d/a.txt");
  assert.deepEqual(loader.names, ["d/a.txt"]);
  assert.throws(() => loader.load("bad.txt"), ParseError);
});

Deno.test("DictLoader.load() reports templates that extend each other", () => {
  const loader = new DictLoader({
    "a.html": '{% extends "b.html" %}',
    "b.html": '{% extends "a.html" %}',
  });
  assert.throws(() => loader.load("a.html"), /includes or extends itself/);
});
