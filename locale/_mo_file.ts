// Parser of GNU gettext binary catalogs (.mo), in either byte order.
// Layout: magic, revision, count N, offset of the original-string table,
// offset of the translation table; each table holds N (length, offset) pairs.
import type { GettextTranslations } from "./gettext_locale.ts";
import { compilePluralForms, type PluralRule } from "./_plural_forms.ts";

const LE_MAGIC = 0x950412de;
const BE_MAGIC = 0xde120495;
const HEADER_SIZE = 20;

/** A parsed catalog with Python `GNUTranslations` lookup rules. */
export class MoCatalog implements GettextTranslations {
  #messages = new Map<string, string>();
  #plurals = new Map<string, string[]>();
  #plural: PluralRule = (n) => (n !== 1 ? 1 : 0);

  /**
   * Parses the bytes of a .mo file.
   *
   * @throws {SyntaxError} Naming `filename`, if the file is malformed.
   */
  constructor(bytes: Uint8Array, filename: string) {
    const fail = (reason: string): never => {
      throw new SyntaxError(`Cannot parse "${filename}": ${reason}`);
    };
    if (bytes.length < HEADER_SIZE) fail("file too short for a .mo header");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const magic = view.getUint32(0, true);
    if (magic !== LE_MAGIC && magic !== BE_MAGIC) {
      fail(`bad magic number "0x${magic.toString(16).padStart(8, "0")}"`);
    }
    const le = magic === LE_MAGIC;
    const u32 = (offset: number): number => view.getUint32(offset, le);
    const major = u32(4) >>> 16;
    if (major > 1) fail(`unsupported major revision "${major}"`);
    const count = u32(8);
    const originals = u32(12);
    const translations = u32(16);
    if (
      originals + count * 8 > bytes.length ||
      translations + count * 8 > bytes.length
    ) {
      fail(`string tables of ${count} entries run past the end of the file`);
    }
    const slice = (table: number, i: number): Uint8Array => {
      const length = u32(table + i * 8);
      const offset = u32(table + i * 8 + 4);
      if (offset + length > bytes.length) {
        fail(`string ${i} runs past the end of the file`);
      }
      return bytes.subarray(offset, offset + length);
    };
    let decoder = new TextDecoder("utf-8", { fatal: true });
    const decode = (data: Uint8Array, i: number): string => {
      try {
        return decoder.decode(data);
      } catch {
        return fail(`string ${i} is not valid ${decoder.encoding}`);
      }
    };
    for (let i = 0; i < count; i++) {
      const original = slice(originals, i);
      const translation = slice(translations, i);
      if (original.length === 0) {
        const charset = this.#readHeader(decode(translation, i), fail);
        if (charset !== null) {
          try {
            decoder = new TextDecoder(charset, { fatal: true });
          } catch {
            fail(`unknown charset "${charset}"`);
          }
        }
      }
      const msgid = decode(original, i);
      const msgstr = decode(translation, i);
      const nul = msgid.indexOf("\0");
      if (nul === -1) {
        this.#messages.set(msgid, msgstr);
      } else {
        this.#plurals.set(msgid.slice(0, nul), msgstr.split("\0"));
      }
    }
  }

  // Reads the catalog header (the translation of ""): returns its charset
  // and compiles its plural rule.
  #readHeader(text: string, fail: (reason: string) => never): string | null {
    let charset: string | null = null;
    for (const rawLine of text.split("\n")) {
      const colon = rawLine.indexOf(":");
      if (colon === -1) continue;
      const key = rawLine.slice(0, colon).trim().toLowerCase();
      const value = rawLine.slice(colon + 1).trim();
      if (key === "content-type") {
        charset = /charset=([^\s;]+)/i.exec(value)?.[1] ?? null;
      } else if (key === "plural-forms") {
        const rule = value.split(";").map((part) => part.trim())
          .find((part) => part.startsWith("plural="));
        if (rule === undefined) fail(`no "plural=" in Plural-Forms "${value}"`);
        try {
          this.#plural = compilePluralForms((rule as string).slice(7));
        } catch (error) {
          fail((error as Error).message);
        }
      }
    }
    return charset;
  }

  gettext(message: string): string {
    return this.#messages.get(message) ?? message;
  }

  ngettext(message: string, pluralMessage: string, count: number): string {
    const forms = this.#plurals.get(message);
    if (forms !== undefined) {
      let index: number | undefined;
      try {
        index = this.#plural(count);
      } catch {
        // A division by zero in the rule: use the untranslated message.
      }
      const form = index === undefined ? undefined : forms[index];
      if (form !== undefined) return form;
    }
    return count === 1 ? message : pluralMessage;
  }
}
