// Parsing of option values from text, as Tornado's _Option.parse: numbers
// as Python's int()/float(), booleans ("false", "0", "f" are false), the
// date formats of Tornado's _DATETIME_FORMATS, and timedelta strings.

/** The value types an option can have. */
export type OptionType =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "date"
  | "duration";

/** Longest list an `a:b` range may expand to. */
export const MAX_RANGE_SIZE = 100_000;

const INTEGER_REGEXP = /^[+-]?\d+(?:_\d+)*$/;
const FLOAT_REGEXP =
  /^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const SPECIAL_FLOAT_REGEXP = /^([+-]?)(inf|infinity|nan)$/i;

function parseInteger(text: string): number {
  const trimmed = text.trim();
  if (!INTEGER_REGEXP.test(trimmed)) {
    throw new SyntaxError(`"${text}" is not an integer`);
  }
  return Number(trimmed.replaceAll("_", ""));
}

function parseNumber(text: string): number {
  const trimmed = text.trim();
  const special = trimmed.match(SPECIAL_FLOAT_REGEXP);
  if (special) {
    if (special[2]!.toLowerCase() === "nan") return NaN;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  if (!FLOAT_REGEXP.test(trimmed)) {
    throw new SyntaxError(`"${text}" is not a number`);
  }
  return Number(trimmed.replaceAll("_", ""));
}

function parseBoolean(text: string): boolean {
  return !["false", "0", "f"].includes(text.toLowerCase());
}

// strptime pieces, in Python's alternation order (its regexes match the
// same way: leftmost alternative first, then the whole string must be used).
const PIECES: Record<string, string> = {
  "%a": "(?<a>mon|tue|wed|thu|fri|sat|sun)",
  "%b": "(?<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
  "%Y": "(?<Y>\\d\\d\\d\\d)",
  "%m": "(?<m>1[0-2]|0[1-9]|[1-9])",
  "%d": "(?<d>3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])",
  "%H": "(?<H>2[0-3]|[0-1]\\d|\\d)",
  "%M": "(?<M>[0-5]\\d|\\d)",
  "%S": "(?<S>6[0-1]|[0-5]\\d|\\d)",
};
const DATE_FORMATS = [
  "%a %b %d %H:%M:%S %Y",
  "%Y-%m-%d %H:%M:%S",
  "%Y-%m-%d %H:%M",
  "%Y-%m-%dT%H:%M",
  "%Y%m%d %H:%M:%S",
  "%Y%m%d %H:%M",
  "%Y-%m-%d",
  "%Y%m%d",
  "%H:%M:%S",
  "%H:%M",
];
const DATE_REGEXPS = DATE_FORMATS.map((format) =>
  new RegExp(
    "^" +
      format.replace(/%[a-zA-Z]| /g, (p) => p === " " ? "\\s+" : PIECES[p]!),
    "i",
  )
);
const MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split(" ");

function parseDate(text: string): Date {
  for (const regexp of DATE_REGEXPS) {
    const match = regexp.exec(text);
    if (!match || match[0].length !== text.length) continue;
    const g = match.groups!;
    const year = Number(g.Y ?? 1900);
    const month = g.b
      ? MONTHS.indexOf(g.b.toLowerCase())
      : Number(g.m ?? 1) - 1;
    const day = Number(g.d ?? 1);
    const [hour, minute, second] = [g.H, g.M, g.S].map((v) => Number(v ?? 0));
    const date = new Date(2000, month, day, hour, minute, second);
    date.setFullYear(year);
    if (
      year >= 1 && date.getMonth() === month && date.getDate() === day &&
      second! <= 59
    ) {
      return date;
    }
  }
  throw new SyntaxError(`Unrecognized date/time format: "${text}"`);
}

const DURATION_UNITS: Record<string, number> = {
  weeks: 604800,
  days: 86400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
  milliseconds: 0.001,
  microseconds: 0.000001,
};
const UNIT_ABBREVIATIONS: Record<string, string> = {
  h: "hours",
  m: "minutes",
  min: "minutes",
  s: "seconds",
  sec: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  d: "days",
  w: "weeks",
};
const DURATION_PART_REGEXP =
  /\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(\w*)\s*/y;

/** Parses `"1h 30m"`, `"2.5 minutes"`, `"45"` (seconds) into seconds. */
function parseDuration(text: string): number {
  let total = 0;
  DURATION_PART_REGEXP.lastIndex = 0;
  while (DURATION_PART_REGEXP.lastIndex < text.length) {
    const match = DURATION_PART_REGEXP.exec(text);
    const unit = match &&
      (UNIT_ABBREVIATIONS[match[2]!] ?? (match[2] || "seconds"));
    if (!match || !Object.hasOwn(DURATION_UNITS, unit!)) {
      throw new SyntaxError(`"${text}" is not a duration`);
    }
    total += Number(match[1]) * DURATION_UNITS[unit!]!;
  }
  return Math.round(total * 1e6) / 1e6;
}

/** Parses one value of `type` from text. */
export function parseScalar(type: OptionType, text: string): unknown {
  switch (type) {
    case "string":
      return text;
    case "integer":
      return parseInteger(text);
    case "number":
      return parseNumber(text);
    case "boolean":
      return parseBoolean(text);
    case "date":
      return parseDate(text);
    case "duration":
      return parseDuration(text);
  }
}

/**
 * Parses a comma-separated list; numeric parts may be inclusive ranges
 * `lo:hi` of integers, as Tornado does for int options.
 */
export function parseList(type: OptionType, text: string): unknown[] {
  const values: unknown[] = [];
  for (const part of text.split(",")) {
    if ((type === "integer" || type === "number") && part.includes(":")) {
      const colon = part.indexOf(":");
      const lo = parseInteger(part.slice(0, colon));
      const hiText = part.slice(colon + 1);
      const hi = hiText === "" ? lo : parseInteger(hiText);
      if (hi - lo + 1 + values.length > MAX_RANGE_SIZE) {
        throw new RangeError(
          `range "${part}" is too long: at most ${MAX_RANGE_SIZE} values`,
        );
      }
      for (let n = lo; n <= hi; n++) values.push(n);
    } else {
      values.push(parseScalar(type, part));
    }
  }
  return values;
}

/** Whether `value` has `type` (for values set from code or JSON). */
export function hasType(type: OptionType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
    case "duration":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return value instanceof Date;
  }
}

/** The type of an option defined without one: from its default. */
export function inferType(defaultValue: unknown): OptionType {
  const sample = Array.isArray(defaultValue) ? defaultValue[0] : defaultValue;
  if (typeof sample === "number") return "number";
  if (typeof sample === "boolean") return "boolean";
  if (sample instanceof Date) return "date";
  return "string";
}
