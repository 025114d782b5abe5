// Glue between handlers and templates: loader cache per application and
// path, UI module namespaces, and resource insertion into rendered pages.

import {
  type BaseLoader,
  Loader,
  type LoaderOptions,
} from "../template/mod.ts";
import {
  jsonEncode,
  linkify,
  squeeze,
  urlEscape,
  xhtmlEscape,
} from "../escape/mod.ts";
import type { Application } from "./application.ts";
import type { RequestHandler } from "./request_handler.ts";
import type { Locale } from "../locale/mod.ts";
import {
  BUILTIN_UI_MODULES,
  type UIModule,
  type UIModuleClass,
} from "./ui_module.ts";

const loaders = new WeakMap<Application, Map<string, BaseLoader>>();

/**
 * The loader for `path`, made once per application and path with
 * `handler.createTemplateLoader()`; reset before each use when the
 * `compiledTemplateCache` setting is off.
 */
export function loaderFor(handler: RequestHandler, path: string): BaseLoader {
  const app = handler.application;
  let byPath = loaders.get(app);
  if (byPath === undefined) loaders.set(app, byPath = new Map());
  let loader = byPath.get(path);
  if (loader === undefined) {
    loader = handler.createTemplateLoader(path);
    byPath.set(path, loader);
  } else if (app.settings.compiledTemplateCache === false) {
    loader.reset();
  }
  return loader;
}

/** The options of a loader made from the application's settings. */
export function loaderOptions(handler: RequestHandler): LoaderOptions {
  const settings = handler.settings;
  const options: LoaderOptions = {};
  if (settings.autoescape !== undefined) {
    options.autoescape = settings.autoescape;
  }
  if (settings.templateWhitespace !== undefined) {
    options.whitespace = settings.templateWhitespace;
  }
  return options;
}

/** Makes a file loader rooted at `path`. */
export function fileLoader(handler: RequestHandler, path: string): BaseLoader {
  return new Loader(path, loaderOptions(handler));
}

/**
 * The `_tt_modules` object of a page: each module's render function,
 * making the module once per page, plus the bound UI methods.
 */
export function uiNamespace(
  handler: RequestHandler,
  active: Map<string, UIModule>,
): Record<string, unknown> {
  const modules = moduleRenderers(handler, active);
  const namespace: Record<string, unknown> = {
    _tt_modules: modules,
    modules,
  };
  for (
    const [name, method] of Object.entries(handler.settings.uiMethods ?? {})
  ) {
    namespace[name] = (...args: never[]) => method(handler, ...args);
  }
  return namespace;
}

/** A render function per UI module, making each module once per page. */
function moduleRenderers(
  handler: RequestHandler,
  active: Map<string, UIModule>,
): Record<string, (...args: never[]) => string> {
  const classes: Record<string, UIModuleClass> = {
    ...BUILTIN_UI_MODULES,
    ...handler.settings.uiModules,
  };
  const modules: Record<string, (...args: never[]) => string> = {};
  for (const [name, moduleClass] of Object.entries(classes)) {
    modules[name] = (...args: never[]): string => {
      let module = active.get(name);
      if (module === undefined) {
        module = new moduleClass(handler);
        active.set(name, module);
      }
      return module.render(...args);
    };
  }
  return modules;
}

function asList(part: string | string[] | null): string[] {
  return part === null ? [] : typeof part === "string" ? [part] : part;
}

function insertBefore(html: string, tag: string, text: string, last: boolean) {
  const at = last ? html.lastIndexOf(tag) : html.indexOf(tag);
  if (at === -1) return html;
  return html.slice(0, at) + text + "\n" + html.slice(at);
}

/** What the active UI modules add to a page. */
interface Resources {
  jsEmbed: string[];
  jsFiles: string[];
  cssEmbed: string[];
  cssFiles: string[];
  heads: string[];
  bodies: string[];
}

function collectResources(active: Map<string, UIModule>): Resources {
  const r: Resources = {
    jsEmbed: [],
    jsFiles: [],
    cssEmbed: [],
    cssFiles: [],
    heads: [],
    bodies: [],
  };
  const add = (list: string[], part: string | null) => {
    if (part) list.push(part);
  };
  for (const module of active.values()) {
    add(r.jsEmbed, module.embeddedJavascript());
    r.jsFiles.push(...asList(module.javascriptFiles()));
    add(r.cssEmbed, module.embeddedCss());
    r.cssFiles.push(...asList(module.cssFiles()));
    add(r.heads, module.htmlHead());
    add(r.bodies, module.htmlBody());
  }
  return r;
}

