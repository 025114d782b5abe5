// Character classes as Python's `re` and `str` methods see them, so that
// ports of Tornado's regular expressions match the same text.

/** Python's `str.isspace()` (and `\s` in a `str` pattern). */
const PY_SPACE_REGEXP: RegExp =
  // deno-lint-ignore no-control-regex
  /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

const PY_WORD_REGEXP = /[\p{L}\p{N}_]/u;
const DECIMAL_DIGIT_REGEXP = /\p{Nd}/u;

/** Whether a code point is in Python's `\w` (letters, numbers, `_`). */
export function isPyWord(codePoint: number): boolean {
  if (codePoint < 0x80) {
    return (codePoint >= 0x30 && codePoint <= 0x39) ||
      (codePoint >= 0x41 && codePoint <= 0x5a) ||
      (codePoint >= 0x61 && codePoint <= 0x7a) || codePoint === 0x5f;
  }
  return PY_WORD_REGEXP.test(String.fromCodePoint(codePoint));
}

/** Whether a UTF-16 code unit is in Python's whitespace set. */
export function isPySpace(code: number): boolean {
  if (code < 0x80) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) ||
      (code >= 0x1c && code <= 0x1f);
  }
  return PY_SPACE_REGEXP.test(String.fromCharCode(code));
}

/** Python's `str.strip()` with no argument. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * The value of a decimal digit (Unicode category Nd, any script), or -1.
 * Python's `int()` accepts all of them. Unicode keeps each script's digits
 * 0 to 9 in one contiguous run, so the value is the distance to the start of
 * the run, modulo 10 (some runs, like the mathematical digits, hold several
 * sets back to back).
 */
export function decimalDigitValue(codePoint: number): number {
  if (codePoint >= 0x30 && codePoint <= 0x39) return codePoint - 0x30;
  if (codePoint < 0x80 || !isDecimal(codePoint)) return -1;
  let start = codePoint;
  while (isDecimal(start - 1)) start--;
  return (codePoint - start) % 10;
}

function isDecimal(codePoint: number): boolean {
  return DECIMAL_DIGIT_REGEXP.test(String.fromCodePoint(codePoint));
}
