// Content types by file extension, for static files. The values are those
// Python's `mimetypes.guess_type` gives on a Debian system (what Tornado's
// StaticFileHandler sends there), limited to types a web site serves;
// tests/testdata/web/make_static_vectors.py checks them.

/** Extension (lower case, with the dot) to content type. */
const TYPES: ReadonlyMap<string, string> = new Map([
  // text
  [".html", "text/html"],
  [".htm", "text/html"],
  [".css", "text/css"],
  [".js", "text/javascript"],
  [".mjs", "text/javascript"],
  [".txt", "text/plain"],
  [".text", "text/plain"],
  [".csv", "text/csv"],
  [".tsv", "text/tab-separated-values"],
  [".md", "text/markdown"],
  [".markdown", "text/markdown"],
  [".vtt", "text/vtt"],
  [".ics", "text/calendar"],
  // application
  [".json", "application/json"],
  [".jsonld", "application/ld+json"],
  [".webmanifest", "application/manifest+json"],
  [".xml", "application/xml"],
  [".xsl", "application/xslt+xml"],
  [".xhtml", "application/xhtml+xml"],
  [".atom", "application/atom+xml"],
  [".rss", "application/x-rss+xml"],
  [".pdf", "application/pdf"],
  [".wasm", "application/wasm"],
  [".zip", "application/zip"],
  [".tar", "application/x-tar"],
  [".7z", "application/x-7z-compressed"],
  [".rtf", "application/rtf"],
  [".doc", "application/msword"],
  [".xls", "application/vnd.ms-excel"],
  [".ppt", "application/vnd.ms-powerpoint"],
  [".eot", "application/vnd.ms-fontobject"],
  [".bin", "application/octet-stream"],
  [".exe", "application/x-msdos-program"],
  // images
  [".png", "image/png"],
  [".apng", "image/apng"],
  [".gif", "image/gif"],
  [".jpg", "image/jpeg"],
  [".jpeg", "image/jpeg"],
  [".jpe", "image/jpeg"],
  [".svg", "image/svg+xml"],
  [".ico", "image/vnd.microsoft.icon"],
  [".webp", "image/webp"],
  [".avif", "image/avif"],
  [".heic", "image/heic"],
  [".heif", "image/heif"],
  [".bmp", "image/bmp"],
  [".tif", "image/tiff"],
  [".tiff", "image/tiff"],
  // fonts
  [".woff", "font/woff"],
  [".woff2", "font/woff2"],
  [".otf", "font/otf"],
  [".ttf", "font/ttf"],
  // audio and video
  [".mp3", "audio/mpeg"],
  [".ogg", "audio/ogg"],
  [".oga", "audio/ogg"],
  [".opus", "audio/ogg"],
  [".flac", "audio/flac"],
  [".wav", "audio/x-wav"],
  [".aac", "audio/aac"],
  [".mp4", "video/mp4"],
  [".m4v", "video/mp4"],
  [".ogv", "video/ogg"],
  [".webm", "video/webm"],
  [".mov", "video/quicktime"],
  [".avi", "video/x-msvideo"],
  [".mpeg", "video/mpeg"],
  [".mpg", "video/mpeg"],
]);

/** Compression suffixes (case sensitive, as Python's `encodings_map`). */
const ENCODINGS: ReadonlyMap<string, string> = new Map([
  [".gz", "gzip"],
  [".Z", "compress"],
  [".bz2", "bzip2"],
  [".xz", "xz"],
  [".br", "br"],
]);

/** Short forms of double suffixes (Python's `suffix_map`). */
const SUFFIXES: ReadonlyMap<string, string> = new Map([
  [".svgz", ".svg.gz"],
  [".tgz", ".tar.gz"],
  [".taz", ".tar.gz"],
  [".tz", ".tar.gz"],
  [".tbz2", ".tar.bz2"],
  [".txz", ".tar.xz"],
]);

/** Splits `name` into base and extension as `posixpath.splitext` does. */
function splitExt(name: string): [string, string] {
  const slash = name.lastIndexOf("/");
  const dot = name.lastIndexOf(".");
  if (dot <= slash + 1) return [name, ""];
  // Leading dots of the file name do not start an extension.
  for (let i = slash + 1; i < dot; i++) {
    if (name[i] !== ".") return [name.slice(0, dot), name.slice(dot)];
  }
  return [name, ""];
}

/**
 * Guesses the content type and compression of a file from its name, as
 * Python's `mimetypes.guess_type`: `[type or null, encoding or null]`.
 */
export function guessType(name: string): [string | null, string | null] {
  let [base, ext] = splitExt(name);
  let alias = SUFFIXES.get(ext.toLowerCase());
  while (alias !== undefined) {
    [base, ext] = splitExt(base + alias);
    alias = SUFFIXES.get(ext.toLowerCase());
  }
  const encoding = ENCODINGS.get(ext) ?? null;
  if (encoding !== null) [base, ext] = splitExt(base);
  return [TYPES.get(ext.toLowerCase()) ?? null, encoding];
}

/**
 * The content type Tornado's StaticFileHandler sends for a file name:
 * `application/gzip` for gzip files, `application/octet-stream` for other
 * compressed or unknown files, else the guessed type (no charset).
 */
export function staticContentType(name: string): string {
  const [type, encoding] = guessType(name);
  if (encoding === "gzip") return "application/gzip";
  if (encoding !== null) return "application/octet-stream";
  return type ?? "application/octet-stream";
}

/** The extensions in the table, for tests. */
export function knownExtensions(): string[] {
  return [...TYPES.keys()];
}
