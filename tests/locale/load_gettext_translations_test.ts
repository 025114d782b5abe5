import assert from "node:assert/strict";
import { join } from "node:path";
import {
  getSupportedLocales,
  GettextLocale,
  loadGettextTranslations,
  loadTranslations,
  Locale,
} from "../../locale/mod.ts";
import {
  buildMoFile,
  captureConsole,
  makeTree,
  type MoEntry,
  moHeader,
} from "./mo_writer.ts";

const DATA = join(import.meta.dirname!, "..", "testdata", "locale");
const DOMAIN = "tornado_deno_test";

async function resetTranslations(): Promise<void> {
  const empty = await Deno.makeTempDir();
  await loadTranslations(empty);
  await Deno.remove(empty);
}

async function withTree(
  files: Record<string, Uint8Array | string>,
  fn: (root: string) => Promise<void>,
): Promise<void> {
  const root = await makeTree(files);
  try {
    await fn(root);
  } finally {
    await resetTranslations();
    await Deno.remove(root, { recursive: true });
  }
}

const SPANISH: MoEntry[] = [
  moHeader("nplurals=2; plural=(n != 1);"),
  ["Yes", "Sí"],
  ["file\0files", "archivo\0archivos"],
  ["law\x04right", "derecho"],
  ["stick\x04club\0clubs", "garrote\0garrotes"],
];

Deno.test("loadGettextTranslations() loads msgfmt catalogs in both byte orders", async () => {
  for (const tree of ["gettext", "gettext_be"]) {
    try {
      await loadGettextTranslations(join(DATA, tree), DOMAIN);
      assert.deepEqual(getSupportedLocales(), ["ar", "en_US", "es", "pl"]);
      const es = Locale.getClosest("es-MX");
      assert.ok(es instanceof GettextLocale);
      assert.equal(es.translate("Sign out"), "Cerrar sesión", tree);
      assert.equal(es.translate("Fuzzy"), "Fuzzy"); // msgfmt drops fuzzy entries
      assert.equal(es.pgettext("law", "right"), "derecho");
      assert.equal(es.pgettext("stick", "club", "clubs", 3), "garrotes");
      assert.equal(
        Locale.get("pl").translate("%(n)d file", "%(n)d files", 22),
        "%(n)d pliki",
      );
      assert.equal(
        Locale.get("ar").translate("%(n)d day", "%(n)d days", 2),
        "يومان",
      );
      assert.ok(Locale.get("ar").rtl);
    } finally {
      await resetTranslations();
    }
  }
});

Deno.test("loadGettextTranslations() reads catalogs built here, either byte order", async () => {
  await withTree({
    [`le/es/LC_MESSAGES/${DOMAIN}.mo`]: buildMoFile(SPANISH),
    [`be/es/LC_MESSAGES/${DOMAIN}.mo`]: buildMoFile(SPANISH, {
      bigEndian: true,
    }),
  }, async (root) => {
    for (const order of ["le", "be"]) {
      await loadGettextTranslations(join(root, order), DOMAIN);
      const es = Locale.get("es");
      assert.equal(es.translate("Yes"), "Sí");
      assert.equal(es.translate("file", "files", 1), "archivo");
      assert.equal(es.translate("file", "files", 0), "archivos");
      assert.equal(es.translate("dir", "dirs", 1), "dir");
      assert.equal(es.translate("dir", "dirs", 2), "dirs");
      assert.equal(es.pgettext("law", "right"), "derecho");
      assert.equal(es.pgettext("direction", "right"), "right");
      // No plural translation in the context: the context-free one.
      assert.equal(es.pgettext("paper", "file", "files", 2), "archivos");
    }
  });
});

