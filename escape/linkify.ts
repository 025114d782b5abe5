// Turning URLs in plain text into links (Tornado's `linkify`).
//
// Tornado finds URLs with one regular expression over the HTML-escaped text:
//
//   \b( (?: ([\w-]+) : (/{1,3}) | www[.] )      scheme and slashes, or "www."
//       (?: X* Y | \( X* \) )+ )                body
//
// where X is a character other than whitespace, "&", "(" and ")", or the
// entity "&amp;" or "&quot;", and Y is a character other than whitespace
// and ASCII punctuation except "-", "/", "_" and "\". Instead of a RegExp
// (whose backtracking goes quadratic on runs like "a-a-a-..."), this file
// scans for the same leftmost, greedy matches by hand, in linear time.
import { xhtmlEscape } from "./html.ts";
import { isPySpace, isPyWord, pyStrip } from "./_unicode.ts";
import { toUnicode } from "./text.ts";

/** Options for {@linkcode linkify}. */
export interface LinkifyOptions {
  /**
   * Shorten the text of long links (over 30 characters) to the host and
   * the start of the path, followed by `...`; the full URL becomes the
   * link's `title`.
   *
   * @default {false}
   */
  shorten?: boolean;
  /**
   * Extra attributes for each `<a>` tag, such as `rel="nofollow"`, or a
   * function that is given the link's `href` and returns them. They are
   * inserted as they are: escape any values yourself.
   *
   * @default {""}
   */
  extraParams?: string | ((href: string) => string);
  /**
   * Only link URLs that start with a scheme; `www.example.com` is left as
   * text.
   *
   * @default {false}
   */
  requireProtocol?: boolean;
  /**
   * Schemes that may be linked, compared case-sensitively. Whatever this
   * says, `javascript`, `vbscript` and `data` are never linked.
   *
   * @default {["http", "https"]}
   */
  permittedProtocols?: Iterable<string>;
}

const DEFAULT_PROTOCOLS: ReadonlySet<string> = new Set(["http", "https"]);
const FORBIDDEN_PROTOCOLS: ReadonlySet<string> = new Set([
  "javascript",
  "vbscript",
  "data",
]);
const MAX_LEN = 30;

/**
 * Converts plain text into HTML with links. The text is HTML-escaped first,
 * so the result is safe to insert into a page; URLs with a permitted scheme
 * (`http://...`) and bare `www.` hosts become `<a>` tags. Trailing
 * punctuation such as a final `.` or `,` stays outside the link, and
 * parentheses that belong to the URL (as in Wikipedia links) stay in.
 * Bare hosts are linked as `http://`. Runs in linear time.
 *
 * The output is Tornado's, character for character, with one exception:
 * `javascript:`, `vbscript:` and `data:` URLs are never linked, even when
 * `permittedProtocols` lists them.
 *
 * Tornado: `tornado.escape.linkify`
 *
 * @param text Plain text, or its UTF-8 bytes.
 * @param options `shorten`, `extraParams`, `requireProtocol`,
 * `permittedProtocols`.
 * @returns HTML.
 * @throws {TypeError} If `text` is a `Uint8Array` that is not valid UTF-8.
 *
 * @example Link URLs in text
 * ```ts
 * import { linkify } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   linkify("See http://example.com/a_(b). <Thanks>"),
 *   'See <a href="http://example.com/a_(b)">http://example.com/a_(b)</a>. &lt;Thanks&gt;',
 * );
 * assert.equal(
 *   linkify("www.example.com", { extraParams: 'rel="nofollow"' }),
 *   '<a href="http://www.example.com" rel="nofollow">www.example.com</a>',
 * );
 * ```
 *
 * @example Shorten long links
 * ```ts
 * import { linkify } from "@tornado-deno/tornado/escape";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   linkify("http://example.com/articles/2024/a-long-slug", { shorten: true }),
 *   '<a href="http://example.com/articles/2024/a-long-slug"' +
 *     ' title="http://example.com/articles/2024/a-long-slug">' +
 *     "http://example.com/articles...</a>",
 * );
 * ```
 */
export function linkify(
  text: string | Uint8Array,
  options?: LinkifyOptions,
): string {
  const escaped = xhtmlEscape(
    typeof text === "string" ? text : toUnicode(text),
  );
  const permitted = options?.permittedProtocols === undefined
    ? DEFAULT_PROTOCOLS
    : new Set(options.permittedProtocols);
  const extra = options?.extraParams ?? "";
  const link: LinkSettings = {
    shorten: options?.shorten ?? false,
    requireProtocol: options?.requireProtocol ?? false,
    permitted,
    extraParams: typeof extra === "string"
      ? (extra === "" ? "" : " " + pyStrip(extra))
      : extra,
  };

  let out = "";
  let last = 0; // end of the text already copied to out
  let runEnd = -1; // end of the current run of [\w-] characters
  let schemeMatch: SchemeMatch | null = null; // the scheme result for that run
  let p = 0;
  while (p < escaped.length) {
    const c = escaped.codePointAt(p)!;
    const size = c > 0xffff ? 2 : 1;
    const word = isPyWord(c);
    if (
      (!word && c !== 0x2d) || word === isPyWord(codePointBefore(escaped, p))
    ) {
      p += size; // no URL can start here (no [\w-], or no word boundary)
      continue;
    }
    if (p >= runEnd) {
      runEnd = p;
      while (runEnd < escaped.length) {
        const d = escaped.codePointAt(runEnd)!;
        if (!isPyWord(d) && d !== 0x2d) break;
        runEnd += d > 0xffff ? 2 : 1;
      }
      schemeMatch = matchScheme(escaped, runEnd);
    }
    let end = -1;
    let protocol = "";
    let slashes = 0;
    if (schemeMatch !== null) {
      end = schemeMatch.end;
      protocol = escaped.slice(p, runEnd);
      slashes = schemeMatch.slashes;
    } else if (escaped.startsWith("www.", p)) {
      end = matchBody(escaped, p + 4);
    }
    if (end < 0) {
      p += size;
      continue;
    }
    const url = escaped.slice(p, end);
    out += escaped.slice(last, p) + makeLink(url, protocol, slashes, link);
    last = p = end;
  }
  return last === 0 ? escaped : out + escaped.slice(last);
}

