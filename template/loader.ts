/**
 * Template loaders: from a directory, from a record, or your own.
 *
 * @module
 */
import { posix } from "node:path";
import {
  type PrecompiledTemplates,
  Template,
  templateFromPrecompiled,
} from "./template.ts";
import type { WhitespaceMode } from "./whitespace.ts";

/**
 * Options shared by every loader.
 *
 * @example A shared namespace
 * ```ts
 * import { DictLoader, type LoaderOptions } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const options: LoaderOptions = { namespace: { site: "Example & Co" } };
 * const loader = new DictLoader({ "title.html": "<h1>{{ site }}</h1>" }, options);
 * assert.equal(
 *   loader.load("title.html").generate({}),
 *   "<h1>Example &amp; Co</h1>",
 * );
 * ```
 */
export interface LoaderOptions {
  /**
   * The autoescape expression for the loader's templates (a function name
   * in the namespace, e.g. `"xhtmlEscape"`), or `null` for none. Default
   * `"xhtmlEscape"`.
   */
  autoescape?: string | null;
  /** Values added to every template's namespace (below `generate()`'s). */
  namespace?: Record<string, unknown>;
  /** The whitespace mode of every template. Default: by file extension. */
  whitespace?: WhitespaceMode;
  /**
   * Templates compiled ahead of time by `template/precompile.ts`: `load()`
   * uses them instead of reading and compiling (so no `new Function`), and
   * reads only names they lack. Their autoescape and whitespace are those
   * given to precompile; `namespace` still applies. One difference: a
   * precompiled template cannot leave a missing name to JavaScript's scope,
   * so a name in neither namespace nor globals is bound to a value that
   * throws a ReferenceError when used (read, called, printed), though it
   * still tests as truthy in `{% if %}` and its `typeof` is `"function"`.
   */
  precompiled?: PrecompiledTemplates;
}

/**
 * The base of template loaders: resolves names, compiles each template
 * once and caches it. Subclasses implement {@linkcode BaseLoader.createTemplate}.
 *
 * Tornado: `tornado.template.BaseLoader`
 *
 * @example A loader of your own
 * ```ts
 * import { BaseLoader, Template } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * class UpperLoader extends BaseLoader {
 *   override createTemplate(name: string): Template {
 *     return new Template(`{{ "${name}".toUpperCase() }}`, { name, loader: this });
 *   }
 * }
 * assert.equal(new UpperLoader().load("a.txt").generate(), "A.TXT");
 * ```
 */
export abstract class BaseLoader {
  /** The default autoescape expression of this loader's templates. */
  readonly autoescape: string | null;
  /** Values added to every template's namespace. */
  readonly namespace: Record<string, unknown>;
  /** The whitespace mode, or `undefined` to choose by file extension. */
  readonly whitespace: WhitespaceMode | undefined;
  /** Precompiled templates, if given. */
  readonly precompiled: PrecompiledTemplates | undefined;
  #templates = new Map<string, Template>();
  readonly #loading = new Set<string>();

  /**
   * Creates a loader.
   *
   * @param options Autoescape, namespace, whitespace and precompiled templates.
   */
  constructor(options: LoaderOptions = {}) {
    this.autoescape = "autoescape" in options
      ? options.autoescape ?? null
      : "xhtmlEscape";
    this.namespace = options.namespace ?? {};
    this.whitespace = options.whitespace;
    this.precompiled = options.precompiled;
  }

  /** Forgets every compiled template, so the next `load()` reads them again. */
  reset(): void {
    this.#templates = new Map();
  }

  /**
   * Turns a template name into the name the loader knows it by: a name
   * given with `parentPath` (the name of the template that includes or
   * extends it) is relative to that template's directory. Names are
   * normalized POSIX paths.
   *
   * @param name The name, as written in `{% include %}` or given to `load()`.
   * @param parentPath The name of the template it is relative to.
   * @returns The resolved name.
   * @throws {TypeError} If the name is absolute or leaves the root (`..`).
   */
  resolvePath(name: string, parentPath?: string): string {
    if (
      name.startsWith("/") || /^[A-Za-z]:[\\/]/.test(name) ||
      name.includes("\\")
    ) {
      throw new TypeError(
        `Cannot load template "${name}": the name must be relative`,
      );
    }
    const joined = parentPath && !parentPath.startsWith("<")
      ? posix.join(posix.dirname(parentPath), name)
      : name;
    const resolved = posix.normalize(joined);
    if (
      resolved === ".." || resolved.startsWith("../") ||
      resolved.startsWith("/")
    ) {
      throw new TypeError(
        `Cannot load template "${name}": the name leaves the loader's root`,
      );
    }
    return resolved;
  }

