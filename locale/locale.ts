import { formatDate, formatDay } from "./_format_date.ts";
import { percentFormat } from "./_percent_format.ts";
import { registry } from "./_registry.ts";
import { LOCALE_NAMES } from "./locale_names.ts";

/**
 * A date to format: a `Date`, or a number of seconds (not milliseconds)
 * since the Unix epoch, as Tornado takes a timestamp.
 *
 * Tornado: the `date` argument of `Locale.format_date` (`datetime` or
 * timestamp)
 *
 * @example Two spellings of one instant
 * ```ts
 * import { type DateInput, Locale } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const asDate: DateInput = new Date("2024-01-22T10:00:00Z");
 * const asSeconds: DateInput = asDate.getTime() / 1000;
 * const en = Locale.get("en_US");
 * assert.equal(en.formatDay(asDate), en.formatDay(asSeconds));
 * ```
 */
export type DateInput = Date | number;

/**
 * Options for {@linkcode Locale.formatDate}.
 *
 * Tornado: the keyword arguments of `Locale.format_date`, plus `now`
 *
 * @example Absolute, short, in New York winter time
 * ```ts
 * import { type FormatDateOptions, Locale } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const options: FormatDateOptions = {
 *   gmtOffset: 300,
 *   shorter: true,
 *   fullFormat: true,
 * };
 * const date = new Date("2024-03-01T02:00:00Z"); // still Feb 29 in New York
 * assert.equal(Locale.get("en_US").formatDate(date, options), "February 29, 2024");
 * ```
 */
export interface FormatDateOptions {
  /**
   * Minutes to subtract from UTC to get the viewer's local time, the sign
   * convention of `Date.prototype.getTimezoneOffset()` (300 for UTC-5).
   * @default {0}
   */
  gmtOffset?: number;
  /** Say "2 minutes ago" or "yesterday" for recent dates. @default {true} */
  relative?: boolean;
  /** Leave out the time of day ("yesterday", "March 3"). @default {false} */
  shorter?: boolean;
  /** Always give month, day and year ("March 3, 2021 at 4:05 pm"). @default {false} */
  fullFormat?: boolean;
  /**
   * The instant that relative forms are measured from (a `Date` or seconds
   * since the epoch). Tornado always uses the current time; pass a fixed
   * value for tests. @default {new Date()}
   */
  now?: DateInput;
}

/**
 * Options for {@linkcode Locale.formatDay}.
 *
 * Tornado: the keyword arguments of `Locale.format_day`
 *
 * @example Without the weekday, in India
 * ```ts
 * import { type FormatDayOptions, Locale } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const options: FormatDayOptions = { gmtOffset: -330, dow: false };
 * const date = new Date("2024-01-22T20:00:00Z"); // 01:30 on the 23rd in India
 * assert.equal(Locale.get("en_US").formatDay(date, options), "January 23");
 * ```
 */
export interface FormatDayOptions {
  /** Minutes to subtract from UTC, as in {@linkcode FormatDateOptions}. @default {0} */
  gmtOffset?: number;
  /** Start with the day of the week ("Monday, January 22"). @default {true} */
  dow?: boolean;
}

const RTL_LANGUAGES: ReadonlySet<string> = new Set(["ar", "fa", "he", "ur"]);

/**
 * A locale: its code, native name and text direction, translation of
 * messages, and locale-aware formatting of dates, lists and numbers.
 *
 * Get one with {@linkcode Locale.get} or {@linkcode Locale.getClosest} after
 * loading translations with `loadTranslations()` (CSV) or
 * `loadGettextTranslations()` (`.mo`); the concrete class is `CSVLocale` or
 * `GettextLocale`. Without loaded translations every supported locale
 * returns messages unchanged.
 *
 * Tornado: `tornado.locale.Locale`
 *
 * @example Format for a user
 * ```ts
 * import { Locale } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const locale = Locale.get("en_US");
 * assert.equal(locale.name, "English (US)");
 * assert.equal(locale.list(["Ann", "Bob", "Cy"]), "Ann, Bob and Cy");
 * assert.equal(locale.friendlyNumber(1234567), "1,234,567");
 * ```
 */