Deno.test("loadGettextTranslations() skips corrupt .mo files with an error naming the file", async () => {
  const good = buildMoFile(SPANISH);
  const tableOverflow = good.slice();
  new DataView(tableOverflow.buffer).setUint32(8, 1_000_000, true);
  const stringOverflow = good.slice();
  new DataView(stringOverflow.buffer).setUint32(28 + 8, 50_000, true);
  const badVersion = good.slice();
  new DataView(badVersion.buffer).setUint32(4, 2 << 16, true);
  const cases: Record<string, [Uint8Array, string]> = {
    magic: [
      new TextEncoder().encode("this is not a catalog"),
      'bad magic number "0x73696874"',
    ],
    short: [good.subarray(0, 12), "file too short for a .mo header"],
    tables: [
      tableOverflow,
      "string tables of 1000000 entries run past the end of the file",
    ],
    strings: [stringOverflow, "string 1 runs past the end of the file"],
    version: [badVersion, 'unsupported major revision "2"'],
    plural: [
      buildMoFile([moHeader("nplurals=2; plural=n +;"), ["Yes", "Sí"]]),
      'Unexpected end of plural form "n +"',
    ],
    charset: [
      buildMoFile([["", "Content-Type: text/plain; charset=klingon\n"]]),
      'unknown charset "klingon"',
    ],
    utf8: [
      buildMoFile([["", "Content-Type: text/plain; charset=UTF-8\n"], [
        "Yes",
        "S?",
      ]])
        .map((b) => (b === 0x3f ? 0xff : b)),
      "string 1 is not valid utf-8",
    ],
  };
  const files: Record<string, Uint8Array> = {
    [`es/LC_MESSAGES/${DOMAIN}.mo`]: good,
  };
  for (const [name, [bytes]] of Object.entries(cases)) {
    files[`${name}/LC_MESSAGES/${DOMAIN}.mo`] = bytes;
  }
  await withTree(files, async (root) => {
    const { errors } = await captureConsole(() =>
      loadGettextTranslations(root, DOMAIN)
    );
    assert.deepEqual(getSupportedLocales(), ["en_US", "es"]);
    assert.equal(Locale.get("es").translate("Yes"), "Sí");
    const expected = Object.entries(cases).map(([name, [, reason]]) =>
      `Cannot load translation for "${name}": Cannot parse "${
        join(root, name, "LC_MESSAGES", `${DOMAIN}.mo`)
      }": ${reason}`
    ).sort();
    assert.deepEqual([...errors].sort(), expected);
  });
});

Deno.test("loadGettextTranslations() decodes with the catalog's charset", async () => {
  const latin1 = buildMoFile([
    ["", "Content-Type: text/plain; charset=ISO-8859-1\n"],
    ["Yes", "S?"],
  ]).map((b) => (b === 0x3f ? 0xed : b)); // "í" in Latin-1
  await withTree({ [`es/LC_MESSAGES/${DOMAIN}.mo`]: latin1 }, async (root) => {
    await loadGettextTranslations(root, DOMAIN);
    assert.equal(Locale.get("es").translate("Yes"), "Sí");
  });
});

Deno.test("loadGettextTranslations() ignores other files and hidden directories", async () => {
  await withTree({
    [`es/LC_MESSAGES/${DOMAIN}.mo`]: buildMoFile(SPANISH),
    [`fr/LC_MESSAGES/other.mo`]: buildMoFile(SPANISH),
    [`.git/LC_MESSAGES/${DOMAIN}.mo`]: buildMoFile(SPANISH),
    "README": "not a locale",
  }, async (root) => {
    const { errors } = await captureConsole(() =>
      loadGettextTranslations(root, DOMAIN)
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(getSupportedLocales(), ["en_US", "es"]);
  });
});

Deno.test("GettextLocale falls back to the untranslated message when a plural rule divides by zero", async () => {
  await withTree({
    [`xx/LC_MESSAGES/${DOMAIN}.mo`]: buildMoFile([
      moHeader("nplurals=2; plural=1 / (n - 3);"),
      ["file\0files", "A\0B"],
    ]),
  }, async (root) => {
    await loadGettextTranslations(root, DOMAIN);
    const xx = Locale.get("xx");
    assert.equal(xx.translate("file", "files", 4), "B"); // 1 / 1
    assert.equal(xx.translate("file", "files", 5), "A"); // 1 / 2
    assert.equal(xx.translate("file", "files", 3), "files"); // 1 / 0
  });
});

Deno.test("loadTranslations() after gettext switches back to CSV locales", async () => {
  await withTree({
    [`mo/es/LC_MESSAGES/${DOMAIN}.mo`]: buildMoFile(SPANISH),
    "csv/es.csv": '"Yes","Vale"\n',
  }, async (root) => {
    await loadGettextTranslations(join(root, "mo"), DOMAIN);
    assert.ok(Locale.get("es") instanceof GettextLocale);
    await loadTranslations(join(root, "csv"));
    assert.equal(Locale.get("es").translate("Yes"), "Vale");
  });
});