/**
 * Adds the active modules' resources to a rendered page: linked and
 * embedded JavaScript before the last `</body>`, CSS and head HTML before
 * `</head>`, body HTML before `</body>`.
 */
export function insertResources(
  handler: RequestHandler,
  html: string,
  active: Map<string, UIModule>,
): string {
  if (active.size === 0) return html;
  const r = collectResources(active);
  const steps: [string[], string, boolean, (parts: string[]) => string][] = [
    [r.jsFiles, "</body>", true, (p) => handler.renderLinkedJs(p)],
    [r.jsEmbed, "</body>", true, (p) => handler.renderEmbedJs(p)],
    [r.cssFiles, "</head>", false, (p) => handler.renderLinkedCss(p)],
    [r.cssEmbed, "</head>", false, (p) => handler.renderEmbedCss(p)],
    [r.heads, "</head>", false, (p) => p.join("")],
    [r.bodies, "</body>", false, (p) => p.join("")],
  ];
  for (const [parts, tag, last, render] of steps) {
    if (parts.length > 0) html = insertBefore(html, tag, render(parts), last);
  }
  return html;
}

/** Drops repeats, keeping the first of each. */
function unique(paths: readonly string[]): string[] {
  return [...new Set(paths)];
}

/** Whether a resource path is already a URL (not a static path). */
function isAbsoluteResource(path: string): boolean {
  return path.startsWith("/") || path.startsWith("http:") ||
    path.startsWith("https:");
}

/** A handler's bound template helpers and the locale they were made for. */
export interface NamespaceHelpers {
  /** The locale `_` and `pgettext` translate with. */
  locale: Locale;
  /** The bound helpers, UI modules and UI methods. */
  values: Record<string, unknown>;
}

/**
 * The bound helpers of a handler's template namespace: made on its first
 * render and kept for later ones (UI modules render templates too), made
 * anew only when the handler's locale changed.
 */
export function namespaceHelpers(
  handler: RequestHandler<unknown>,
  active: Map<string, UIModule>,
  kept: NamespaceHelpers | undefined,
): NamespaceHelpers {
  const locale = handler.locale;
  if (kept !== undefined && kept.locale === locale) return kept;
  const values: Record<string, unknown> = {
    _: locale.translate.bind(locale),
    pgettext: locale.pgettext.bind(locale),
    staticUrl: handler.staticUrl.bind(handler),
    xsrfFormHtml: handler.xsrfFormHtml.bind(handler),
    reverseUrl: handler.reverseUrl.bind(handler),
    ...uiNamespace(handler, active),
  };
  return { locale, values };
}

/**
 * The default template namespace of a handler (Tornado's
 * `get_template_namespace`), over its kept helpers.
 */
export function templateNamespace(
  handler: RequestHandler<unknown>,
  helpers: NamespaceHelpers,
): Record<string, unknown> {
  return {
    handler,
    request: handler.request,
    currentUser: handler.currentUser,
    locale: helpers.locale,
    escape: xhtmlEscape,
    xhtmlEscape,
    urlEscape,
    jsonEncode,
    squeeze,
    linkify,
    ...helpers.values,
  };
}

function resourceUrl(handler: RequestHandler<unknown>, path: string): string {
  return isAbsoluteResource(path) ? path : handler.staticUrl(path);
}

/** One `<script src>` per distinct file (`renderLinkedJs()`). */
export function linkedJs(
  handler: RequestHandler<unknown>,
  paths: readonly string[],
): string {
  return unique(paths).map((path) =>
    `<script src="${
      xhtmlEscape(resourceUrl(handler, path))
    }" type="text/javascript"></script>`
  ).join("");
}

/** One `<link rel="stylesheet">` per distinct file (`renderLinkedCss()`). */
export function linkedCss(
  handler: RequestHandler<unknown>,
  paths: readonly string[],
): string {
  return unique(paths).map((path) =>
    `<link href="${
      xhtmlEscape(resourceUrl(handler, path))
    }" type="text/css" rel="stylesheet"/>`
  ).join("");
}

/** The modules' JavaScript in one `<script>` block (`renderEmbedJs()`). */
export function embeddedJs(parts: readonly string[]): string {
  return '<script type="text/javascript">\n//<![CDATA[\n' +
    parts.join("\n") + "\n//]]>\n</script>";
}

/** The modules' CSS in one `<style>` block (`renderEmbedCss()`). */
export function embeddedCss(parts: readonly string[]): string {
  return '<style type="text/css">\n' + parts.join("\n") + "\n</style>";
}