export abstract class Locale {
  /**
   * Returns the locale for a code given in any common spelling, falling
   * back as Tornado does. For each code in turn: `-` becomes `_`, codes of
   * more than two parts are skipped, `language_REGION` is normalized to that
   * case, and the first code that is supported, or whose language alone
   * (`"es"` for `"es_MX"`) is supported, wins. Without a match, the default
   * locale (`en_US` unless `setDefaultLocale()` changed it).
   *
   * Tornado: `Locale.get_closest` (and `tornado.locale.get`)
   *
   * @param codes Locale codes in order of preference; empty ones are skipped.
   * @returns The best supported locale.
   *
   * @example Fall back to the default
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Locale.getClosest("xx-YY", "en-us").code, "en_US");
   * assert.equal(Locale.getClosest("tlh").code, "en_US");
   * ```
   */
  static getClosest(...codes: string[]): Locale {
    for (const given of codes) {
      if (!given) continue;
      let code = given.replaceAll("-", "_");
      const parts = code.split("_");
      if (parts.length > 2) continue;
      const language = (parts[0] as string).toLowerCase();
      if (parts.length === 2) {
        code = `${language}_${(parts[1] as string).toUpperCase()}`;
      }
      if (registry.supported.has(code)) return Locale.get(code);
      if (registry.supported.has(language)) return Locale.get(language);
    }
    return Locale.get(registry.defaultLocale);
  }

  /**
   * Returns the locale for an exact supported code (see
   * `getSupportedLocales()`). Locales are cached until translations are
   * loaded again.
   *
   * Tornado: `Locale.get`
   *
   * @param code A supported locale code such as `"es_GT"`.
   * @returns The locale.
   * @throws {RangeError} If the code is not supported.
   *
   * @example Get the default locale
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Locale.get("en_US").code, "en_US");
   * assert.throws(() => Locale.get("xx_XX"), RangeError);
   * ```
   */
  static get(code: string): Locale {
    const cached = registry.cache.get(code);
    if (cached !== undefined) return cached;
    if (!registry.supported.has(code)) {
      throw new RangeError(
        `Cannot get locale "${code}": it is not a supported locale`,
      );
    }
    const factory = registry.factories.get(code) ?? registry.emptyFactory;
    if (factory === null) {
      throw new TypeError(
        `Cannot get locale "${code}": import the locale module through its mod.ts`,
      );
    }
    const locale = factory(code);
    registry.cache.set(code, locale);
    return locale;
  }

  /** The locale code, e.g. `"es_GT"`. */
  readonly code: string;
  /** The native name from `LOCALE_NAMES`, or `"Unknown"`. */
  readonly name: string;
  /**
   * Whether the language is written right to left: Arabic, Persian, Hebrew
   * and Urdu. (Tornado 6.2 lists `ar`, `fa` and `he`; Urdu is added here.)
   */
  readonly rtl: boolean;

  /**
   * Creates a locale. Applications use {@linkcode Locale.get} instead.
   *
   * @param code The locale code.
   */
  constructor(code: string) {
    this.code = code;
    this.name = LOCALE_NAMES[code]?.name ?? "Unknown";
    this.rtl = RTL_LANGUAGES.has(code.split("_")[0] as string);
  }

  /**
   * Returns the translation of a message in this locale. With a plural
   * message and a count, the form that fits the count (`count === 1` picks
   * the singular in English). Untranslated messages come back unchanged.
   * Placeholders such as `%(name)s` are left for the caller to fill.
   *
   * Tornado: `Locale.translate`
   *
   * @param message The message in the default locale's language.
   * @returns The translation.
   *
   * @example Translate, or not
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * const en = Locale.get("en_US");
   * assert.equal(en.translate("Sign out"), "Sign out");
   * assert.equal(en.translate("1 file", "%(n)s files", 3), "%(n)s files");
   * ```
   */
  abstract translate(message: string): string;
  /**
   * Returns the translation of a message with singular and plural forms.
   *
   * @param message The singular message.
   * @param pluralMessage The plural message.
   * @param count The number that selects the form.
   * @returns The translation.
   */
  abstract translate(
    message: string,
    pluralMessage: string,
    count: number,
  ): string;

  /**
   * Returns the translation of a message in a context, which tells apart
   * identical messages with different meanings (`"law"`/`"right"`,
   * `"direction"`/`"right"`). Only gettext translations have contexts;
   * `CSVLocale` ignores the context.
   *
   * Tornado: `Locale.pgettext`
   *
   * @param context The context.
   * @param message The message.
   * @returns The translation.
   *
   * @example Without translations
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Locale.get("en_US").pgettext("law", "right"), "right");
   * ```
   */
  abstract pgettext(context: string, message: string): string;
  /**
   * Returns the plural-aware translation of a message in a context.
   *
   * @param context The context.
   * @param message The singular message.
   * @param pluralMessage The plural message.
   * @param count The number that selects the form.
   * @returns The translation.
   */
  abstract pgettext(
    context: string,
    message: string,
    pluralMessage: string,
    count: number,
  ): string;

