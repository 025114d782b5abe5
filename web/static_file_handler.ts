/**
 * {@linkcode StaticFileHandler}: serves the files of a directory.
 *
 * @module
 */

import { join, resolve, sep } from "node:path";
import { staticContentType } from "../_internal/mime.ts";
import { HTTPError } from "./errors.ts";
import { RequestHandler } from "./request_handler.ts";
import type { Route } from "./routing.ts";
import type { ApplicationSettings } from "./settings.ts";
import { parseRange, planRange } from "./_http_range.ts";
import {
  cachedVersion,
  resetVersions,
  setDefaultStaticHandler,
  sha512OfFile,
} from "./_static_version.ts";

/**
 * Options of {@linkcode StaticFileHandler}, given in the route.
 *
 * @example Serve a folder with an index page
 * ```ts
 * import {
 *   Application,
 *   StaticFileHandler,
 *   type StaticFileHandlerOptions,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/index.html`, "<h1>Files</h1>");
 * const options: StaticFileHandlerOptions = {
 *   path: root,
 *   defaultFilename: "index.html",
 * };
 * const app = new Application([["/files/(.*)", StaticFileHandler, options]], {
 *   logFunction: () => {},
 * });
 * const response = await app.fetch(new Request("http://localhost/files/"));
 * assert.equal(await response.text(), "<h1>Files</h1>");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export interface StaticFileHandlerOptions {
  /** The directory whose files are served. */
  path: string;
  /** The file served for a directory (`index.html`); none: 403. */
  defaultFilename?: string;
}

/**
 * Options of `RequestHandler.staticUrl()` (Tornado's `include_host` and
 * `include_version` keyword arguments).
 *
 * @example An absolute URL without the version
 * ```ts
 * import type { StaticUrlOptions } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const options: StaticUrlOptions = { includeHost: true, includeVersion: false };
 * assert.equal(options.includeHost, true);
 * ```
 */
export interface StaticUrlOptions {
  /** Make the URL absolute, with the request's protocol and host. */
  includeHost?: boolean;
  /** Add `?v=<version>` (default `true`). */
  includeVersion?: boolean;
}

/** Options of {@linkcode StaticFileHandler.makeStaticUrl}. */
export interface MakeStaticUrlOptions {
  /** Add `?v=<version>` (default `true`). */
  includeVersion?: boolean;
}

/** Options of {@linkcode StaticFileHandler.getContent}. */
export interface ContentRangeOptions {
  /** First byte to read (default 0). */
  start?: number | null;
  /** Byte after the last one to read (default: the end of the file). */
  end?: number | null;
}

const CHUNK_SIZE = 64 * 1024;
const REGEXP_SPECIALS_REGEXP = /[.*+?^${}()|[\]\\]/g;
const SCHEME_RELATIVE_REGEXP = /^[\/\\][\/\\]/;
const ENCODED_SEPARATOR_REGEXP = /%2f|%5c/i;

