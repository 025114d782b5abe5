// Versions for static URLs: the SHA-512 hex digest of a file's content, as
// Tornado's `StaticFileHandler.get_content_version`, cached per absolute
// path. The cache is module state shared by every StaticFileHandler class,
// as Tornado's `_static_hashes`; `StaticFileHandler.reset()` clears it.

import { createHash } from "node:crypto";
import type { ApplicationSettings } from "./settings.ts";

const CHUNK_SIZE = 64 * 1024;
const versions = new Map<string, string | null>();

/** Reads a file in chunks (never whole) and returns its SHA-512 hex digest. */
export function sha512OfFile(absolutePath: string): string {
  const hash = createHash("sha512");
  const file = Deno.openSync(absolutePath, { read: true });
  try {
    const buffer = new Uint8Array(CHUNK_SIZE);
    for (;;) {
      const n = file.readSync(buffer);
      if (n === null) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    file.close();
  }
  return hash.digest("hex");
}

/**
 * Returns the version of the file at `absolutePath` from `compute`, cached
 * unless `staticHashCache` is `false`. A file that cannot be read is logged
 * (once while cached) and has no version (`null`).
 */
export function cachedVersion(
  settings: ApplicationSettings,
  absolutePath: string,
  compute: (absolutePath: string) => string,
): string | null {
  const useCache = settings.staticHashCache ?? true;
  if (useCache && versions.has(absolutePath)) {
    return versions.get(absolutePath) ?? null;
  }
  let version: string | null;
  try {
    version = compute(absolutePath) || null;
  } catch (error) {
    console.error(`Cannot open static file "${absolutePath}"`, error);
    version = null;
  }
  if (useCache) versions.set(absolutePath, version);
  return version;
}

/** Forgets every cached version. */
export function resetVersions(): void {
  versions.clear();
}

/** What `staticUrl()` needs from the static handler class. */
export interface StaticUrlMaker {
  /** Builds the URL of a static file. */
  makeStaticUrl(
    settings: ApplicationSettings,
    path: string,
    options?: { includeVersion?: boolean },
  ): string;
}

let defaultMaker: StaticUrlMaker | undefined;

/** Registers the default static handler class (StaticFileHandler). */
export function setDefaultStaticHandler(maker: StaticUrlMaker): void {
  defaultMaker = maker;
}

/** The static handler class of `settings`, or the default one. */
export function staticUrlMaker(settings: ApplicationSettings): StaticUrlMaker {
  const custom = settings.staticHandlerClass as
    | Partial<StaticUrlMaker>
    | undefined;
  if (typeof custom?.makeStaticUrl === "function") {
    return custom as StaticUrlMaker;
  }
  if (defaultMaker === undefined) {
    throw new Error(
      "Cannot make a static URL: StaticFileHandler is not loaded",
    );
  }
  return defaultMaker;
}

/** `RequestHandler.staticUrl()`: the URL from the static handler class. */
export function staticUrlFor(
  settings: ApplicationSettings,
  request: { protocol: string; host: string },
  path: string,
  options: { includeHost?: boolean; includeVersion?: boolean },
): string {
  if (!settings.staticPath) {
    throw new Error('Cannot use staticUrl(): set the "staticPath" setting');
  }
  const { includeHost, ...rest } = options;
  const url = staticUrlMaker(settings).makeStaticUrl(settings, path, rest);
  return includeHost ? `${request.protocol}://${request.host}${url}` : url;
}