  /**
   * Formats an instant (UTC) for people: "5 minutes ago", "yesterday at
   * 3:42 pm", "Monday at 9:30 am", "March 3 at 4:05 pm" or "March 3, 2021 at
   * 4:05 pm", with month, weekday and phrases translated. Dates more than a
   * minute in the future get the full format. English and Chinese (`zh_CN`)
   * use a 12-hour clock, other locales a 24-hour one.
   *
   * Tornado: `Locale.format_date` (which always measures from the current
   * time; here `options.now` can fix it).
   *
   * @param date The instant: a `Date` or seconds since the epoch.
   * @param options Time zone offset, relative/shorter/full forms, `now`.
   * @returns The formatted date.
   * @throws {RangeError} If `date` or `now` is not a valid date.
   *
   * @example Relative and absolute dates
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * const en = Locale.get("en_US");
   * const now = new Date("2024-03-15T12:00:00Z");
   * assert.equal(en.formatDate(new Date("2024-03-15T11:55:00Z"), { now }), "5 minutes ago");
   * assert.equal(en.formatDate(new Date("2024-03-14T09:42:00Z"), { now }), "yesterday at 9:42 am");
   * assert.equal(
   *   en.formatDate(new Date("2024-03-14T09:42:00Z"), { now, relative: false }),
   *   "Thursday at 9:42 am",
   * );
   * ```
   */
  formatDate(date: DateInput, options: FormatDateOptions = {}): string {
    return formatDate(this, date, options);
  }

  /**
   * Formats the day of an instant: "Monday, January 22", or "January 22"
   * with `dow: false`.
   *
   * Tornado: `Locale.format_day`
   *
   * @param date The instant: a `Date` or seconds since the epoch.
   * @param options Time zone offset and whether to name the weekday.
   * @returns The formatted day.
   * @throws {RangeError} If `date` is not a valid date.
   *
   * @example Name a day
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * const day = new Date("2024-01-22T10:00:00Z");
   * assert.equal(Locale.get("en_US").formatDay(day), "Monday, January 22");
   * assert.equal(Locale.get("en_US").formatDay(day, { dow: false }), "January 22");
   * ```
   */
  formatDay(date: DateInput, options: FormatDayOptions = {}): string {
    return formatDay(this, date, options);
  }

  /**
   * Joins parts as a list: "A, B and C", "A and B" or "A" (Persian uses its
   * own conjunction), with "and" translated.
   *
   * Tornado: `Locale.list`
   *
   * @param parts The items.
   * @returns The list as text; `""` for no parts.
   *
   * @example Join names
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Locale.get("en_US").list(["Ann", "Bob"]), "Ann and Bob");
   * ```
   */
  list(parts: readonly string[]): string {
    if (parts.length === 0) return "";
    if (parts.length === 1) return parts[0] as string;
    const comma = this.code.startsWith("fa") ? " \u0648 " : ", ";
    return percentFormat(this.translate("%(commas)s and %(last)s"), {
      commas: parts.slice(0, -1).join(comma),
      last: parts[parts.length - 1] as string,
    });
  }

  /**
   * Formats an integer with thousands separators in English (`en`,
   * `en_US`: "1,234,567"); other locales get the plain digits, as in
   * Tornado.
   *
   * Tornado: `Locale.friendly_number`
   *
   * @param value An integer (a safe-integer `number` or a `bigint`).
   * @returns The formatted number.
   * @throws {RangeError} If `value` is a number that is not an integer.
   *
   * @example Group digits
   * ```ts
   * import { Locale } from "@tornado-deno/tornado/locale";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Locale.get("en_US").friendlyNumber(-1234567), "-1,234,567");
   * ```
   */
  friendlyNumber(value: number | bigint): string {
    if (typeof value === "number" && !Number.isInteger(value)) {
      throw new RangeError(
        `Cannot format number "${value}": it is not an integer`,
      );
    }
    const digits = BigInt(value).toString();
    if (this.code !== "en" && this.code !== "en_US") return digits;
    const sign = digits.startsWith("-") ? "-" : "";
    let rest = digits.slice(sign.length);
    const groups: string[] = [];
    while (rest.length > 3) {
      groups.unshift(rest.slice(-3));
      rest = rest.slice(0, -3);
    }
    groups.unshift(rest);
    return sign + groups.join(",");
  }
}