  /**
   * Returns the compiled template of that name, compiling it on first use.
   *
   * Tornado: `BaseLoader.load`
   *
   * @param name The template name.
   * @param parentPath The name of the template `name` is relative to.
   * @returns The template.
   * @throws {ParseError} If the template is malformed.
   * @throws {TypeError} If the name leaves the root, or templates include
   *   or extend each other in a circle.
   */
  load(name: string, parentPath?: string): Template {
    const resolved = this.resolvePath(name, parentPath);
    let template = this.#templates.get(resolved);
    if (template) return template;
    if (this.#loading.has(resolved)) {
      throw new TypeError(
        `Cannot load template "${resolved}": it includes or extends itself`,
      );
    }
    this.#loading.add(resolved);
    try {
      const entry = this.precompiled?.templates[resolved];
      template = entry && this.precompiled
        ? templateFromPrecompiled(entry, this.precompiled.url, resolved, this)
        : this.createTemplate(resolved);
    } finally {
      this.#loading.delete(resolved);
    }
    this.#templates.set(resolved, template);
    return template;
  }

  /**
   * Override to read and compile a template: return
   * `new Template(source, { name, loader: this })`. Called by `load()`
   * with a resolved name, once until `reset()`.
   *
   * @param name The resolved template name.
   * @returns The new template.
   */
  abstract createTemplate(name: string): Template;
}

/**
 * Loads templates from the files under a root directory. Files are read
 * synchronously (`Deno.readTextFileSync`, needing `--allow-read`), once per
 * name until `reset()`, since `generate()` is synchronous. Names that are
 * absolute or leave the root through `..` are refused (names are checked as
 * text; symbolic links inside the root are followed).
 *
 * Tornado: `tornado.template.Loader`
 *
 * @example Load templates from a directory
 * ```ts
 * import { Loader } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const root = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${root}/base.html`, "<h1>{% block title %}{% end %}</h1>");
 * Deno.writeTextFileSync(`${root}/page.html`, '{% extends "base.html" %}{% block title %}{{ t }}{% end %}');
 * const loader = new Loader(root);
 * assert.equal(loader.load("page.html").generate({ t: "Hi" }), "<h1>Hi</h1>");
 * assert.throws(() => loader.load("../secret.html"), TypeError);
 * Deno.removeSync(root, { recursive: true });
 * ```
 */
export class Loader extends BaseLoader {
  /** The root directory. */
  readonly root: string;

  /**
   * Creates a loader for a directory.
   *
   * @param root The directory holding the templates.
   * @param options Autoescape, namespace, whitespace and precompiled templates.
   */
  constructor(root: string, options: LoaderOptions = {}) {
    super(options);
    this.root = root;
  }

  /**
   * Reads `<root>/<name>` and compiles it.
   *
   * @param name The resolved template name.
   * @returns The new template.
   */
  createTemplate(name: string): Template {
    const source = Deno.readTextFileSync(posix.join(this.root, name));
    return new Template(source, { name, loader: this });
  }
}

/**
 * Loads templates from a record of name → source.
 *
 * Tornado: `tornado.template.DictLoader`
 *
 * @example Templates from a record
 * ```ts
 * import { DictLoader } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const loader = new DictLoader({
 *   "page.html": '<p>{% include "parts/item.html" %}</p>',
 *   "parts/item.html": '{% include "dot.html" %}{{ x }}',
 *   "parts/dot.html": "*",
 * });
 * assert.equal(loader.load("page.html").generate({ x: 1 }), "<p>*1</p>");
 * ```
 */
export class DictLoader extends BaseLoader {
  /** The templates by name. */
  readonly templates: Readonly<Record<string, string>>;

  /**
   * Creates a loader over a record.
   *
   * @param templates Template sources by name.
   * @param options Autoescape, namespace, whitespace and precompiled templates.
   */
  constructor(templates: Record<string, string>, options: LoaderOptions = {}) {
    super(options);
    this.templates = templates;
  }

  /**
   * Compiles the source stored under `name`.
   *
   * @param name The resolved template name.
   * @returns The new template.
   * @throws {Deno.errors.NotFound} If there is no such template.
   */
  createTemplate(name: string): Template {
    if (!Object.hasOwn(this.templates, name)) {
      throw new Deno.errors.NotFound(`Cannot find template "${name}"`);
    }
    return new Template(this.templates[name] as string, { name, loader: this });
  }
}
