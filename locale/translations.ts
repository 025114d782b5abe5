import { join } from "node:path";
import { parseCsv } from "./_csv.ts";
import { MoCatalog } from "./_mo_file.ts";
import {
  type LocaleFactory,
  registry,
  replaceTranslations,
  updateSupported,
} from "./_registry.ts";
import { CSVLocale } from "./csv_locale.ts";
import { GettextLocale } from "./gettext_locale.ts";

// A supported code without translations (the default locale) gets an empty
// CSVLocale, as in Tornado.
registry.emptyFactory = (code) => new CSVLocale(code, {});

const CSV_NAME_REGEXP = /^[a-z]+(?:_[A-Z]+)?$/;
const PLURAL_INDICATORS = new Set(["plural", "singular", "unknown"]);

/**
 * Options for {@linkcode loadTranslations}.
 *
 * Tornado: the `encoding` argument of `load_translations`
 *
 * @example Read Latin-1 files
 * ```ts
 * import { Locale, type LoadTranslationsOptions, loadTranslations } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   // "Sí" in Latin-1: 0xED is "í"
 *   await Deno.writeFile(`${dir}/es.csv`, new Uint8Array([...new TextEncoder().encode('"Yes","S'), 0xed, 0x22]));
 *   const options: LoadTranslationsOptions = { encoding: "latin1" };
 *   await loadTranslations(dir, options);
 *   assert.equal(Locale.get("es").translate("Yes"), "Sí");
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export interface LoadTranslationsOptions {
  /**
   * The encoding of every file, a `TextDecoder` label such as `"utf-8"`,
   * `"utf-16"` or `"latin1"`. By default each file is read as UTF-16 when it
   * starts with a UTF-16 byte-order mark, else as UTF-8 (with or without a
   * BOM).
   */
  encoding?: string;
}

