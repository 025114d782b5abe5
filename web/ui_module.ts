/**
 * UI modules: reusable page pieces with their own CSS and JavaScript,
 * used in templates as `{% module Name(...) %}`.
 *
 * @module
 */

import { linkify, type LinkifyOptions } from "../escape/mod.ts";
import type { RequestHandler } from "./request_handler.ts";

/** A UI module class, as the `uiModules` setting takes it. */
export type UIModuleClass = new (handler: RequestHandler) => UIModule;

/**
 * A UI method, as the `uiMethods` setting takes it: called from templates
 * as `name(...args)`, receiving the handler first.
 *
 * @example A template function
 * ```ts
 * import {
 *   Application,
 *   RequestHandler,
 *   type UIMethod,
 * } from "@tornado-deno/tornado/web";
 * import { DictLoader } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const shout: UIMethod = (_handler, text: string) => text.toUpperCase();
 * class Home extends RequestHandler {
 *   override get(): void {
 *     this.render("home.html");
 *   }
 * }
 * const app = new Application([["/", Home]], {
 *   uiMethods: { shout },
 *   templateLoader: new DictLoader({ "home.html": '{{ shout("hi") }}' }),
 *   logFunction: () => {},
 * });
 * const response = await app.fetch(new Request("http://localhost/"));
 * assert.equal(await response.text(), "HI");
 * ```
 */
export type UIMethod = (handler: RequestHandler, ...args: never[]) => unknown;

/**
 * The base class of UI modules. Override `render()` to return HTML, and the
 * resource hooks to add CSS and JavaScript to the page: each module's
 * resources are included once per page, CSS in `<head>` and JavaScript
 * before `</body>`.
 *
 * Tornado: `tornado.web.UIModule`
 *
 * @example An entry module
 * ```ts
 * import { Application, RequestHandler, UIModule } from "@tornado-deno/tornado/web";
 * import { DictLoader } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * class Entry extends UIModule {
 *   override render(title: string): string {
 *     return `<div class="entry">${title}</div>`;
 *   }
 *   override embeddedCss(): string {
 *     return ".entry { margin: 1em }";
 *   }
 * }
 * class Home extends RequestHandler {
 *   override get(): void {
 *     this.render("home.html", { titles: ["a", "b"] });
 *   }
 * }
 * const app = new Application([["/", Home]], {
 *   uiModules: { Entry },
 *   templateLoader: new DictLoader({
 *     "home.html":
 *       "<html><head></head><body>{% for t in titles %}{% module Entry(t) %}{% end %}</body></html>",
 *   }),
 *   logFunction: () => {},
 * });
 * const html = await (await app.fetch(new Request("http://localhost/"))).text();
 * assert.match(html, /<style type="text\/css">\n\.entry \{ margin: 1em \}\n<\/style>\n<\/head>/);
 * assert.match(html, /<div class="entry">a<\/div><div class="entry">b<\/div>/);
 * ```
 */
export class UIModule {
  /** The handler rendering the page. */
  readonly handler: RequestHandler;

  /** Made once per page by the handler, the first time the module is used. */
  constructor(handler: RequestHandler) {
    this.handler = handler;
  }

  /** The request being handled. */
  get request(): RequestHandler["request"] {
    return this.handler.request;
  }

  /** The current user of the request. */
  get currentUser(): unknown {
    return this.handler.currentUser;
  }

  /**
   * Override to return the module's HTML; it is written unescaped.
   *
   * @example Render a template
   * ```ts ignore
   * override render(entry: Entry) {
   *   return this.renderString("module-entry.html", { entry });
   * }
   * ```
   */
  render(..._args: never[]): string {
    throw new Error(
      `Override render() in UI module "${this.constructor.name}"`,
    );
  }

  /** Renders a template with the handler's namespace and `kwargs`. */
  renderString(name: string, kwargs: Record<string, unknown> = {}): string {
    return this.handler.renderString(name, kwargs);
  }

  /** Override to add JavaScript inside a `<script>` before `</body>`. */
  embeddedJavascript(): string | null {
    return null;
  }

  /** Override to link script files (static paths or absolute URLs). */
  javascriptFiles(): string | string[] | null {
    return null;
  }

  /** Override to add CSS inside a `<style>` in `<head>`. */
  embeddedCss(): string | null {
    return null;
  }

  /** Override to link style sheets (static paths or absolute URLs). */
  cssFiles(): string | string[] | null {
    return null;
  }

  /** Override to add HTML at the end of `<head>`. */
  htmlHead(): string | null {
    return null;
  }

  /** Override to add HTML at the end of `<body>`. */
  htmlBody(): string | null {
    return null;
  }
}