/**
 * Serves files from the directory given as `path`, with the route's first
 * group as the file's path inside it. Sends `Content-Type` from the file
 * name, `Last-Modified`, an `Etag` (the quoted SHA-512 of the content) and
 * `Accept-Ranges`; answers `If-None-Match` and `If-Modified-Since` with 304,
 * a single `Range` with 206 (or 416 when it starts past the end), and HEAD
 * without a body. A request with `?v=` (as made by `staticUrl()`) is cached
 * for 10 years. Large files are streamed, never read whole.
 *
 * Requests never leave the directory: `..`, absolute paths and symbolic
 * links pointing outside give 403, missing files and NUL bytes 404, and a
 * directory 403 unless `defaultFilename` is set (a directory URL without a
 * trailing slash is then redirected to one). An encoded slash or backslash
 * (`%2F`, `%5C`) in the URL gives 404, so a route placed before this one to
 * guard a subdirectory cannot be bypassed (stricter than Tornado).
 *
 * With the `staticPath` setting, `Application` routes `/static/(.*)`,
 * `/favicon.ico` and `/robots.txt` here on its own.
 *
 * Tornado: `tornado.web.StaticFileHandler`
 *
 * @example Serve a directory
 * ```ts
 * import { Application, StaticFileHandler } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/hello.txt`, "hello");
 * const app = new Application([
 *   ["/files/(.*)", StaticFileHandler, { path: root }],
 * ], { logFunction: () => {} });
 * const response = await app.fetch(
 *   new Request("http://localhost/files/hello.txt"),
 * );
 * assert.equal(response.headers.get("content-type"), "text/plain");
 * assert.equal(await response.text(), "hello");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export class StaticFileHandler extends RequestHandler {
  /** Cache time for versioned requests: 10 years, in seconds. */
  static CACHE_MAX_AGE: number = 86400 * 365 * 10;

  /** The directory served (the `path` option). */
  root: string = "";
  /** The file served for directories (the `defaultFilename` option). */
  defaultFilename: string | undefined;
  /** The requested path relative to `root`, from `parseUrlPath()`. */
  path: string = "";
  /** The file being served, once `validateAbsolutePath()` accepted it. */
  absolutePath: string | null = null;
  /** The file's modification time, from `getModifiedTime()`. */
  modified: Date | null = null;
  #stat: Deno.FileInfo | undefined;

  static {
    setDefaultStaticHandler(StaticFileHandler);
  }

  /** Takes `{ path, defaultFilename }`. */
  override initialize(options: StaticFileHandlerOptions): void {
    this.root = options.path;
    this.defaultFilename = options.defaultFilename;
  }

  /**
   * Forgets the cached file versions (for tests, or after files changed).
   *
   * Tornado: `StaticFileHandler.reset`
   *
   * @example Reset between tests
   * ```ts
   * import { StaticFileHandler } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * const root = await Deno.makeTempDir();
   * const settings = { staticPath: root };
   * await Deno.writeTextFile(`${root}/a.css`, "one");
   * const before = StaticFileHandler.getVersion(settings, "a.css");
   * await Deno.writeTextFile(`${root}/a.css`, "two");
   * assert.equal(StaticFileHandler.getVersion(settings, "a.css"), before);
   * StaticFileHandler.reset();
   * assert.notEqual(StaticFileHandler.getVersion(settings, "a.css"), before);
   * await Deno.remove(root, { recursive: true });
   * ```
   */
  static reset(): void {
    resetVersions();
  }

  /** Serves the file. Tornado: `StaticFileHandler.get` */
  override get(path: string): Promise<void> {
    return this.#serve(path, true);
  }

  /** Sends the headers of the file, no body. */
  override head(path: string): Promise<void> {
    return this.#serve(path, false);
  }

  async #serve(
    urlPath: string | undefined,
    includeBody: boolean,
  ): Promise<void> {
    if (ENCODED_SEPARATOR_REGEXP.test(this.request.path)) {
      // Routing saw one segment where the file system would see two: a
      // route in front of this one (a guard) must not be bypassable.
      throw new HTTPError(404, "Encoded slash or backslash in a static path");
    }
    this.path = this.parseUrlPath(urlPath ?? "");
    const ctor = this.constructor as typeof StaticFileHandler;
    const absolute = ctor.getAbsolutePath(this.root, this.path);
    this.absolutePath = await this.validateAbsolutePath(this.root, absolute);
    if (this.absolutePath === null) return;
    this.modified = this.getModifiedTime();
    this.setHeaders();
    if (this.shouldReturn304()) {
      this.setStatus(304);
      return;
    }
    const span = this.#planBody();
    if (span !== null && includeBody) {
      await this.#sendContent(this.absolutePath, span);
    }
  }

  /**
   * Sets the status and headers of the body: the whole file, the range
   * asked for (206) or none (416, then `null`).
   */
  #planBody(): { start: number; end: number } | null {
    const size = this.getContentSize();
    const header = this.request.headers.get("range");
    const plan = planRange(header ? parseRange(header) : null, size);
    if (plan.kind === "unsatisfiable") {
      this.setStatus(416);
      this.setHeader("Content-Type", "text/plain");
      this.setHeader("Content-Range", `bytes */${size}`);
      return null;
    }
    const start = plan.kind === "partial" ? plan.start : 0;
    const end = plan.kind === "partial" ? plan.end : size;
    if (plan.kind === "partial") {
      this.setStatus(206);
      this.setHeader("Content-Range", `bytes ${start}-${end - 1}/${size}`);
    }
    this.setHeader("Content-Length", end - start);
    return { start, end };
  }

  /**
   * Writes bytes `start` to `end` of the file. A file of one chunk is sent
   * whole; larger ones are streamed. With compressResponse every file is
   * streamed, so that it is gzipped whatever its size, as Tornado does.
   */
  async #sendContent(
    absolutePath: string,
    { start, end }: { start: number; end: number },
  ): Promise<void> {
    const ctor = this.constructor as typeof StaticFileHandler;
    const streamAll = this.settings.compressResponse === true;
    const length = end - start;
    let sent = 0;
    for await (const chunk of ctor.getContent(absolutePath, { start, end })) {
      this.write(chunk);
      sent += chunk.length;
      if (sent < length || streamAll) await this.flush();
    }
  }

  /**
   * Override to map the URL path to a path relative to the root. The
   * default returns it as it is (with `\` separators on Windows).
   *
   * Tornado: `StaticFileHandler.parse_url_path`
   *
   * @example Serve `.html` files without the suffix
   * ```ts ignore
   * override parseUrlPath(urlPath: string): string {
   *   return urlPath.endsWith("/") ? urlPath : urlPath + ".html";
   * }
   * ```
   */
  parseUrlPath(urlPath: string): string {
    return sep === "/" ? urlPath : urlPath.replaceAll("/", sep);
  }

  /**
   * Override to map a path to a file: returns the absolute path of `path`
   * inside `root` (not yet checked; `validateAbsolutePath()` does that).
   *
   * Tornado: `StaticFileHandler.get_absolute_path`
   *
   * @example Resolve a path inside the root
   * ```ts
   * import { StaticFileHandler } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * if (Deno.build.os !== "windows") {
   *   assert.equal(StaticFileHandler.getAbsolutePath("/srv", "a/../b.css"), "/srv/b.css");
   * }
   * ```
   */
  static getAbsolutePath(root: string, path: string): string {
    return resolve(root, path);
  }

  /**
   * Override to add checks; the default makes sure the file is inside
   * `root` (symbolic links resolved), exists and is a regular file, and
   * handles directories with `defaultFilename`. Returns the path to serve,
   * or `null` when the response was already sent (a redirect).
   *
   * Tornado: `StaticFileHandler.validate_absolute_path`
   *
   * @throws {HTTPError} 403 outside the root or for a directory, 404 for a
   * missing file.
   * @example Hide dot files
   * ```ts ignore
   * override validateAbsolutePath(root: string, absolutePath: string) {
   *   if (/[\\/]\./.test(absolutePath)) throw new HTTPError(404);
   *   return super.validateAbsolutePath(root, absolutePath);
   * }
   * ```
   */
  async validateAbsolutePath(
    root: string,
    absolutePath: string,
  ): Promise<string | null> {
    const rootPath = resolve(root);
    const prefix = rootPath.endsWith(sep) ? rootPath : rootPath + sep;
    if (!(absolutePath + sep).startsWith(prefix)) {
      throw new HTTPError(403, `"${this.path}" is not in the static directory`);
    }
    if (absolutePath.includes("\0")) throw new HTTPError(404);
    let info = await statInside(rootPath, absolutePath, this.path);
    if (info.isDirectory && this.defaultFilename !== undefined) {
      const requestPath = this.request.path;
      if (!requestPath.endsWith("/")) {
        if (SCHEME_RELATIVE_REGEXP.test(requestPath)) {
          // "//host/..." would be a redirect to another site.
          throw new HTTPError(
            403,
            "Cannot redirect a path with two initial slashes",
          );
        }
        this.redirect(requestPath + "/", { permanent: true });
        return null;
      }
      absolutePath = join(absolutePath, this.defaultFilename);
      info = await statInside(rootPath, absolutePath, this.path);
    }
    if (!info.isFile) {
      throw new HTTPError(403, `"${this.path}" is not a file`);
    }
    this.#stat = info;
    return absolutePath;
  }

  /**
   * Override to read content from elsewhere: yields the bytes of the file
   * from `start` to before `end`, in chunks of 64 KiB.
   *
   * Tornado: `StaticFileHandler.get_content`
   *
   * @example Read part of a file
   * ```ts
   * import { StaticFileHandler } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * const file = await Deno.makeTempFile();
   * await Deno.writeTextFile(file, "abcdef");
   * const chunks = [];
   * for await (const c of StaticFileHandler.getContent(file, { start: 1, end: 3 })) {
   *   chunks.push(...c);
   * }
   * assert.equal(new TextDecoder().decode(new Uint8Array(chunks)), "bc");
   * await Deno.remove(file);
   * ```
   */
  static async *getContent(
    absolutePath: string,
    options: ContentRangeOptions = {},
  ): AsyncGenerator<Uint8Array> {
    const start = options.start ?? 0;
    let remaining = (options.end ?? Infinity) - start;
    using file = await Deno.open(absolutePath, { read: true });
    if (start > 0) await file.seek(start, Deno.SeekMode.Start);
    while (remaining > 0) {
      const buffer = new Uint8Array(Math.min(CHUNK_SIZE, remaining));
      const n = await file.read(buffer);
      if (n === null) return;
      remaining -= n;
      yield n === buffer.length ? buffer : buffer.subarray(0, n);
    }
  }

  /**
   * Override to version files differently: returns the SHA-512 hex digest
   * of the file's content, read in chunks. Results are cached per path.
   *
   * Tornado: `StaticFileHandler.get_content_version`
   *
   * @example Hash a file
   * ```ts
   * import { StaticFileHandler } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * const file = await Deno.makeTempFile();
   * assert.equal(StaticFileHandler.getContentVersion(file).length, 128);
   * await Deno.remove(file);
   * ```
   */
  static getContentVersion(absolutePath: string): string {
    return sha512OfFile(absolutePath);
  }

  /**
   * The version of the static file `path` (relative to `staticPath`), or
   * `null` when it cannot be read (logged once while cached).
   *
   * Tornado: `StaticFileHandler.get_version`
   *
   * @throws {Error} When `settings` has no `staticPath`.
   * @example The version of a file
   * ```ts
   * import { StaticFileHandler } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * const root = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${root}/a.css`, "");
   * const version = StaticFileHandler.getVersion({ staticPath: root }, "a.css");
   * assert.equal(version?.slice(0, 8), "cf83e135"); // SHA-512 of nothing
   * await Deno.remove(root, { recursive: true });
   * ```
   */
  static getVersion(
    settings: ApplicationSettings,
    path: string,
  ): string | null {
    const staticPath = settings.staticPath;
    if (!staticPath) {
      throw new Error('Cannot get a static file version: set "staticPath"');
    }
    const absolute = this.getAbsolutePath(staticPath, path);
    return cachedVersion(settings, absolute, (p) => this.getContentVersion(p));
  }

  /**
   * Override to change static URLs: returns `staticUrlPrefix + path` with
   * `?v=<version>` when the file has one and `includeVersion` is not
   * `false`. `RequestHandler.staticUrl()` calls it on the `staticHandlerClass`.
   *
   * Tornado: `StaticFileHandler.make_static_url`
   *
   * @example A URL without the version
   * ```ts
   * import { StaticFileHandler } from "@tornado-deno/tornado/web";
   * import assert from "node:assert/strict";
   *
   * const settings = { staticPath: "/nonexistent", staticUrlPrefix: "/s/" };
   * assert.equal(
   *   StaticFileHandler.makeStaticUrl(settings, "a.css", { includeVersion: false }),
   *   "/s/a.css",
   * );
   * ```
   */
  static makeStaticUrl(
    settings: ApplicationSettings,
    path: string,
    options: MakeStaticUrlOptions = {},
  ): string {
    const url = (settings.staticUrlPrefix ?? "/static/") + path;
    if (options.includeVersion === false) return url;
    const version = this.getVersion(settings, path);
    return version === null ? url : `${url}?v=${version}`;
  }

  /**
   * The `Etag`: the quoted version (SHA-512) of the file, so a range has
   * the same tag as the whole file.
   *
   * Tornado: `StaticFileHandler.compute_etag`
   */
  override computeEtag(): string | null {
    if (this.absolutePath === null) return super.computeEtag();
    const ctor = this.constructor as typeof StaticFileHandler;
    const version = cachedVersion(
      this.settings,
      this.absolutePath,
      (p) => ctor.getContentVersion(p),
    );
    return version === null ? null : `"${version}"`;
  }

  /**
   * Sets `Accept-Ranges`, `Etag`, `Last-Modified`, `Content-Type` and the
   * cache headers, then calls `setExtraHeaders()`.
   *
   * Tornado: `StaticFileHandler.set_headers`
   */
  setHeaders(): void {
    this.setHeader("Accept-Ranges", "bytes");
    this.setEtagHeader();
    if (this.modified !== null) this.setHeader("Last-Modified", this.modified);
    const contentType = this.getContentType();
    if (contentType) this.setHeader("Content-Type", contentType);
    const cacheTime = this.getCacheTime(this.path, this.modified, contentType);
    if (cacheTime > 0) {
      this.setHeader("Expires", new Date(Date.now() + cacheTime * 1000));
      this.setHeader("Cache-Control", `max-age=${cacheTime}`);
    }
    this.setExtraHeaders(this.path);
  }

  /**
   * Whether to answer 304: `If-None-Match` matches the `Etag` or, without
   * `If-None-Match`, `If-Modified-Since` is not before `Last-Modified`.
   *
   * Tornado: `StaticFileHandler.should_return_304`
   */
  shouldReturn304(): boolean {
    if (this.request.headers.get("if-none-match")) {
      return this.checkEtagHeader();
    }
    const since = this.request.headers.get("if-modified-since");
    if (since !== null && this.modified !== null) {
      const time = Date.parse(since);
      if (!Number.isNaN(time) && time >= this.modified.getTime()) return true;
    }
    return false;
  }

  /** The size of the file in bytes. Tornado: `get_content_size` */
  getContentSize(): number {
    return this.#fileInfo().size;
  }

  /**
   * The file's modification time, whole seconds, or `null`.
   *
   * Tornado: `StaticFileHandler.get_modified_time`
   */
  getModifiedTime(): Date | null {
    const mtime = this.#fileInfo().mtime;
    if (mtime === null) return null;
    return new Date(Math.floor(mtime.getTime() / 1000) * 1000);
  }

  /**
   * The `Content-Type` from the file name: gzip files are
   * `application/gzip`, unknown and other compressed files
   * `application/octet-stream`. No charset is added (as Tornado).
   *
   * Tornado: `StaticFileHandler.get_content_type`
   */
  getContentType(): string {
    return staticContentType(this.absolutePath ?? this.path);
  }

  /**
   * Override to add headers to every file response.
   *
   * Tornado: `StaticFileHandler.set_extra_headers`
   *
   * @example Allow any origin
   * ```ts ignore
   * override setExtraHeaders() {
   *   this.setHeader("Access-Control-Allow-Origin", "*");
   * }
   * ```
   */
  setExtraHeaders(_path: string): void {}

  /**
   * Override to change caching: returns the seconds for `Cache-Control:
   * max-age` (and `Expires`), or 0 for none. The default is
   * `CACHE_MAX_AGE` (10 years) when the request has a `v` argument.
   *
   * Tornado: `StaticFileHandler.get_cache_time`
   *
   * @example Cache images for a day
   * ```ts ignore
   * override getCacheTime(path: string, modified: Date | null, type: string) {
   *   return type.startsWith("image/") ? 86400 : super.getCacheTime(path, modified, type);
   * }
   * ```
   */
  getCacheTime(
    _path: string,
    _modified: Date | null,
    _mimeType: string,
  ): number {
    const ctor = this.constructor as typeof StaticFileHandler;
    return Object.hasOwn(this.request.arguments, "v") ? ctor.CACHE_MAX_AGE : 0;
  }

  #fileInfo(): Deno.FileInfo {
    this.#stat ??= Deno.statSync(this.absolutePath ?? "");
    return this.#stat;
  }
}

