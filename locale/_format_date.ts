// Tornado's Locale.format_date and Locale.format_day, on millisecond instants.
import { percentFormat } from "./_percent_format.ts";
import type {
  DateInput,
  FormatDateOptions,
  FormatDayOptions,
} from "./locale.ts";

/** What the date formatters need from a Locale. */
export interface DateLocale {
  readonly code: string;
  translate(message: string): string;
  translate(message: string, pluralMessage: string, count: number): string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/** Converts a Date or seconds since the epoch to milliseconds. */
export function toMilliseconds(value: DateInput, what: string): number {
  const ms = typeof value === "number" ? value * 1000 : value.getTime();
  if (!Number.isFinite(ms)) {
    throw new RangeError(
      `Cannot format ${what}: "${value}" is not a valid date`,
    );
  }
  return ms;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function monthName(locale: DateLocale, date: Date): string {
  return locale.translate(MONTHS[date.getUTCMonth()] as string);
}

function weekdayName(locale: DateLocale, date: Date): string {
  // getUTCDay() counts from Sunday; Tornado's table starts on Monday.
  return locale.translate(WEEKDAYS[(date.getUTCDay() + 6) % 7] as string);
}

function timeString(code: string, date: Date): string {
  const hour = date.getUTCHours();
  const minute = String(date.getUTCMinutes()).padStart(2, "0");
  const hour12 = hour % 12 || 12;
  if (code === "zh_CN") {
    return `${hour >= 12 ? "\u4e0b\u5348" : "\u4e0a\u5348"}${hour12}:${minute}`;
  }
  if (code === "en" || code === "en_US") {
    return `${hour12}:${minute} ${hour >= 12 ? "pm" : "am"}`;
  }
  return `${hour}:${minute}`;
}

/** Tornado's `Locale.format_date`, computed relative to `options.now`. */
export function formatDate(
  locale: DateLocale,
  date: DateInput,
  options: FormatDateOptions,
): string {
  const gmtOffset = options.gmtOffset ?? 0;
  const relative = options.relative ?? true;
  const shorter = options.shorter ?? false;
  let fullFormat = options.fullFormat ?? false;
  let dateMs = toMilliseconds(date, "date");
  const nowMs = toMilliseconds(options.now ?? new Date(), "now");
  if (dateMs > nowMs) {
    // A date a few seconds ahead (clock skew) reads as "now". Tornado looks
    // only at the seconds part of the difference, so it also does this for
    // dates whole days ahead; here only a difference under a minute counts.
    if (relative && dateMs - nowMs < MINUTE) dateMs = nowMs;
    else fullFormat = true;
  }
  const localDate = new Date(dateMs - gmtOffset * MINUTE);
  const localYesterday = new Date(nowMs - gmtOffset * MINUTE - DAY);
  const difference = nowMs - dateMs;
  const days = Math.floor(difference / DAY);
  const seconds = Math.floor((difference - days * DAY) / 1000);
  const _ = locale;

  let format: string | null = null;
  if (!fullFormat) {
    if (relative && days === 0) {
      if (seconds < 50) {
        return percentFormat(
          _.translate("1 second ago", "%(seconds)d seconds ago", seconds),
          { seconds },
        );
      }
      if (seconds < 50 * 60) {
        const minutes = roundHalfEven(seconds / 60);
        return percentFormat(
          _.translate("1 minute ago", "%(minutes)d minutes ago", minutes),
          { minutes },
        );
      }
      const hours = roundHalfEven(seconds / 3600);
      return percentFormat(
        _.translate("1 hour ago", "%(hours)d hours ago", hours),
        { hours },
      );
    }
    if (days === 0) {
      format = _.translate("%(time)s");
    } else if (
      days === 1 && relative &&
      localDate.getUTCDate() === localYesterday.getUTCDate()
    ) {
      format = shorter
        ? _.translate("yesterday")
        : _.translate("yesterday at %(time)s");
    } else if (days < 5) {
      format = shorter
        ? _.translate("%(weekday)s")
        : _.translate("%(weekday)s at %(time)s");
    } else if (days < 334) {
      // Eleven months: the same month last year would read ambiguously.
      format = shorter
        ? _.translate("%(month_name)s %(day)s")
        : _.translate("%(month_name)s %(day)s at %(time)s");
    }
  }
  format ??= shorter
    ? _.translate("%(month_name)s %(day)s, %(year)s")
    : _.translate("%(month_name)s %(day)s, %(year)s at %(time)s");
  return percentFormat(format, {
    month_name: monthName(locale, localDate),
    weekday: weekdayName(locale, localDate),
    day: String(localDate.getUTCDate()),
    year: String(localDate.getUTCFullYear()),
    time: timeString(locale.code, localDate),
  });
}

/** Tornado's `Locale.format_day`: "Monday, January 22" or "January 22". */
export function formatDay(
  locale: DateLocale,
  date: DateInput,
  options: FormatDayOptions,
): string {
  const local = new Date(
    toMilliseconds(date, "date") - (options.gmtOffset ?? 0) * MINUTE,
  );
  const values = {
    month_name: monthName(locale, local),
    weekday: weekdayName(locale, local),
    day: String(local.getUTCDate()),
  };
  return (options.dow ?? true)
    ? percentFormat(
      locale.translate("%(weekday)s, %(month_name)s %(day)s"),
      values,
    )
    : percentFormat(locale.translate("%(month_name)s %(day)s"), values);
}
