import assert from "node:assert/strict";
import { DictLoader, Template } from "../../template/mod.ts";

function render(
  source: string,
  namespace: Record<string, unknown> = {},
): string {
  return new Template(source).generate(namespace);
}

Deno.test("Template.generate() escapes {{ }} output with xhtmlEscape", () => {
  assert.equal(
    render("{{ x }}", { x: `<a href="'&'">` }),
    "&lt;a href=&quot;&#39;&amp;&#39;&quot;&gt;",
  );
});

Deno.test("Template.generate() writes null and undefined as an empty string", () => {
  assert.equal(
    render("[{{ a }}|{{ b }}|{% raw a %}|{% raw b %}]", {
      a: null,
      b: undefined,
    }),
    "[|||]",
  );
  assert.equal(render("{{ n }} {{ f }}", { n: 0, f: false }), "0 false");
});

Deno.test("Template.generate() leaves {% raw %} output unescaped", () => {
  assert.equal(render("{% raw x %}", { x: "<b>" }), "<b>");
});

Deno.test("Template.generate() reads globals such as Math and JSON", () => {
  assert.equal(
    render(
      "{{ Math.max(1, 3) }} {{ JSON.stringify([1]) }} {{ Object.keys(o).length }}",
      { o: { a: 1 } },
    ),
    "3 [1] 1",
  );
});

Deno.test("Template.generate() throws ReferenceError for a name not in the namespace", () => {
  const t = new Template("a\n{{ nope }}", { name: "n.txt" });
  assert.throws(
    () => t.generate(),
    (e: unknown) =>
      e instanceof ReferenceError &&
      e.message === "nope is not defined at n.txt:2",
  );
  // The same template works once the name is given.
  assert.equal(t.generate({ nope: 1 }), "a\n1");
  // A missing name in a branch not taken is fine.
  assert.equal(render("{% if a %}{{ b }}{% end %}ok", { a: false }), "ok");
});

Deno.test("Template.generate() prefers the namespace over globals and loader namespace", () => {
  const loader = new DictLoader({ "a.txt": "{{ Math }} {{ who }}" }, {
    namespace: { who: "loader" },
  });
  assert.equal(loader.load("a.txt").generate({ Math: "mine" }), "mine loader");
  assert.equal(
    loader.load("a.txt").generate({ Math: "m", who: "call" }),
    "m call",
  );
});

Deno.test("Template.generate() handles comments and literal braces", () => {
  assert.equal(
    render("a{# x #}b{% comment y %}c{{! d }}{%! e %}"),
    "abc{{ d }}{% e %}",
  );
});

Deno.test("Template.generate() runs if, elif and else", () => {
  const t = new Template(
    "{% if x > 1 %}big{% elif x === 1 %}one{% else %}small{% end %}",
  );
  assert.deepEqual([2, 1, 0].map((x) => t.generate({ x })), [
    "big",
    "one",
    "small",
  ]);
});

Deno.test("Template.generate() iterates values of any iterable, with destructuring", () => {
  assert.equal(
    render("{% for x in s %}{{ x }}{% end %}", { s: new Set([1, 2]) }),
    "12",
  );
  assert.equal(
    render("{% for [k, v] in Object.entries(o) %}{{ k }}={{ v }};{% end %}", {
      o: { a: 1, b: 2 },
    }),
    "a=1;b=2;",
  );
  assert.equal(
    render("{% for { n } of list %}{{ n }}{% end %}", {
      list: [{ n: 1 }, { n: 2 }],
    }),
    "12",
  );
});

Deno.test("Template.generate() runs for-else unless the loop breaks", () => {
  const t = new Template(
    "{% for x in xs %}{{ x }}{% if x === 2 %}{% break %}{% end %}{% else %}E{% end %}",
  );
  assert.equal(t.generate({ xs: [1, 3] }), "13E");
  assert.equal(t.generate({ xs: [1, 2, 3] }), "12");
  assert.equal(t.generate({ xs: [] }), "E");
});

