/**
 * Python behaviour that several folders reproduce to stay byte-compatible
 * with Tornado: the clock in seconds, `str.strip()` and `bytes.strip()`,
 * `int()` of a string, and the `N|` version prefix of signed values and
 * XSRF tokens.
 *
 * @module
 */

/**
 * Python's `str.isspace()` characters (`\s` in a `str` pattern), which
 * `str.strip()` and `int()` skip, as the inside of a RegExp character class.
 */
export const PY_SPACE: string =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_SPACE_REGEXP = new RegExp(`[${PY_SPACE}]`);
const PYTHON_INT_REGEXP = /^[+-]?[0-9]+(?:_[0-9]+)*$/;

/**
 * A value that starts with a format version and `|` (Tornado's
 * `_get_version` and XSRF token versions); group 1 is the version.
 */
export const VERSION_PREFIX_REGEXP: RegExp = /^([1-9][0-9]*)\|[^\n]*\n?$/;

/** The current time in seconds since the epoch, as Python's `time.time()`. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}

/** Python's `str.strip()`: trims every Unicode space Python knows. */
export function pyStrip(text: string): string {
  return stripBy(text, isPySpace);
}

/** Python's `bytes.strip()`: trims ASCII whitespace only. */
export function asciiStrip(text: string): string {
  return stripBy(text, isAsciiSpace);
}

// A scan from both ends: linear, where a `^…+|…+$` RegExp retries the
// tail match at every space of an inner run (quadratic on long runs).
function stripBy(text: string, isSpace: (code: number) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isAsciiSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function isPySpace(code: number): boolean {
  if (code < 0x80) return isAsciiSpace(code) || (code >= 0x1c && code <= 0x1f);
  return PY_SPACE_REGEXP.test(String.fromCharCode(code));
}

/**
 * Python's `int()` of a string (surrounding whitespace, a sign and `_`
 * between digits allowed), or `null` where Python raises `ValueError`.
 *
 * @param text The text to read.
 * @param strip How whitespace around the number is trimmed: `pyStrip` for a
 *   Python `str`, `asciiStrip` (the default) for `bytes`.
 */
export function parsePythonInt(
  text: string,
  strip: (text: string) => string = asciiStrip,
): number | null {
  const trimmed = strip(text);
  if (!PYTHON_INT_REGEXP.test(trimmed)) return null;
  return Number(trimmed.replaceAll("_", ""));
}