/**
 * Resources a template module sets with `setResources({...})`.
 *
 * @example Resources of a template module
 * ```ts
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import type { TemplateResources } from "@tornado-deno/tornado/web";
 * import { DictLoader } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * const resources: TemplateResources = {
 *   embeddedCss: ".box { border: 1px solid }",
 *   javascriptFiles: ["/js/box.js"],
 * };
 * class Home extends RequestHandler {
 *   override get(): void {
 *     this.render("page.html", { resources });
 *   }
 * }
 * const app = new Application([["/", Home]], {
 *   templateLoader: new DictLoader({
 *     "page.html":
 *       '<html><head></head><body>{% module Template("box.html", { resources }) %}</body></html>',
 *     "box.html": "{{ setResources(resources) }}<div class=box></div>",
 *   }),
 *   logFunction: () => {},
 * });
 * const html = await (await app.fetch(new Request("http://localhost/"))).text();
 * assert.match(html, /\.box \{ border: 1px solid \}/);
 * assert.match(html, /<script src="\/js\/box\.js"/);
 * ```
 */
export interface TemplateResources {
  /** JavaScript to embed. */
  embeddedJavascript?: string;
  /** Script files to link. */
  javascriptFiles?: string | string[];
  /** CSS to embed. */
  embeddedCss?: string;
  /** Style sheets to link. */
  cssFiles?: string | string[];
  /** HTML for the end of `<head>`. */
  htmlHead?: string;
  /** HTML for the end of `<body>`. */
  htmlBody?: string;
}

/**
 * `{% module Template("name.html", { ...kwargs }) %}`: renders a template
 * as a module. Inside it, `{{ setResources({ embeddedCss: "..." }) }}` adds
 * resources (once per template, whatever the number of uses).
 *
 * Tornado: `tornado.web.TemplateModule`
 *
 * @example A template module with CSS
 * ```ts
 * import { Application, RequestHandler } from "@tornado-deno/tornado/web";
 * import { DictLoader } from "@tornado-deno/tornado/template";
 * import assert from "node:assert/strict";
 *
 * class Home extends RequestHandler {
 *   override get(): void {
 *     this.render("page.html");
 *   }
 * }
 * const app = new Application([["/", Home]], {
 *   templateLoader: new DictLoader({
 *     "page.html": '<html><head></head><body>{% module Template("box.html", { n: 1 }) %}</body></html>',
 *     "box.html": '{{ setResources({ embeddedCss: ".box{}" }) }}<b>{{ n }}</b>',
 *   }),
 *   logFunction: () => {},
 * });
 * const html = await (await app.fetch(new Request("http://localhost/"))).text();
 * assert.match(html, /\.box\{\}/);
 * assert.match(html, /<b>1<\/b>/);
 * ```
 */
export class TemplateModule extends UIModule {
  #resources: Map<string, TemplateResources[]> = new Map();

  /** Renders `name` with `kwargs` and `setResources`. */
  override render(name: string, kwargs: Record<string, unknown> = {}): string {
    const setResources = (resources: TemplateResources): string => {
      let list = this.#resources.get(name);
      if (list === undefined) this.#resources.set(name, list = []);
      if (list.length === 0) list.push(resources);
      return "";
    };
    return this.handler.renderString(name, { ...kwargs, setResources });
  }

  /** The JavaScript its templates set. */
  override embeddedJavascript(): string | null {
    return this.#join("embeddedJavascript", "\n");
  }
  /** The script files its templates set. */
  override javascriptFiles(): string[] | null {
    return this.#files("javascriptFiles");
  }
  /** The CSS its templates set. */
  override embeddedCss(): string | null {
    return this.#join("embeddedCss", "\n");
  }
  /** The style sheets its templates set. */
  override cssFiles(): string[] | null {
    return this.#files("cssFiles");
  }
  /** The head HTML its templates set. */
  override htmlHead(): string | null {
    return this.#join("htmlHead", "");
  }
  /** The body HTML its templates set. */
  override htmlBody(): string | null {
    return this.#join("htmlBody", "");
  }

  #all(): TemplateResources[] {
    return [...this.#resources.values()].flat();
  }

  #join(
    key: "embeddedJavascript" | "embeddedCss" | "htmlHead" | "htmlBody",
    separator: string,
  ): string | null {
    const parts = this.#all().map((r) => r[key]).filter((p) => p);
    return parts.length === 0 ? null : parts.join(separator);
  }

  #files(key: "javascriptFiles" | "cssFiles"): string[] | null {
    const files: string[] = [];
    for (const resources of this.#all()) {
      const value = resources[key];
      if (typeof value === "string") files.push(value);
      else if (value !== undefined) files.push(...value);
    }
    return files.length === 0 ? null : files;
  }
}

/** `{% module linkify(text, options) %}`: `linkify` as a module. */
export class LinkifyModule extends UIModule {
  /** Links the URLs in `text`. */
  override render(text: string, options: LinkifyOptions = {}): string {
    return linkify(text, options);
  }
}

/** `{% module xsrfFormHtml() %}`: the XSRF form field as a module. */
export class XsrfFormHtmlModule extends UIModule {
  /** The hidden `_xsrf` field. */
  override render(): string {
    return this.handler.xsrfFormHtml();
  }
}

/** The modules every application has, before the `uiModules` setting. */
export const BUILTIN_UI_MODULES: Readonly<Record<string, UIModuleClass>> = {
  linkify: LinkifyModule,
  xsrfFormHtml: XsrfFormHtmlModule,
  Template: TemplateModule,
};
