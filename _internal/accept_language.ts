// The Accept-Language parser behind RequestHandler.getBrowserLocale()
// (private: only web/ needs it).

/** Entries of an `Accept-Language` header considered; the rest are ignored. */
const MAX_ACCEPT_LANGUAGE_ENTRIES = 100;

// Python float() syntax, the parser Tornado uses for q-values.
const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT_REGEXP = new RegExp(
  String.raw`^[+-]?(?:(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})` +
    String.raw`(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  "i",
);

function qValue(text: string): number {
  const trimmed = text.trim();
  if (!FLOAT_REGEXP.test(trimmed)) return 0;
  const clean = trimmed.replaceAll("_", "").toLowerCase();
  const unsigned = clean.replace(/^[+-]/, "");
  const sign = clean.startsWith("-") ? -1 : 1;
  const value = unsigned.startsWith("inf")
    ? sign * Infinity
    : unsigned === "nan"
    ? NaN
    : Number(clean);
  return value < 0 ? 0 : value;
}

/**
 * Parses an `Accept-Language` header into language codes, best first, as
 * `RequestHandler.getBrowserLocale()` needs them. Entries are split on
 * commas; a `;q=` weight orders them (stable, so equal weights keep header
 * order), an entry without one weighs 1, and entries weighing 0 or with an
 * unparsable weight are dropped. Codes are returned as written (`"en-US"`);
 * `Locale.getClosest()` normalizes them. Only the first 100 entries are
 * read. Linear time.
 *
 * How `getBrowserLocale(defaultCode = "en_US")` uses it (Tornado's rule):
 * ```ts ignore
 * const header = request.headers.get("Accept-Language");
 * const codes = header === null ? [] : parseAcceptLanguage(header);
 * return codes.length > 0
 *   ? Locale.getClosest(...codes)
 *   : Locale.getClosest(defaultCode);
 * ```
 *
 * Tornado: the parsing in `RequestHandler.get_browser_locale`
 *
 * @param header The header value.
 * @returns The codes, highest weight first.
 */
export function parseAcceptLanguage(header: string): string[] {
  const weighted: { code: string; q: number }[] = [];
  const entries = header.split(",", MAX_ACCEPT_LANGUAGE_ENTRIES);
  for (const entry of entries) {
    const parts = entry.trim().split(";");
    const code = parts[0] as string;
    const param = parts[1]?.trim();
    const q = param !== undefined && param.startsWith("q=")
      ? qValue(param.slice(2))
      : 1;
    if (q > 0) weighted.push({ code, q });
  }
  weighted.sort((a, b) => b.q - a.q);
  return weighted.map((entry) => entry.code);
}