async function sortedEntries(directory: string): Promise<Deno.DirEntry[]> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(directory)) entries.push(entry);
  return entries.sort((
    a,
    b,
  ) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function decodeCsv(bytes: Uint8Array, encoding: string | undefined): string {
  let label = encoding?.toLowerCase();
  if (label === undefined || label === "utf-16") {
    // Python's "utf-16" follows the byte-order mark; TextDecoder's is LE.
    const be = bytes[0] === 0xfe && bytes[1] === 0xff;
    const le = bytes[0] === 0xff && bytes[1] === 0xfe;
    label = be ? "utf-16be" : le || label === "utf-16" ? "utf-16le" : "utf-8";
  }
  // TextDecoder drops a BOM that matches its encoding (Python's utf-8-sig).
  return new TextDecoder(label, { fatal: true }).decode(bytes);
}

type Table = Map<string, string>;

function readCsvTranslations(
  text: string,
  path: string,
): Record<"plural" | "singular" | "unknown", Table> {
  const tables = {
    plural: new Map() as Table,
    singular: new Map() as Table,
    unknown: new Map() as Table,
  };
  for (const { fields, line, problem } of parseCsv(text)) {
    if (problem !== undefined) {
      console.error(`Malformed CSV in "${path}" line ${line}: ${problem}`);
    }
    if (fields.length < 2) {
      if (fields.some((field) => field.trim() !== "")) {
        console.error(
          `Skipping row in "${path}" line ${line}: it needs at least 2 columns`,
        );
      }
      continue;
    }
    const [english, translation, indicator] = fields.map((f) => f.trim());
    const plural = indicator || "unknown";
    if (!PLURAL_INDICATORS.has(plural)) {
      console.error(
        `Skipping row in "${path}" line ${line}: unrecognized plural indicator "${plural}"`,
      );
      continue;
    }
    tables[plural as keyof typeof tables].set(
      english as string,
      translation as string,
    );
  }
  return tables;
}

/**
 * Loads translations from CSV files in a directory, replacing any loaded
 * before (CSV or gettext) and clearing the `Locale` cache.
 *
 * Each file is named after its locale (`es_GT.csv`, `fr.csv`) and holds rows
 * of `"original","translation"` with an optional third column `"plural"` or
 * `"singular"` for `translate(message, pluralMessage, count)`; a missing or
 * empty third column means the row serves `translate(message)`. Fields
 * follow RFC 4180 (double quotes, `""` for a quote, line breaks inside
 * quotes) and are trimmed. Placeholders are Python style: `%(name)s`.
 *
 * Problems never stop loading: a file with a bad name (not `xx` or `xx_YY`)
 * or that cannot be decoded is skipped, and a malformed or unusable row is
 * skipped (a row with text after a closing quote is kept, as Python's csv
 * reads it). Each problem is reported with `console.error`, naming the file
 * and, for rows, the line, as Tornado logs them.
 *
 * Tornado: `tornado.locale.load_translations`. Unlike Tornado, a detected
 * encoding applies to one file only, and the `Locale` cache is cleared.
 *
 * @example Load a directory of CSV files
 * ```ts
 * import { Locale, getSupportedLocales, loadTranslations } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   await Deno.writeTextFile(`${dir}/es_GT.csv`, '"Sign out","Salir"\n"Monday","lunes"\n');
 *   await loadTranslations(dir);
 *   assert.deepEqual(getSupportedLocales(), ["en_US", "es_GT"]);
 *   assert.equal(Locale.getClosest("es-gt").translate("Sign out"), "Salir");
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 *
 * @param directory The directory holding the `.csv` files.
 * @param options The encoding of the files.
 * @returns A promise that resolves once the translations are in use.
 * @throws {Deno.errors.NotFound} If the directory does not exist.
 * @throws {RangeError} If `options.encoding` is not a known encoding.
 */
export async function loadTranslations(
  directory: string,
  options: LoadTranslationsOptions = {},
): Promise<void> {
  if (options.encoding !== undefined) {
    new TextDecoder(options.encoding); // throws RangeError when unknown
  }
  const factories = new Map<string, LocaleFactory>();
  for (const entry of await sortedEntries(directory)) {
    if (!entry.name.endsWith(".csv")) continue;
    const path = join(directory, entry.name);
    const code = entry.name.slice(0, -4);
    if (!CSV_NAME_REGEXP.test(code)) {
      console.error(
        `Skipping "${path}": unrecognized locale "${code}" (expected a name like "es_GT.csv")`,
      );
      continue;
    }
    let text: string;
    try {
      text = decodeCsv(await Deno.readFile(path), options.encoding);
    } catch (error) {
      console.error(`Skipping "${path}": ${(error as Error).message}`);
      continue;
    }
    const tables = readCsvTranslations(text, path);
    factories.set(code, (c) => new CSVLocale(c, tables));
  }
  replaceTranslations(factories);
}

/**
 * Loads gettext translations from a locale tree
 * `<directory>/<code>/LC_MESSAGES/<domain>.mo` (as `/usr/share/locale`),
 * replacing any loaded before and clearing the `Locale` cache. Catalogs are
 * compiled with `msgfmt` (GNU gettext); both byte orders, `msgctxt`
 * contexts and `Plural-Forms` rules are supported.
 *
 * A `.mo` file that cannot be read or parsed (bad magic number, offsets past
 * its end, an invalid `Plural-Forms` rule, an unknown charset) is skipped
 * with a `console.error` that names the file and the reason; the other
 * locales still load, as in Tornado.
 *
 * Tornado: `tornado.locale.load_gettext_translations`
 *
 * @example Load a gettext tree
 * ```ts ignore
 * import { Locale, loadGettextTranslations } from "@tornado-deno/tornado/locale";
 *
 * // locale/es/LC_MESSAGES/myapp.mo, from: msgfmt es.po -o locale/es/LC_MESSAGES/myapp.mo
 * await loadGettextTranslations("locale", "myapp");
 * console.log(Locale.get("es").translate("Sign out"));
 * ```
 *
 * @param directory The root of the locale tree.
 * @param domain The catalog name, the `.mo` file name without extension.
 * @returns A promise that resolves once the translations are in use.
 * @throws {Deno.errors.NotFound} If the directory does not exist.
 */
export async function loadGettextTranslations(
  directory: string,
  domain: string,
): Promise<void> {
  const factories = new Map<string, LocaleFactory>();
  for (const entry of await sortedEntries(directory)) {
    if (entry.name.startsWith(".")) continue;
    const path = join(directory, entry.name, "LC_MESSAGES", `${domain}.mo`);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      if (error instanceof Deno.errors.NotADirectory) continue;
      console.error(
        `Cannot load translation for "${entry.name}": ${
          (error as Error).message
        }`,
      );
      continue;
    }
    let catalog: MoCatalog;
    try {
      catalog = new MoCatalog(bytes, path);
    } catch (error) {
      console.error(
        `Cannot load translation for "${entry.name}": ${
          (error as Error).message
        }`,
      );
      continue;
    }
    factories.set(entry.name, (code) => new GettextLocale(code, catalog));
  }
  replaceTranslations(factories);
}

/**
 * Returns the codes of the supported locales, sorted: every locale with
 * loaded translations, plus the default locale.
 *
 * Tornado: `tornado.locale.get_supported_locales` (a frozenset there)
 *
 * @returns The locale codes.
 *
 * @example The default locale is always supported
 * ```ts
 * import { getSupportedLocales } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * assert.ok(getSupportedLocales().includes("en_US"));
 * ```
 */
export function getSupportedLocales(): string[] {
  return [...registry.supported].sort();
}

/**
 * Sets the default locale: the language of the messages in the code, which
 * needs no translation file, and the fallback of `Locale.getClosest`. It is
 * `en_US` until changed, and stays set when translations are reloaded.
 *
 * Tornado: `tornado.locale.set_default_locale`
 *
 * @param code The locale code, e.g. `"de_DE"`.
 *
 * @example Change and restore the default
 * ```ts
 * import { Locale, setDefaultLocale } from "@tornado-deno/tornado/locale";
 * import assert from "node:assert/strict";
 *
 * setDefaultLocale("de_DE");
 * assert.equal(Locale.getClosest("xx").code, "de_DE");
 * setDefaultLocale("en_US");
 * ```
 */
export function setDefaultLocale(code: string): void {
  registry.defaultLocale = code;
  updateSupported();
}
