/**
 * The compiled template.
 *
 * @module
 */
import {
  jsonEncode,
  linkify,
  squeeze,
  urlEscape,
  xhtmlEscape,
} from "../escape/mod.ts";
import {
  CodeWriter,
  type Generated,
  type NameState,
  prologue,
  renderCode,
  type Unit,
} from "./_codegen.ts";
import { annotate, compile, type RenderFunction, RUNTIME } from "./_compile.ts";
import { Extends, findBlocks, type NamedBlock } from "./_nodes.ts";
import { parse, type ParseState } from "./_parser.ts";
import { Reader } from "./_reader.ts";
import { ParseError } from "./errors.ts";
import type { BaseLoader } from "./loader.ts";
import { isWhitespaceMode, type WhitespaceMode } from "./whitespace.ts";

/**
 * Options for {@linkcode Template}.
 *
 * @example A plain-text template
 * ```ts
 * import { Template, type TemplateOptions } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const options: TemplateOptions = { name: "mail.txt", autoescape: null };
 * const template = new Template("Dear {{ name }},", options);
 * assert.equal(template.generate({ name: "Tom & Jerry" }), "Dear Tom & Jerry,");
 * ```
 */
export interface TemplateOptions {
  /** The template name, used in errors and `{% include %}` paths. Default `"<string>"`. */
  name?: string;
  /** The loader that resolves `{% extends %}` and `{% include %}`. */
  loader?: BaseLoader;
  /**
   * The expression of the escape function applied to `{{ }}` output, read
   * from the namespace (e.g. `"xhtmlEscape"`), or `null` for none. Default:
   * the loader's, else `"xhtmlEscape"`.
   */
  autoescape?: string | null;
  /** The whitespace mode. Default: the loader's, else `single` for `.html` and `.js` names, `all` otherwise. */
  whitespace?: WhitespaceMode;
}

/** A render function written by `precompile.ts`, with its line map. */
export interface PrecompiledTemplate {
  /** The render function: (namespace, base namespace, runtime) → output. */
  readonly render: (
    namespace: Record<string, unknown>,
    base: Record<string, unknown>,
    runtime: never,
  ) => string;
  /** For each line of the function body: [template name, template line]. */
  readonly lineMap: ReadonlyArray<readonly [string, number, string?]>;
  /** The line of the precompiled module where `render` starts. */
  readonly start: number;
  /** The root file's autoescape expression. */
  readonly autoescape: string | null;
}

/** The module written by `precompile.ts`: its URL and every template by name. */
export interface PrecompiledTemplates {
  /** `import.meta.url` of the precompiled module (to map error lines). */
  readonly url: string;
  /** Every template of the directory, by its loader name. */
  readonly templates: Readonly<Record<string, PrecompiledTemplate>>;
}

const MAX_VARIANTS = 32;

/** What every template sees without being given it (Tornado's defaults). */
const DEFAULT_NAMESPACE: Readonly<Record<string, unknown>> = {
  escape: xhtmlEscape,
  xhtmlEscape,
  urlEscape,
  jsonEncode,
  squeeze,
  linkify,
};

/** The parsed file of a template, for includes and inheritance. */
export let unitOf: (template: Template) => Unit;
/** The generated code parts of a template, for precompile. */
export let generatedOf: (template: Template) => Generated | undefined;
let precompiledEntry: PrecompiledTemplate | undefined;
let precompiledUrl = "";

/** Builds a template from a precompiled entry (used by loaders). */
export function templateFromPrecompiled(
  entry: PrecompiledTemplate,
  url: string,
  name: string,
  loader: BaseLoader,
): Template {
  precompiledEntry = entry;
  precompiledUrl = url;
  try {
    return new Template("", { name, loader });
  } finally {
    precompiledEntry = undefined;
  }
}

/**
 * A compiled template. The source is parsed and turned into one JavaScript
 * function when the template is constructed (`{% extends %}` and
 * `{% include %}` are inlined through the loader); `generate()` runs it.
 * Expressions are JavaScript, `{{ }}` output is escaped with the
 * `autoescape` function, and the namespace's keys become local variables
 * (no `with`): a name that is neither in the namespace nor a global throws
 * a ReferenceError. See the module documentation for the syntax.
 *
 * Tornado: `tornado.template.Template`
 *
 * @example Render a template
 * ```ts
 * import { Template } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const t = new Template("<b>{{ name }}</b>{% for x in items %} {{ x * 2 }}{% end %}");
 * assert.equal(t.generate({ name: "<you>", items: [1, 2] }), "<b>&lt;you&gt;</b> 2 4");
 * ```
 */
export class Template {
  /** The template name. */
  readonly name: string;
  /** The file's autoescape expression after `{% autoescape %}`, or `null`. */
  readonly autoescape: string | null;
  /** The loader this template came from, if any. */
  readonly loader: BaseLoader | undefined;
  /**
   * The generated JavaScript: the body of a function
   * `(_tt_ns, _tt_b, _tt_rt)` in the form `precompile.ts` writes, ending in
   * `//# sourceURL=<name>`. `generate()` compiles the same body with a
   * first line specialised to the names the namespace holds (once per set
   * of names): a name the namespace lacks is then left to JavaScript, so
   * `typeof missing` is `"undefined"` and globals are read directly. A
   * single generic function measured no faster (the name checks move into
   * every render) and would change `typeof` of a missing name.
   */
  readonly code: string;
  readonly #unit: Unit | undefined;
  readonly #gen: Generated | undefined;
  readonly #base: Record<string, unknown>;
  readonly #variants = new Map<string, RenderFunction>();
  readonly #precompiled: PrecompiledTemplate | undefined;
  readonly #precompiledUrl: string;

