import { Locale } from "./locale.ts";

/**
 * A gettext catalog as `GettextLocale` uses it: the `gettext` and
 * `ngettext` lookups of Python's `gettext.GNUTranslations`. Each returns its
 * message argument (`ngettext`: `message` when `count === 1`, else
 * `pluralMessage`) when it has no translation.
 *
 * Tornado: the `gettext.NullTranslations` interface `GettextLocale` uses
 *
 * @example A catalog in code
 * ```ts
 * import { GettextLocale, type GettextTranslations } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const words = new Map([["Yes", "Ja"]]);
 * const catalog: GettextTranslations = {
 *   gettext: (message) => words.get(message) ?? message,
 *   ngettext: (message, plural, count) => (count === 1 ? message : plural),
 * };
 * assert.equal(new GettextLocale("de", catalog).translate("Yes"), "Ja");
 * ```
 */
export interface GettextTranslations {
  /**
   * Looks up a message.
   *
   * @param message The message (for a context, `context + "\x04" + message`).
   * @returns The translation, or `message`.
   */
  gettext(message: string): string;
  /**
   * Looks up the plural form of a message for a count, with the catalog's
   * `Plural-Forms` rule.
   *
   * @param message The singular message.
   * @param pluralMessage The plural message.
   * @param count The number that selects the form.
   * @returns The translation, or an untranslated message.
   */
  ngettext(message: string, pluralMessage: string, count: number): string;
}

/** Separates context and message in gettext catalogs (`msgctxt`). */
const CONTEXT_SEPARATOR = "\x04";

/**
 * A locale whose translations come from a gettext `.mo` catalog (see
 * `loadGettextTranslations()`), with the catalog's plural rule and
 * `msgctxt` contexts for `pgettext`.
 *
 * Tornado: `tornado.locale.GettextLocale`
 *
 * @example Wrap a catalog
 * ```ts
 * import { GettextLocale } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const catalog = {
 *   gettext: (m: string) => (m === "law\x04right" ? "derecho" : m),
 *   ngettext: (m: string, p: string, n: number) => (n === 1 ? m : p),
 * };
 * const es = new GettextLocale("es", catalog);
 * assert.equal(es.pgettext("law", "right"), "derecho");
 * assert.equal(es.pgettext("direction", "right"), "right");
 * ```
 */
export class GettextLocale extends Locale {
  #catalog: GettextTranslations;

  /**
   * Creates a gettext locale. Applications normally call `Locale.get(code)`
   * after `loadGettextTranslations()` instead.
   *
   * @param code The locale code.
   * @param translations The catalog.
   */
  constructor(code: string, translations: GettextTranslations) {
    super(code);
    this.#catalog = translations;
  }

  /**
   * Returns the translation of a message (see `Locale.translate`).
   *
   * @param message The message.
   * @returns The translation.
   */
  override translate(message: string): string;
  /**
   * Returns the form of a message that the catalog's plural rule picks.
   *
   * @param message The singular message.
   * @param pluralMessage The plural message.
   * @param count The number that selects the form.
   * @returns The translation.
   */
  override translate(
    message: string,
    pluralMessage: string,
    count: number,
  ): string;
  override translate(
    message: string,
    pluralMessage?: string,
    count?: number,
  ): string {
    if (pluralMessage === undefined) return this.#catalog.gettext(message);
    return this.#catalog.ngettext(
      message,
      pluralMessage,
      checkCount(message, count),
    );
  }

  /**
   * Returns the translation of a message in a context; without one, the
   * message itself.
   *
   * @param context The context (`msgctxt`).
   * @param message The message.
   * @returns The translation.
   */
  override pgettext(context: string, message: string): string;
  /**
   * Returns the plural form of a message in a context; without a
   * translation in that context, the context-free plural translation.
   *
   * @param context The context (`msgctxt`).
   * @param message The singular message.
   * @param pluralMessage The plural message.
   * @param count The number that selects the form.
   * @returns The translation.
   */
  override pgettext(
    context: string,
    message: string,
    pluralMessage: string,
    count: number,
  ): string;
  override pgettext(
    context: string,
    message: string,
    pluralMessage?: string,
    count?: number,
  ): string {
    const prefix = context + CONTEXT_SEPARATOR;
    if (pluralMessage === undefined) {
      const result = this.#catalog.gettext(prefix + message);
      return result.includes(CONTEXT_SEPARATOR) ? message : result;
    }
    const n = checkCount(message, count);
    const result = this.#catalog.ngettext(
      prefix + message,
      prefix + pluralMessage,
      n,
    );
    return result.includes(CONTEXT_SEPARATOR)
      ? this.#catalog.ngettext(message, pluralMessage, n)
      : result;
  }
}

function checkCount(message: string, count: number | undefined): number {
  if (typeof count !== "number") {
    throw new TypeError(
      `Cannot translate "${message}": a plural message needs a count`,
    );
  }
  return count;
}
