import assert from "node:assert/strict";
import { DictLoader, ParseError, Template } from "../../template/mod.ts";

function parseError(
  make: () => unknown,
  message: string | RegExp,
  filename: string,
  lineno: number,
): void {
  assert.throws(make, (e: unknown) => {
    assert.ok(e instanceof ParseError, `not a ParseError: ${e}`);
    assert.ok(e instanceof SyntaxError);
    assert.equal(e.name, "ParseError");
    if (typeof message === "string") {
      assert.equal(e.message, `${message} at ${filename}:${lineno}`);
    } else {
      assert.match(e.message, message);
      assert.ok(e.message.endsWith(` at ${filename}:${lineno}`), e.message);
      assert.ok(e.cause instanceof SyntaxError);
    }
    assert.equal(e.filename, filename);
    assert.equal(e.lineno, lineno);
    return true;
  });
}

function tpl(source: string): () => Template {
  return () => new Template(source, { name: "t.html" });
}

Deno.test("Template() reports an unclosed block at the line that opened it", () => {
  parseError(
    tpl("a\n{% if x %}\nb\n"),
    'Missing {% end %} block for "if"',
    "t.html",
    2,
  );
  parseError(
    tpl("{% for x in y %}{% while 1 %}{% end %}"),
    'Missing {% end %} block for "for"',
    "t.html",
    1,
  );
  parseError(
    tpl("\n{% block b %}"),
    'Missing {% end %} block for "block"',
    "t.html",
    2,
  );
});

Deno.test("Template() reports a stray {% end %}", () => {
  parseError(tpl("a\n\n{% end %}"), "Extra {% end %} block", "t.html", 3);
});

Deno.test("Template() reports an unknown directive", () => {
  parseError(
    tpl("\n{% import os %}"),
    'Unknown directive "import"',
    "t.html",
    2,
  );
  parseError(tpl("{% foo %}"), 'Unknown directive "foo"', "t.html", 1);
});

Deno.test("Template() reports intermediate directives out of place", () => {
  parseError(
    tpl("a\n{% elif x %}"),
    'Cannot use "elif" outside an "if" block',
    "t.html",
    2,
  );
  parseError(
    tpl("{% else %}"),
    'Cannot use "else" outside an "if", "for", "while" or "try" block',
    "t.html",
    1,
  );
  parseError(
    tpl("{% if a %}{% for x in y %}\n{% elif b %}"),
    'Cannot attach "elif" to a "for" block',
    "t.html",
    2,
  );
  parseError(
    tpl("{% if a %}{% else %}\n{% elif b %}{% end %}"),
    'Unexpected "elif" in "if" block',
    "t.html",
    2,
  );
  parseError(
    tpl("{% try %}{% else %}{% end %}"),
    'Unexpected "else" in "try" block',
    "t.html",
    1,
  );
  parseError(
    tpl("{% try %}\n{% end %}"),
    'Missing "except" or "finally" in {% try %}',
    "t.html",
    1,
  );
  parseError(
    tpl("{% try %}{% except %}{% except %}{% end %}"),
    'Unexpected "except" in "try" block',
    "t.html",
    1,
  );
});

Deno.test("Template() reports break and continue outside loops", () => {
  parseError(
    tpl("\n{% break %}"),
    'Cannot use "break" outside a "for" or "while" block',
    "t.html",
    2,
  );
  parseError(
    tpl("{% for x in y %}{% apply f %}{% continue %}{% end %}{% end %}"),
    'Cannot use "continue" outside a "for" or "while" block',
    "t.html",
    1,
  );
});

Deno.test("Template() reports unterminated and empty tags", () => {
  parseError(tpl("a\n{{ x"), 'Missing "}}" to end the expression', "t.html", 2);
  parseError(tpl("{% if"), 'Missing "%}" to end the block tag', "t.html", 1);
  parseError(tpl("\n\n{# x"), 'Missing "#}" to end the comment', "t.html", 3);
  parseError(tpl("{{ }}"), "Empty expression in {{ }}", "t.html", 1);
  parseError(tpl("{% %}"), "Empty block tag {% %}", "t.html", 1);
  parseError(
    tpl("{% whitespace tight %}"),
    'Invalid whitespace mode "tight"',
    "t.html",
    1,
  );
  parseError(
    tpl("{% for x %}{% end %}"),
    'Invalid {% for %}: expected "for x in items"',
    "t.html",
    1,
  );
  parseError(
    tpl("{% if %}{% end %}"),
    "Missing expression in {% if %}",
    "t.html",
    1,
  );
  parseError(
    tpl("{% extends %}"),
    "Missing template name in {% extends %}",
    "t.html",
    1,
  );
});