Deno.test("Template.generate() runs while with break and continue", () => {
  assert.equal(
    render(
      "{% set i = 0 %}{% while true %}{% set i++ %}{% if i === 2 %}{% continue %}{% end %}{% if i > 4 %}{% break %}{% end %}{{ i }}{% end %}",
    ),
    "134",
  );
  assert.equal(
    render(
      "{% set i = 0 %}{% while i < 2 %}{% set i += 1 %}{% else %}done{{ i }}{% end %}",
    ),
    "done2",
  );
});

Deno.test("Template.generate() runs try, except, else and finally", () => {
  assert.equal(
    render("{% try %}a{{ f() }}{% except %}b{% end %}", {
      f: () => {
        throw new Error("x");
      },
    }),
    "ab",
  );
  assert.equal(
    render("{% try %}{{ f() }}{% except e %}{{ e.message }}{% end %}", {
      f: () => {
        throw new Error("boom");
      },
    }),
    "boom",
  );
  assert.equal(
    render("{% try %}a{% except %}b{% else %}c{% finally %}d{% end %}"),
    "acd",
  );
  assert.equal(
    render(
      "{% try %}{{ f() }}{% except %}b{% else %}c{% finally %}d{% end %}",
      {
        f: () => {
          throw 1;
        },
      },
    ),
    "bd",
  );
  assert.throws(
    () =>
      render("{% try %}{{ f() }}{% finally %}d{% end %}", {
        f: () => {
          throw new RangeError("r");
        },
      }),
    RangeError,
  );
});

Deno.test("Template.generate() keeps {% set %} variables for the whole template", () => {
  assert.equal(
    render("{% set x = 1 %}{% if true %}{% set x = 2 %}{% end %}{{ x }}"),
    "2",
  );
  assert.equal(
    render(
      "{% set [a, b] = [1, 2] %}{% set { c } = { c: 3 } %}{{ a + b + c }}",
    ),
    "6",
  );
  assert.equal(render("{% set x = x + 1 %}{{ x }}", { x: 1 }), "2");
  assert.equal(render("{% set o.a = 5 %}{{ o.a }}", { o: {} }), "5");
});

Deno.test("Template.generate() applies a function to a block's output", () => {
  assert.equal(
    render("{% apply up %}a{{ x }}{% end %}!", {
      up: (s: string) => s.toUpperCase(),
      x: "<b>",
    }),
    "A&LT;B&GT;!",
  );
  // An error inside an apply block does not lose earlier output.
  assert.equal(
    render(
      "x{% try %}{% apply up %}a{{ f() }}{% end %}{% except %}!{% end %}",
      {
        up: String,
        f: () => {
          throw 1;
        },
      },
    ),
    "x!",
  );
});

Deno.test("Template.generate() calls modules from the _tt_modules entry, unescaped", () => {
  const _tt_modules = { Entry: (e: { title: string }) => `<p>${e.title}</p>` };
  assert.equal(
    render("{% module Entry(e) %}", { _tt_modules, e: { title: "T" } }),
    "<p>T</p>",
  );
  assert.throws(
    () => render("{% module Entry(1) %}"),
    /Cannot call module "Entry"/,
  );
});

Deno.test("Template.generate() lets a module template call setResources", () => {
  const resources: unknown[] = [];
  const setResources = (r: unknown) => {
    resources.push(r);
    return "";
  };
  assert.equal(
    render('{{ setResources({ embeddedCss: "b{}" }) }}x', { setResources }),
    "x",
  );
  assert.deepEqual(resources, [{ embeddedCss: "b{}" }]);
});

Deno.test("Template.generate() uses {% autoescape %} for the whole file", () => {
  assert.equal(render("{{ x }}{% autoescape null %}{{ x }}", { x: "<" }), "<<");
  assert.equal(
    render("{% autoescape q %}{{ x }}", { x: 5, q: (s: string) => `'${s}'` }),
    "'5'",
  );
  assert.equal(
    new Template("{{ x }}", { autoescape: null }).generate({ x: "<" }),
    "<",
  );
  assert.equal(
    new Template("{{ x }}", { autoescape: "escape" }).generate({ x: "<" }),
    "&lt;",
  );
});

