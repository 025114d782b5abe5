import { Locale } from "./locale.ts";

/**
 * The messages of one CSV locale, by plural indicator (the optional third
 * column): `singular` and `plural` rows serve
 * `translate(message, pluralMessage, count)`, `unknown` rows (no or empty
 * indicator) serve `translate(message)`. Each map goes from the original
 * message to its translation.
 *
 * Tornado: the dictionaries `load_translations` builds per locale
 *
 * @example Singular and plural rows
 * ```ts
 * import { CSVLocale, type CSVTranslations } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const translations: CSVTranslations = {
 *   singular: new Map([["1 cat", "1 gato"]]),
 *   plural: new Map([["%(n)d cats", "%(n)d gatos"]]),
 * };
 * const es = new CSVLocale("es", translations);
 * assert.equal(es.translate("1 cat", "%(n)d cats", 1), "1 gato");
 * assert.equal(es.translate("1 cat", "%(n)d cats", 2), "%(n)d gatos");
 * ```
 */
export interface CSVTranslations {
  /** Translations used when `count !== 1`, keyed by the plural message. */
  readonly plural?: ReadonlyMap<string, string>;
  /** Translations used when `count === 1`. */
  readonly singular?: ReadonlyMap<string, string>;
  /** Translations used without a plural message. */
  readonly unknown?: ReadonlyMap<string, string>;
}

/**
 * A locale whose translations come from Tornado's CSV format (see
 * `loadTranslations()`). `pgettext` ignores the context, with a one-time
 * warning when the locale has translations, as Tornado does.
 *
 * Tornado: `tornado.locale.CSVLocale`
 *
 * @example Translate with a plural indicator
 * ```ts
 * import { CSVLocale } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const es = new CSVLocale("es_GT", {
 *   unknown: new Map([["Sign out", "Salir"]]),
 *   singular: new Map([["%(n)s file", "%(n)s archivo"]]),
 *   plural: new Map([["%(n)s files", "%(n)s archivos"]]),
 * });
 * assert.equal(es.translate("Sign out"), "Salir");
 * assert.equal(es.translate("%(n)s file", "%(n)s files", 2), "%(n)s archivos");
 * assert.equal(es.translate("Help"), "Help");
 * ```
 */
export class CSVLocale extends Locale {
  #translations: CSVTranslations;
  #warned = false;

  /**
   * Creates a CSV locale. Applications normally call `Locale.get(code)`
   * after `loadTranslations()` instead.
   *
   * @param code The locale code.
   * @param translations The messages, by plural indicator.
   */
  constructor(code: string, translations: CSVTranslations) {
    super(code);
    this.#translations = translations;
  }

  /**
   * Returns the translation of a message (see `Locale.translate`).
   *
   * @param message The message.
   * @returns The translation.
   */
  override translate(message: string): string;
  /**
   * Returns the singular or plural translation (`count === 1` is singular).
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
    let table: ReadonlyMap<string, string> | undefined;
    if (pluralMessage !== undefined) {
      if (typeof count !== "number") {
        throw new TypeError(
          `Cannot translate "${message}": a plural message needs a count`,
        );
      }
      if (count !== 1) {
        message = pluralMessage;
        table = this.#translations.plural;
      } else {
        table = this.#translations.singular;
      }
    } else {
      table = this.#translations.unknown;
    }
    return table?.get(message) ?? message;
  }

  /**
   * Translates ignoring the context: the CSV format has none.
   *
   * @param context The context (ignored).
   * @param message The message.
   * @returns The translation.
   */
  override pgettext(context: string, message: string): string;
  /**
   * Translates a plural message ignoring the context.
   *
   * @param context The context (ignored).
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
    _context: string,
    message: string,
    pluralMessage?: string,
    count?: number,
  ): string {
    const t = this.#translations;
    if (
      !this.#warned && (t.plural?.size || t.singular?.size || t.unknown?.size)
    ) {
      this.#warned = true;
      console.warn(`pgettext is not supported by CSVLocale "${this.code}"`);
    }
    return pluralMessage === undefined
      ? this.translate(message)
      : this.translate(message, pluralMessage, count as number);
  }
}