interface LinkSettings {
  shorten: boolean;
  requireProtocol: boolean;
  permitted: ReadonlySet<string>;
  extraParams: string | ((href: string) => string);
}

interface SchemeMatch {
  end: number;
  slashes: number;
}

function codePointBefore(text: string, i: number): number {
  if (i === 0) return -1;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) {
      return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
    }
  }
  return low;
}

/**
 * After a scheme name ending at `i`: matches `:`, one to three slashes and
 * a body, giving back slashes as the regular expression would when the body
 * cannot start right after them.
 */
function matchScheme(text: string, i: number): SchemeMatch | null {
  if (text.charCodeAt(i) !== 0x3a) return null; // ":"
  let count = 0;
  while (count < 3 && text.charCodeAt(i + 1 + count) === 0x2f) count++;
  for (let slashes = count; slashes >= 1; slashes--) {
    const end = matchBody(text, i + 1 + slashes);
    if (end >= 0) return { end, slashes };
  }
  return null;
}

/** Length of the X token at `i` (see the top of the file), 0 if none. */
function xToken(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c === 0x28 || c === 0x29 || isPySpace(c)) return 0; // ( ) whitespace
  if (c !== 0x26) return 1; // not &
  if (text.startsWith("&amp;", i)) return 5;
  if (text.startsWith("&quot;", i)) return 6;
  return 0;
}

// ASCII punctuation that may not end a URL: !"#$%&'()*+,.:;<=>?@[]^`{|}~
const NOT_FINAL = new Set(
  Array.from("!\"#$%&'()*+,.:;<=>?@[]^`{|}~", (ch) => ch.charCodeAt(0)),
);

function isFinal(c: number): boolean {
  return !NOT_FINAL.has(c) && !isPySpace(c);
}

/**
 * The body `(?: X* Y | \( X* \) )+` from `start`, matched greedily.
 * Returns its end, or -1 if not even one repetition matches.
 */
function matchBody(text: string, start: number): number {
  let pos = start;
  for (;;) {
    // X* Y: the longest run of X tokens that ends in a Y character.
    let lastFinal = -1;
    for (
      let i = pos, size = xToken(text, i);
      size > 0;
      i += size, size = xToken(text, i)
    ) {
      if (size === 1 && isFinal(text.charCodeAt(i))) lastFinal = i + 1;
    }
    if (lastFinal > 0) {
      pos = lastFinal;
      continue;
    }
    // \( X* \)
    if (text.charCodeAt(pos) !== 0x28) break;
    let j = pos + 1;
    for (let size = xToken(text, j); size > 0; size = xToken(text, j)) {
      j += size;
    }
    if (text.charCodeAt(j) !== 0x29) break;
    pos = j + 1;
  }
  return pos > start ? pos : -1;
}

function makeLink(
  url: string,
  protocol: string,
  slashes: number,
  settings: LinkSettings,
): string {
  if (protocol === "" && settings.requireProtocol) return url;
  if (
    protocol !== "" &&
    (!settings.permitted.has(protocol) ||
      FORBIDDEN_PROTOCOLS.has(protocol.toLowerCase()))
  ) {
    return url;
  }
  const href = protocol === "" ? "http://" + url : url;
  let params = typeof settings.extraParams === "string"
    ? settings.extraParams
    : " " + pyStrip(settings.extraParams(href));
  let text = url;
  if (settings.shorten) {
    const short = shortenUrl(url, protocol, slashes);
    if (short !== url) {
      text = short;
      params += ` title="${href}"`;
    }
  }
  return `<a href="${href}"${params}>${text}</a>`;
}

/**
 * Tornado's shortening, counted in code points as Python counts: keep the
 * scheme, host and up to 8 characters of the first path segment (cut at
 * `?` or `.`), or failing that the first 30 characters, without splitting
 * an entity, then add "...". Returns `url` if that would not be shorter.
 */
function shortenUrl(url: string, protocol: string, slashes: number): string {
  const original = Array.from(url);
  if (original.length <= MAX_LEN) return url;
  const prefixLength = protocol === ""
    ? 0
    : Array.from(protocol).length + 1 + slashes;
  let chars = original;
  const prefix = original.slice(0, prefixLength).join("");
  const parts = original.slice(prefixLength).join("").split("/");
  if (parts.length > 1) {
    const segment = Array.from(parts[1]!).slice(0, 8).join("");
    const head = segment.split("?")[0]!.split(".")[0]!;
    chars = Array.from(prefix + parts[0] + "/" + head);
  }
  if (chars.length > MAX_LEN * 1.5) chars = chars.slice(0, MAX_LEN);
  if (chars.join("") === url) return url;
  const amp = chars.lastIndexOf("&");
  if (amp > MAX_LEN - 5) chars = chars.slice(0, amp);
  if (chars.length + 3 >= original.length) return url;
  return chars.join("") + "...";
}
