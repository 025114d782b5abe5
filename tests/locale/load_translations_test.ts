import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CSVLocale,
  getSupportedLocales,
  loadTranslations,
  Locale,
} from "../../locale/mod.ts";
import { captureConsole, makeTree } from "./mo_writer.ts";

const DATA = join(import.meta.dirname!, "..", "testdata", "locale");

async function withTree(
  files: Record<string, Uint8Array | string>,
  fn: (root: string) => Promise<void>,
): Promise<void> {
  const root = await makeTree(files);
  try {
    await fn(root);
  } finally {
    const empty = await Deno.makeTempDir();
    await loadTranslations(empty);
    await Deno.remove(empty);
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("loadTranslations() reads RFC 4180 quoting, line breaks and plural columns", async () => {
  await withTree({
    "es.csv": '"Say ""hi""","Di ""hola"""\r\n' +
      '"a, b","a y b"\r\n' +
      '"two\r\nlines","dos\nlíneas"\n' +
      "plain,sencillo\n" +
      '"%(n)s cat","%(n)s gato",singular\n' +
      '"%(n)s cats","%(n)s gatos","plural"\n' +
      '"x","equis",""\n' +
      '"x","equis de nuevo"', // no final line break; a later row wins
  }, async (root) => {
    await loadTranslations(root);
    const es = Locale.get("es");
    assert.ok(es instanceof CSVLocale);
    assert.equal(es.translate('Say "hi"'), 'Di "hola"');
    assert.equal(es.translate("a, b"), "a y b");
    assert.equal(es.translate("two\nlines"), "dos\nlíneas");
    assert.equal(es.translate("plain"), "sencillo");
    assert.equal(es.translate("%(n)s cat", "%(n)s cats", 1), "%(n)s gato");
    assert.equal(es.translate("%(n)s cat", "%(n)s cats", 0), "%(n)s gatos");
    assert.equal(es.translate("%(n)s cat"), "%(n)s cat"); // no "unknown" row
    assert.equal(es.translate("x"), "equis de nuevo");
  });
});

Deno.test("loadTranslations() reports bad rows with file and line and keeps the rest", async () => {
  await withTree({
    "fr.csv": '"Yes","Oui"\n' +
      '"Multi\nline","Multi\nligne"\n' +
      '"Bad","Mauvais","dual"\n' +
      '"Lonely"\n' +
      "\n" +
      '"No","Non"\n' +
      '"Tail"x,"Queue"\n' +
      '"Open,Ouvert\n',
  }, async (root) => {
    const { errors } = await captureConsole(() => loadTranslations(root));
    const path = join(root, "fr.csv");
    assert.deepEqual(errors, [
      `Skipping row in "${path}" line 5: unrecognized plural indicator "dual"`,
      `Skipping row in "${path}" line 6: it needs at least 2 columns`,
      `Malformed CSV in "${path}" line 9: text after a closing quote: "x"`,
      `Malformed CSV in "${path}" line 10: unterminated quoted field from line 10`,
      `Skipping row in "${path}" line 10: it needs at least 2 columns`,
    ]);
    const fr = Locale.get("fr");
    assert.equal(fr.translate("Yes"), "Oui");
    assert.equal(fr.translate("Multi\nline"), "Multi\nligne");
    assert.equal(fr.translate("No"), "Non");
    assert.equal(fr.translate("Bad"), "Bad");
    assert.equal(fr.translate("Tailx"), "Queue"); // kept, as Python's csv reads it
  });
});

Deno.test("loadTranslations() skips files with bad names or encodings, with a message", async () => {
  await withTree({
    "de_DE.csv": '"Yes","Ja"\n',
    "EN.csv": '"Yes","Yes!"\n',
    "es-MX.csv": '"Yes","Sí"\n',
    "pt.old.csv": '"Yes","Sim"\n',
    "it_IT.CSV": '"Yes","Sì"\n',
    "notes.txt": "not a translation",
    "nl.csv/inner.txt": "a directory named like a CSV file",
    "pl.csv": new Uint8Array([
      0x22,
      0xff,
      0xfe,
      0x41,
      0x22,
      0x2c,
      0x22,
      0x42,
      0x22,
    ]),
  }, async (root) => {
    const { errors } = await captureConsole(() => loadTranslations(root));
    assert.deepEqual(getSupportedLocales(), ["de_DE", "en_US"]);
    assert.equal(Locale.get("de_DE").translate("Yes"), "Ja");
    for (const name of ["EN", "es-MX", "pt.old"]) {
      assert.ok(
        errors.includes(
          `Skipping "${
            join(root, name + ".csv")
          }": unrecognized locale "${name}" (expected a name like "es_GT.csv")`,
        ),
        errors.join("\n"),
      );
    }
    assert.ok(
      errors.some((e) => e.startsWith(`Skipping "${join(root, "pl.csv")}": `)),
      errors.join("\n"),
    );
    assert.ok(errors.some((e) => e.includes("nl.csv")), errors.join("\n"));
    assert.equal(errors.length, 5);
  });
});

Deno.test("loadTranslations() detects UTF-16 and UTF-8 byte-order marks per file", async () => {
  const text = '"Yes","Sí"\n';
  const utf16 = (le: boolean) => {
    const bytes = new Uint8Array(2 + text.length * 2);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xfeff, le);
    for (let i = 0; i < text.length; i++) {
      view.setUint16(2 + i * 2, text.charCodeAt(i), le);
    }
    return bytes;
  };
  const utf8 = new TextEncoder().encode(text);
  await withTree({
    "es_AR.csv": utf16(true),
    "es_BO.csv": utf16(false),
    "es_CL.csv": new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]),
    "es_ES.csv": utf8, // read after the UTF-16 files: detection is per file
  }, async (root) => {
    await loadTranslations(root);
    for (const code of ["es_AR", "es_BO", "es_CL", "es_ES"]) {
      assert.equal(Locale.get(code).translate("Yes"), "Sí", code);
    }
  });
});