  static {
    unitOf = (t) => {
      if (t.#unit) return t.#unit;
      if (!t.loader) throw new TypeError(`Cannot read template "${t.name}"`);
      return unitOf(t.loader.createTemplate(t.name));
    };
    generatedOf = (t) => t.#gen;
  }

  /**
   * Parses and compiles a template.
   *
   * @param source The template text.
   * @param options Name, loader, autoescape and whitespace mode.
   * @throws {ParseError} If the template or one of its expressions is malformed.
   * @throws {TypeError} If the whitespace mode is invalid.
   */
  constructor(source: string, options: TemplateOptions = {}) {
    const name = options.name ?? "<string>";
    const loader = options.loader;
    this.name = name;
    this.loader = loader;
    this.#base = { ...DEFAULT_NAMESPACE, ...loader?.namespace };
    this.#precompiled = precompiledEntry;
    this.#precompiledUrl = precompiledUrl;
    if (this.#precompiled) {
      this.autoescape = this.#precompiled.autoescape;
      this.code = String(this.#precompiled.render);
      return;
    }
    const whitespace = options.whitespace ?? loader?.whitespace ??
      (name.endsWith(".html") || name.endsWith(".js") ? "single" : "all");
    if (!isWhitespaceMode(whitespace)) {
      throw new TypeError(
        `Cannot create template "${name}": invalid whitespace mode "${whitespace}"`,
      );
    }
    const state: ParseState = {
      autoescape: "autoescape" in options
        ? options.autoescape ?? null
        : loader
        ? loader.autoescape
        : "xhtmlEscape",
      unit: () => unit,
    };
    const body = parse(new Reader(name, source, whitespace), state);
    this.autoescape = state.autoescape;
    const unit: Unit = {
      name,
      autoescape: state.autoescape,
      body,
      ...(state.autoescapeLine ? { autoescapeLine: state.autoescapeLine } : {}),
    };
    this.#unit = unit;
    this.#gen = generateCode(unit, loader);
    this.code = `${
      renderCode(this.#gen, prologue(this.#gen))
    }\n//# sourceURL=${name}`;
    this.#variant({}); // compiles now, so syntax errors surface here
  }

  /**
   * Renders the template. Every key of `namespace` is a variable in the
   * template's expressions, over the loader's `namespace` option and
   * Tornado's defaults: `escape`, `xhtmlEscape`, `urlEscape`, `jsonEncode`,
   * `squeeze` and `linkify`.
   *
   * An error thrown while rendering is rethrown as the same object, with
   * ` at <template>:<line>` appended to its message (the file and line of
   * the template code that failed), followed inside includes and blocks by
   * the chain that led there, innermost first:
   * ` at sub.html:1 (via base.html:1)`.
   *
   * @param namespace The values the template can use.
   * @returns The output.
   */
  generate(namespace: Record<string, unknown> = {}): string {
    const precompiled = this.#precompiled;
    if (precompiled) {
      try {
        return precompiled.render(namespace, this.#base, RUNTIME as never);
      } catch (error) {
        throw annotate(
          error,
          `${this.#precompiledUrl}:`,
          precompiled.start + 1,
          precompiled.lineMap,
        );
      }
    }
    const gen = this.#gen as Generated;
    try {
      return this.#variant(namespace)(namespace, this.#base, RUNTIME);
    } catch (error) {
      throw annotate(error, `(${this.name}, <anonymous>:`, 3, gen.lineMap);
    }
  }

  #variant(namespace: Record<string, unknown>): RenderFunction {
    const gen = this.#gen as Generated;
    const base = this.#base;
    let key = "";
    for (const name of gen.names) {
      key += name in namespace ? "1" : name in base ? "2" : "0";
    }
    let fn = this.#variants.get(key);
    if (fn === undefined) {
      // Bounded cache: past MAX_VARIANTS combinations of names, start over.
      if (this.#variants.size >= MAX_VARIANTS) this.#variants.clear();
      const states = [...key].map(Number) as NameState[];
      fn = compile(
        `${renderCode(gen, prologue(gen, states))}\n//# sourceURL=${this.name}`,
        gen,
        this.name,
      );
      this.#variants.set(key, fn);
    }
    return fn;
  }
}

function generateCode(unit: Unit, loader: BaseLoader | undefined): Generated {
  const resolve = (name: string, from: string, line: number): Unit => {
    if (!loader) {
      throw new ParseError(
        `Cannot load "${name}" without a template loader`,
        from,
        line,
      );
    }
    try {
      return unitOf(loader.load(name, from));
    } catch (error) {
      if (error instanceof ParseError) throw error;
      throw new ParseError(
        `Cannot load template "${name}": ${(error as Error).message}`,
        from,
        line,
        { cause: error },
      );
    }
  };
  // Ancestors, root first: the last definition of a block wins.
  const ancestors: Unit[] = [unit];
  for (let u = unit;;) {
    const ext = u.body.find((n): n is Extends => n instanceof Extends);
    if (!ext) break;
    u = resolve(ext.name, u.name, ext.line);
    if (ancestors.includes(u)) {
      throw new ParseError(
        `Circular {% extends %} of "${ext.name}"`,
        unit.name,
        ext.line,
      );
    }
    ancestors.unshift(u);
  }
  const blocks = new Map<string, NamedBlock>();
  const root = ancestors[0] as Unit;
  const writer = new CodeWriter(root, blocks, resolve);
  for (const a of ancestors) {
    writer.within(a, () => findBlocks(a.body, writer, blocks));
  }
  writer.generateNodes(root.body);
  return writer.finish();
}