Deno.test("Template() reports JavaScript syntax errors with the template line", () => {
  parseError(
    tpl("a\nb\n{{ 1 + }}"),
    /^Invalid JavaScript in \{\{ \}\}: /,
    "t.html",
    3,
  );
  parseError(
    tpl("\n{% if (a %}{% end %}"),
    /^Invalid JavaScript in \{% if %\}: /,
    "t.html",
    2,
  );
  parseError(
    tpl("{% for x in [1, %}{% end %}"),
    /^Invalid JavaScript in \{% for %\}: /,
    "t.html",
    1,
  );
  parseError(
    tpl("\n\n\n{% set x = = 1 %}"),
    /^Invalid JavaScript in \{% set %\}: /,
    "t.html",
    4,
  );
  parseError(
    tpl("{% raw a b %}"),
    /^Invalid JavaScript in \{% raw %\}: /,
    "t.html",
    1,
  );
  parseError(
    tpl("{{ x }}\n\n{% autoescape a b %}"),
    /^Invalid JavaScript in \{% autoescape %\}: /,
    "t.html",
    3,
  );
  parseError(
    tpl("{{ x }}\n{% try %}{% except 1 %}{% end %}"),
    /^Invalid JavaScript in \{% except %\}: /,
    "t.html",
    2,
  );
});

Deno.test("Template() reports a syntax error in the file it is in, through include and extends", () => {
  const loader = new DictLoader({
    "page.html":
      '{% extends "base.html" %}\n{% block b %}\n{{ ok }}\n{{ bad( }}{% end %}',
    "base.html": '{% block b %}{% end %}{% include "part.html" %}',
    "part.html": "x\n{% if a b %}{% end %}",
    "base2.html": "{% block b %}{% end %}",
    "page2.html":
      '{% extends "base2.html" %}\n{% block b %}\n{{ ok }}\n{{ bad( }}{% end %}',
  });
  parseError(
    () => loader.load("page.html"),
    /^Invalid JavaScript in \{% if %\}: /,
    "part.html",
    2,
  );
  parseError(
    () => loader.load("page2.html"),
    /^Invalid JavaScript in \{\{ \}\}: /,
    "page2.html",
    4,
  );
});

Deno.test("Template() reports extends and include without a loader or target", () => {
  parseError(
    tpl('\n{% extends "b.html" %}'),
    'Cannot load "b.html" without a template loader',
    "t.html",
    2,
  );
  parseError(
    tpl('{% include "b.html" %}'),
    'Cannot load "b.html" without a template loader',
    "t.html",
    1,
  );
  const loader = new DictLoader({
    "a.html": 'x\n{% include "missing.html" %}',
    "b.html": '{% include "../../etc/passwd" %}',
    "c.html": '{% include "d.html" %}',
    "d.html": '{% include "c.html" %}',
  });
  parseError(
    () => loader.load("a.html"),
    'Cannot load template "missing.html": Cannot find template "missing.html"',
    "a.html",
    2,
  );
  assert.throws(
    () => loader.load("b.html"),
    (e: unknown) =>
      e instanceof ParseError && e.cause instanceof TypeError && e.lineno === 1,
  );
  assert.throws(
    () => loader.load("c.html"),
    (e: unknown) =>
      e instanceof ParseError && /includes or extends itself/.test(e.message),
  );
});

class TeapotError extends Error {
  readonly status = 418;
  constructor() {
    super("I am a teapot");
    this.name = "TeapotError";
  }
}

