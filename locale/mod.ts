/**
 * Translation and locale-aware formatting, as Tornado's `tornado.locale`:
 * load CSV or gettext (`.mo`) translations once at startup, then pick a
 * locale per user with `Locale.getClosest()` and translate messages, format
 * dates ("5 minutes ago"), lists and numbers.
 *
 * Module state: as in Tornado, the loaded translations, the supported
 * locales, the default locale and the cache of `Locale` objects are global
 * to this module. `loadTranslations()` and `loadGettextTranslations()`
 * replace the translations (and clear the cache) each time they run; load an
 * empty directory to go back to none. `setDefaultLocale("en_US")` restores
 * the default. Tests reset the state that way.
 *
 * Problems in translation files never stop loading: a bad file name, an
 * undecodable or corrupt file, or a bad CSV row is skipped and reported with
 * `console.error`, naming the file (and line), as Tornado logs them.
 *
 * @example Translate for a user
 * ```ts
 * import { Locale, loadTranslations } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   await Deno.writeTextFile(
 *     `${dir}/es.csv`,
 *     '"%(name)s liked this","A %(name)s le gustó esto","singular"\n' +
 *       '"%(name)s liked this","A %(name)s les gustó esto","plural"\n',
 *   );
 *   await loadTranslations(dir);
 *   const es = Locale.getClosest("es-MX", "en");
 *   assert.equal(es.code, "es");
 *   assert.equal(
 *     es.translate("%(name)s liked this", "%(name)s liked this", 2),
 *     "A %(name)s les gustó esto",
 *   );
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 *
 * @module
 */
export {
  type DateInput,
  type FormatDateOptions,
  type FormatDayOptions,
  Locale,
} from "./locale.ts";
export { CSVLocale, type CSVTranslations } from "./csv_locale.ts";
export { GettextLocale, type GettextTranslations } from "./gettext_locale.ts";
export {
  getSupportedLocales,
  loadGettextTranslations,
  loadTranslations,
  type LoadTranslationsOptions,
  setDefaultLocale,
} from "./translations.ts";
export { LOCALE_NAMES, type LocaleName } from "./locale_names.ts";
