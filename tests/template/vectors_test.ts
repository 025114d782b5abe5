// Output and whitespace agree with real Tornado 6.2: the expected outputs in
// template_vectors.json were made by make_template_vectors.py.
import assert from "node:assert/strict";
import { DictLoader, type LoaderOptions } from "../../template/mod.ts";

interface Case {
  description: string;
  templates: Record<string, string>;
  main: string;
  namespace: Record<string, unknown>;
  loader: {
    autoescape?: string | null;
    whitespace?: "all" | "single" | "oneline";
  };
  expected: string;
}

const data = JSON.parse(
  await Deno.readTextFile(
    new URL("../testdata/template/template_vectors.json", import.meta.url),
  ),
) as { tornado: string; cases: Case[] };

const FUNCTIONS = {
  upper: (s: string) => s.toUpperCase(),
  bracket: (s: string) => `[${s}]`,
  _tt_modules: { Bold: (x: string) => `<b>${x}</b>` },
};

for (const c of data.cases) {
  Deno.test(`Template.generate() matches Tornado ${data.tornado}: ${c.description}`, () => {
    const options: LoaderOptions = { ...c.loader, namespace: FUNCTIONS };
    const loader = new DictLoader(c.templates, options);
    assert.equal(loader.load(c.main).generate(c.namespace), c.expected);
  });
}