Deno.test("Template.generate() follows {% whitespace %} and the name's extension", () => {
  assert.equal(
    new Template("a  \n\n b", { name: "x.html" }).generate(),
    "a\nb",
  );
  assert.equal(new Template("a  \n\n b", { name: "x.js" }).generate(), "a\nb");
  assert.equal(
    new Template("a  \n\n b", { name: "x.txt" }).generate(),
    "a  \n\n b",
  );
  assert.equal(
    new Template("a  \n b{% whitespace oneline %} c \n d", { name: "x.txt" })
      .generate(),
    "a  \n b c d",
  );
  assert.equal(
    new Template("a  \n\n b", { name: "x.html", whitespace: "all" }).generate(),
    "a  \n\n b",
  );
  assert.throws(
    () => new Template("", { whitespace: "none" as "all" }),
    TypeError,
  );
});

Deno.test("Template.generate() inherits blocks through several levels", () => {
  const loader = new DictLoader({
    "base.html": "<{% block a %}A{% end %}|{% block b %}B{% end %}>",
    "mid.html":
      '{% extends "base.html" %}{% block a %}a[{% block c %}C{% end %}]{% end %}',
    "leaf.html": '{% extends "mid.html" %}{% block c %}{{ v }}{% end %}',
  });
  assert.equal(
    loader.load("leaf.html").generate({ v: "<c>" }),
    "<a[&lt;c&gt;]|B>",
  );
  assert.equal(loader.load("mid.html").generate(), "<a[C]|B>");
});

Deno.test("Template.generate() includes templates relative to the including one", () => {
  const loader = new DictLoader({
    "a/page.html": '{% for i in [1, 2] %}{% include "row.html" %}{% end %}',
    "a/row.html": '<{{ i }}{% include "../dot.html" %}>',
    "dot.html": ".",
  });
  assert.equal(loader.load("a/page.html").generate(), "<1.><2.>");
});

Deno.test("Template.code ends with a sourceURL naming the template", () => {
  const t = new Template("{{ x }}", { name: "page.html" });
  assert.match(t.code, /\n\/\/# sourceURL=page\.html$/);
  assert.match(t.code, /_tt_out \+= _tt_e0\(x\);/);
});

Deno.test("Template.generate() can be called many times and with different namespaces", () => {
  const t = new Template("{{ a }}{{ typeof b }}");
  assert.equal(t.generate({ a: 1 }), "1undefined");
  assert.equal(t.generate({ a: 2, b: 1 }), "2number");
  assert.equal(t.generate({ a: 3 }), "3undefined");
});

Deno.test("Template.generate() stays right over many combinations of names", () => {
  const t = new Template(
    "{{ typeof a }}{{ typeof b }}{{ typeof c }}{{ typeof d }}{{ typeof e }}{{ typeof f }}",
  );
  for (let mask = 0; mask < 64; mask++) {
    const ns: Record<string, unknown> = {};
    let expected = "";
    for (const [i, name] of ["a", "b", "c", "d", "e", "f"].entries()) {
      if (mask & (1 << i)) ns[name] = i;
      expected += mask & (1 << i) ? "number" : "undefined";
    }
    assert.equal(t.generate(ns), expected);
  }
});

Deno.test("Template.generate() has Tornado's default namespace without render()", () => {
  const t = new Template(
    '{% raw escape("<a>") %} {% raw xhtmlEscape("&") %} {{ urlEscape("a b/") }} ' +
      '{% raw jsonEncode({ s: "</x>" }) %} {{ squeeze("a  \\n b") }} ' +
      '{% raw linkify("see http://x.io") %}',
  );
  assert.equal(
    t.generate(),
    '&lt;a&gt; &amp; a+b%2F {"s": "<\\/x>"} a b ' +
      'see <a href="http://x.io">http://x.io</a>',
  );
});