Deno.test("loadTranslations() decodes with options.encoding", async () => {
  await withTree({
    "fr.csv": new Uint8Array([
      ...new TextEncoder().encode('"Yes","Ouais'),
      0xe9,
      0x22,
    ]),
  }, async (root) => {
    await loadTranslations(root, { encoding: "latin1" });
    assert.equal(Locale.get("fr").translate("Yes"), "Ouaisé");
    await assert.rejects(
      loadTranslations(root, { encoding: "klingon" }),
      RangeError,
    );
    // A rejected load leaves the previous translations in place.
    assert.equal(Locale.get("fr").translate("Yes"), "Ouaisé");
  });
});

Deno.test("loadTranslations() replaces earlier translations and cached locales", async () => {
  await withTree({
    "a/es.csv": '"Yes","Sí"\n',
    "b/es.csv": '"Yes","Vale"\n',
    "b/fr.csv": '"Yes","Oui"\n',
  }, async (root) => {
    await loadTranslations(join(root, "a"));
    const first = Locale.get("es");
    assert.equal(first.translate("Yes"), "Sí");
    assert.equal(Locale.get("es"), first); // cached
    await loadTranslations(join(root, "b"));
    assert.deepEqual(getSupportedLocales(), ["en_US", "es", "fr"]);
    assert.notEqual(Locale.get("es"), first);
    assert.equal(Locale.get("es").translate("Yes"), "Vale");
    await loadTranslations(join(root, "a"));
    assert.throws(() => Locale.get("fr"), RangeError);
  });
});

Deno.test("loadTranslations() rejects when the directory does not exist", async () => {
  await assert.rejects(
    loadTranslations(join(DATA, "no_such_directory")),
    Deno.errors.NotFound,
  );
});

Deno.test("CSVLocale.pgettext() ignores the context and warns once", async () => {
  await withTree({ "es.csv": '"right","derecha"\n' }, async (root) => {
    await loadTranslations(root);
    const es = Locale.get("es");
    const { result, warnings } = await captureConsole(() => [
      es.pgettext("law", "right"),
      es.pgettext("direction", "right"),
      es.pgettext("x", "file", "files", 2),
    ]);
    assert.deepEqual(result, ["derecha", "derecha", "files"]);
    assert.deepEqual(warnings, ['pgettext is not supported by CSVLocale "es"']);
    // The default locale has no translations: no warning.
    const quiet = await captureConsole(() =>
      Locale.get("en_US").pgettext("law", "right")
    );
    assert.deepEqual(quiet.warnings, []);
  });
});

Deno.test("CSVLocale.translate() needs a count with a plural message", () => {
  const locale = new CSVLocale("es", {});
  assert.throws(
    // @ts-expect-error: the overloads require a count
    () => locale.translate("file", "files"),
    TypeError,
  );
});
