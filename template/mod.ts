/**
 * Templates: Tornado's template language with JavaScript expressions,
 * compiled once to a JavaScript function.
 *
 * | Syntax | Meaning |
 * |---|---|
 * | `{{ expr }}` | output `expr`, escaped (null and undefined give `""`) |
 * | `{% raw expr %}` | output `expr` unescaped |
 * | `{# ... #}`, `{% comment ... %}` | comment |
 * | `{% if e %}` `{% elif e %}` `{% else %}` `{% end %}` | condition |
 * | `{% for x in e %}` ... `{% else %}` ... `{% end %}` | loop over the values of any iterable; destructuring allowed (`{% for [k, v] in Object.entries(o) %}`); `else` runs unless the loop was left by `break` |
 * | `{% while e %}` ... `{% end %}` | loop |
 * | `{% break %}`, `{% continue %}` | inside loops |
 * | `{% try %}` `{% except %}`/`{% except e %}` `{% else %}` `{% finally %}` `{% end %}` | exceptions (one `except`) |
 * | `{% set x = e %}` | assignment (any JavaScript assignment or statement); a set variable belongs to the whole template, as in Python |
 * | `{% extends "base.html" %}`, `{% block name %}...{% end %}` | inheritance: the last definition of each block wins, on any number of levels |
 * | `{% include "x.html" %}` | insert another template (names are relative to the including one) |
 * | `{% module Expr(args) %}` | output `_tt_modules.Expr(args)` unescaped |
 * | `{% apply fn %}...{% end %}` | output `fn(body output)` unescaped |
 * | `{% autoescape fn %}`, `{% autoescape null %}` | escape function for this whole file |
 * | `{% whitespace all\|single\|oneline %}` | whitespace mode for the rest of this file |
 * | `{{!`, `{%!` | the literal text `{{` and `{%` |
 *
 * Namespace: `generate(namespace)` takes a plain object; each key is a local
 * variable of the template (names starting `_tt_` are reserved), above the
 * loader's `namespace` option and the defaults `escape` and `xhtmlEscape`.
 * A name in none of them is looked up as a global (`Math`, `JSON`) and
 * otherwise throws a ReferenceError.
 *
 * UI modules: `{% module Name(args) %}` calls `_tt_modules.Name(args)` and
 * writes its result unescaped, so a caller supplies modules as a namespace
 * entry `_tt_modules: { Name: (...args) => string }`. A module's own template
 * declares its resources by calling a namespace function the caller passes,
 * `{{ setResources({ embeddedCss: "..." }) }}`, which records them and
 * returns `""`.
 *
 * Errors: a malformed template throws {@linkcode ParseError} (template name
 * and line, also for JavaScript syntax errors); an error thrown while
 * rendering is rethrown unchanged except for ` at <template>:<line>`
 * appended to its message.
 *
 * Precompiling: the entry point `@tornado-deno/tornado/template/precompile`,
 * run as `deno run -R -W jsr:@tornado-deno/tornado/template/precompile
 * <templateDir> <out.ts>`, writes a module exporting `precompiled`; pass it
 * as `new Loader(templateDir, { precompiled })` to render without
 * `new Function` (for hosts that forbid code generation from strings).
 * Add it as a task: `"precompile": "deno run -R -W jsr:@tornado-deno/tornado/template/precompile templates templates_precompiled.ts"`.
 *
 * Module state: none; each loader caches its templates until `reset()`.
 *
 * @example Inheritance and escaping
 * ```ts
 * import { DictLoader } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const loader = new DictLoader({
 *   "base.html": "<title>{% block title %}Site{% end %}</title>",
 *   "page.html": '{% extends "base.html" %}{% block title %}{{ t }}{% end %}',
 * });
 * assert.equal(loader.load("page.html").generate({ t: "A & B" }), "<title>A &amp; B</title>");
 * ```
 *
 * @module
 */
export { ParseError } from "./errors.ts";
export { filterWhitespace, type WhitespaceMode } from "./whitespace.ts";
export {
  type PrecompiledTemplate,
  type PrecompiledTemplates,
  Template,
  type TemplateOptions,
} from "./template.ts";
export {
  BaseLoader,
  DictLoader,
  Loader,
  type LoaderOptions,
} from "./loader.ts";
