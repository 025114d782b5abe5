// Default ETags (quoted SHA-1 hex digest of the body, as Tornado) and the
// weak If-None-Match comparison.

import { createHash } from "node:crypto";

// Identical bodies recur (small answers, and pages rendered from the same
// data): their tag is remembered. Looking a 10 KB page up costs about a
// fifth of hashing it. Bounded by entries and by characters kept.
const CACHE_LIMIT = 512;
const CACHEABLE_LENGTH = 64 * 1024;
const CACHE_CHARS = 1024 * 1024;
const cache = new Map<string, string>();
let cachedChars = 0;

/**
 * Returns `"<sha1 hex>"` for the body. String bodies of one chunk up to
 * 64 K characters are remembered.
 */
export function etagOf(chunks: readonly (string | Uint8Array)[]): string {
  if (chunks.length === 1 && typeof chunks[0] === "string") {
    const text = chunks[0];
    if (text.length <= CACHEABLE_LENGTH) return cachedEtag(text);
  }
  const hash = createHash("sha1");
  for (const chunk of chunks) hash.update(chunk);
  return `"${hash.digest("hex")}"`;
}

function cachedEtag(text: string): string {
  let tag = cache.get(text);
  if (tag === undefined) {
    tag = `"${createHash("sha1").update(text).digest("hex")}"`;
    if (cache.size >= CACHE_LIMIT || cachedChars + text.length > CACHE_CHARS) {
      cache.clear();
      cachedChars = 0;
    }
    cache.set(text, tag);
    cachedChars += text.length;
  }
  return tag;
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