/**
 * Stats `absolutePath` after resolving symbolic links, and refuses it (403)
 * when it resolves outside `rootPath`; a missing file is a 404.
 */
async function statInside(
  rootPath: string,
  absolutePath: string,
  shown: string,
): Promise<Deno.FileInfo> {
  let realRoot: string;
  let real: string;
  try {
    realRoot = await Deno.realPath(rootPath);
    real = await Deno.realPath(absolutePath);
  } catch {
    throw new HTTPError(404);
  }
  const inside = real === realRoot ||
    real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  if (!inside) {
    throw new HTTPError(403, `"${shown}" links outside the static directory`);
  }
  try {
    return await Deno.stat(real);
  } catch {
    throw new HTTPError(404);
  }
}

/**
 * The routes the `staticPath` setting adds, in Tornado's order: `robots.txt`,
 * `favicon.ico`, then `<staticUrlPrefix>(.*)`.
 */
export function staticRoutes(settings: ApplicationSettings): Route[] {
  const handler = settings.staticHandlerClass ?? StaticFileHandler;
  const options = { ...settings.staticHandlerArgs, path: settings.staticPath };
  const prefix = settings.staticUrlPrefix ?? "/static/";
  return [
    [String.raw`/(robots\.txt)`, handler, options],
    [String.raw`/(favicon\.ico)`, handler, options],
    [prefix.replace(REGEXP_SPECIALS_REGEXP, "\\$&") + "(.*)", handler, options],
  ];
}