Deno.test("Template.generate() names the template line of a runtime error", () => {
  const t = new Template("a\n\n{{ x.y.z }}", { name: "page.html" });
  assert.throws(() => t.generate({ x: {} }), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.match(
      e.message,
      /^Cannot read properties of undefined \(reading 'z'\) at page\.html:3$/,
    );
    assert.match(e.stack ?? "", /at page\.html:3\n/);
    return true;
  });
});

Deno.test("Template.generate() keeps the class and fields of an error thrown by a helper", () => {
  const t = new Template("{% if ok %}\n{{ fail() }}{% end %}", {
    name: "p.txt",
  });
  const fail = () => {
    throw new TeapotError();
  };
  assert.throws(() => t.generate({ ok: true, fail }), (e: unknown) => {
    assert.ok(e instanceof TeapotError);
    assert.equal(e.status, 418);
    assert.equal(e.message, "I am a teapot at p.txt:2");
    return true;
  });
});

Deno.test("Template.generate() names the right file for errors in include and extends", () => {
  const loader = new DictLoader({
    "base.html":
      "<h1>{% block title %}{% end %}</h1>\n{% block body %}{% end %}\n{{ footer.text }}",
    "page.html":
      '{% extends "base.html" %}\n{% block title %}T{% end %}\n{% block body %}\n{% include "list.html" %}{% end %}',
    "list.html":
      "{% for x in items %}\n<li>{{ x.name.toUpperCase() }}</li>{% end %}",
  });
  const page = loader.load("page.html");
  assert.throws(
    () => page.generate({ items: [{}], footer: {} }),
    (e: unknown) =>
      e instanceof TypeError &&
      / at list\.html:2 \(via page\.html:4, base\.html:2\)$/.test(e.message),
  );
  assert.throws(
    () => page.generate({ items: [], footer: null }),
    (e: unknown) =>
      e instanceof TypeError && / at base\.html:3$/.test(e.message),
  );
  assert.throws(
    () => page.generate({ footer: {} }),
    (e: unknown) =>
      e instanceof ReferenceError &&
      e.message ===
        "items is not defined at list.html:1 (via page.html:4, base.html:2)",
  );
});

Deno.test("Template.generate() names the include and block chain, innermost first", () => {
  // The chains Tornado's tracebacks show, printed by
  // tests/testdata/template/error_chain.py.
  const cases: [Record<string, string>, string, string][] = [
    [
      { "base.html": '{% include "sub.html" %}', "sub.html": "{{ boom() }}" },
      "base.html",
      "sub.html:1 (via base.html:1)",
    ],
    [
      { "base.html": "{{ boom() }}", "sub.html": '{% extends "base.html" %}' },
      "sub.html",
      "base.html:1",
    ],
    [
      {
        "base.html": "{% block b %}{% end %}",
        "sub.html":
          '\n{% extends "base.html" %}\n{% block b %}\n{{ boom() }}\n{% end %}',
      },
      "sub.html",
      "sub.html:4 (via base.html:1)",
    ],
    [
      {
        "a.html": 'x\n{% include "b.html" %}',
        "b.html": '{% include "c.html" %}',
        "c.html": "\n\n{{ boom() }}",
      },
      "a.html",
      "c.html:3 (via b.html:1, a.html:2)",
    ],
  ];
  const boom = (): never => {
    throw new RangeError("bad");
  };
  for (const [templates, name, where] of cases) {
    const template = new DictLoader(templates).load(name);
    assert.throws(
      () => template.generate({ boom }),
      (e: unknown) =>
        e instanceof RangeError && e.message === `bad at ${where}`,
    );
  }
});

Deno.test("Template.generate() annotates an error once, in the innermost template", () => {
  const inner = new Template("\n{{ boom() }}", { name: "inner.html" });
  const outer = new Template("{{ render() }}", { name: "outer.html" });
  const boom = () => {
    throw new Error("bad");
  };
  assert.throws(
    () => outer.generate({ render: () => inner.generate({ boom }) }),
    (e: unknown) => e instanceof Error && e.message === "bad at inner.html:2",
  );
});

Deno.test("Template.generate() rethrows values that are not errors unchanged", () => {
  const t = new Template("{{ f() }}");
  assert.throws(() =>
    t.generate({
      f: () => {
        throw "plain";
      },
    }), (e: unknown) => e === "plain");
});
