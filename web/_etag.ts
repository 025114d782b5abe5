// Default ETags (quoted SHA-1 hex digest of the body, as Tornado) and the
// weak If-None-Match comparison.

import { createHash } from "node:crypto";

const CACHE_LIMIT = 512;
const CACHEABLE_LENGTH = 1024;
const cache = new Map<string, string>();

/**
 * Returns `"<sha1 hex>"` for the body. Small string bodies are remembered,
 * since the same short responses recur on hot paths.
 */
export function etagOf(chunks: readonly (string | Uint8Array)[]): string {
  if (chunks.length === 1 && typeof chunks[0] === "string") {
    const text = chunks[0];
    if (text.length <= CACHEABLE_LENGTH) {
      let tag = cache.get(text);
      if (tag === undefined) {
        tag = `"${createHash("sha1").update(text).digest("hex")}"`;
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(text, tag);
      }
      return tag;
    }
  }
  const hash = createHash("sha1");
  for (const chunk of chunks) hash.update(chunk);
  return `"${hash.digest("hex")}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag`, comparing weakly
 * (`W/"x"` equals `"x"`); `*` matches anything.
 */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const strip = (tag: string) => tag.startsWith("W/") ? tag.slice(2) : tag;
  const wanted = strip(etag);
  if (ifNoneMatch.trim() === "*") return true;
  for (const part of ifNoneMatch.split(",")) {
    if (strip(part.trim()) === wanted) return true;
  }
  return false;
}
