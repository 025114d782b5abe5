import assert from "node:assert/strict";
import {
  CSVLocale,
  getSupportedLocales,
  loadTranslations,
  Locale,
  LOCALE_NAMES,
  setDefaultLocale,
} from "../../locale/mod.ts";
import { makeTree } from "./mo_writer.ts";

async function withCsv(
  files: Record<string, string>,
  fn: () => void | Promise<void>,
): Promise<void> {
  const root = await makeTree(files);
  try {
    await loadTranslations(root);
    await fn();
  } finally {
    setDefaultLocale("en_US");
    await Deno.remove(root, { recursive: true });
    const empty = await Deno.makeTempDir();
    await loadTranslations(empty);
    await Deno.remove(empty);
  }
}

Deno.test("Locale.get() throws RangeError for an unsupported code", () => {
  assert.throws(
    () => Locale.get("es_ES"),
    {
      name: "RangeError",
      message: 'Cannot get locale "es_ES": it is not a supported locale',
    },
  );
  assert.ok(Locale.get("en_US") instanceof CSVLocale);
  assert.equal(Locale.get("en_US"), Locale.get("en_US"));
});

Deno.test("Locale.getClosest() normalizes codes and falls back to the language", async () => {
  await withCsv(
    { "es.csv": '"Yes","Sí"\n', "pt_BR.csv": '"Yes","Sim"\n' },
    () => {
      assert.equal(Locale.getClosest("es_MX").code, "es");
      assert.equal(Locale.getClosest("ES-mx").code, "es");
      assert.equal(Locale.getClosest("pt-br").code, "pt_BR");
      assert.equal(Locale.getClosest("pt").code, "en_US"); // no pt_BR from pt
      assert.equal(Locale.getClosest("pt_BR_x", "").code, "en_US");
      assert.equal(Locale.getClosest("xx", "pt_BR", "es").code, "pt_BR");
      assert.equal(Locale.getClosest().code, "en_US");
    },
  );
});

Deno.test("setDefaultLocale() changes the fallback and the supported codes", async () => {
  await withCsv({ "es.csv": '"Yes","Sí"\n' }, () => {
    setDefaultLocale("de_DE");
    assert.deepEqual(getSupportedLocales(), ["de_DE", "es"]);
    assert.equal(Locale.getClosest("xx").code, "de_DE");
    assert.equal(Locale.getClosest("de-AT").code, "de_DE");
    assert.equal(Locale.get("de_DE").translate("Yes"), "Yes");
    setDefaultLocale("es");
    assert.deepEqual(getSupportedLocales(), ["es"]);
    assert.equal(Locale.getClosest("xx").translate("Yes"), "Sí");
  });
  assert.deepEqual(getSupportedLocales(), ["en_US"]);
});

Deno.test("Locale.name and Locale.rtl come from LOCALE_NAMES and the language", async () => {
  await withCsv({
    "fa_IR.csv": "",
    "he.csv": "",
    "ur_PK.csv": "",
    "ar_AR.csv": "",
    "zh_TW.csv": "",
  }, () => {
    assert.equal(Locale.get("fa_IR").name, LOCALE_NAMES["fa_IR"]?.name);
    assert.equal(Locale.get("zh_TW").name, "中文(繁體)");
    assert.equal(Locale.get("he").name, "Unknown");
    for (const code of ["fa_IR", "he", "ur_PK", "ar_AR"]) {
      assert.equal(Locale.get(code).rtl, true, code);
    }
    assert.equal(Locale.get("zh_TW").rtl, false);
    assert.equal(Locale.get("en_US").rtl, false);
  });
});

Deno.test("LOCALE_NAMES holds Tornado's 62 locales", () => {
  assert.equal(Object.keys(LOCALE_NAMES).length, 62);
  assert.deepEqual(LOCALE_NAMES["es_LA"], {
    nameEn: "Spanish",
    name: "Español",
  });
});

Deno.test("Locale.formatDate() takes a Date or seconds, measured from options.now", () => {
  const en = Locale.get("en_US");
  const now = new Date("2024-03-15T12:00:00Z");
  const date = new Date("2024-03-15T11:30:00Z");
  assert.equal(en.formatDate(date, { now }), "30 minutes ago");
  assert.equal(
    en.formatDate(date.getTime() / 1000, { now: now.getTime() / 1000 }),
    "30 minutes ago",
  );
  assert.equal(en.formatDate(new Date(Date.now() - 120_000)), "2 minutes ago");
  assert.equal(
    en.formatDate(date, { now, gmtOffset: 300, relative: false }),
    "6:30 am",
  );
});

Deno.test("Locale.formatDate() gives the full format for dates days ahead", () => {
  // Tornado compares only the seconds part of the difference here and would
  // print "0 seconds ago" for a date exactly two days ahead.
  const en = Locale.get("en_US");
  const now = new Date("2024-03-15T12:00:00Z");
  assert.equal(
    en.formatDate(new Date("2024-03-17T12:00:30Z"), { now }),
    "March 17, 2024 at 12:00 pm",
  );
  assert.equal(
    en.formatDate(new Date("2024-03-15T12:00:30Z"), { now }),
    "0 seconds ago",
  );
});

Deno.test("Locale.formatDate() and formatDay() throw RangeError for invalid dates", () => {
  const en = Locale.get("en_US");
  assert.throws(() => en.formatDate(new Date("nope")), {
    name: "RangeError",
    message: 'Cannot format date: "Invalid Date" is not a valid date',
  });
  assert.throws(() => en.formatDate(0, { now: NaN }), RangeError);
  assert.throws(() => en.formatDay(Infinity), RangeError);
});

Deno.test("Locale.friendlyNumber() groups big and negative integers, rejects fractions", () => {
  const en = Locale.get("en_US");
  // Tornado gives "-,999,999" here: it groups the minus sign as a digit.
  assert.equal(en.friendlyNumber(-999999), "-999,999");
  assert.equal(
    en.friendlyNumber(12345678901234567890n),
    "12,345,678,901,234,567,890",
  );
  assert.equal(en.friendlyNumber(1e21), "1,000,000,000,000,000,000,000");
  assert.throws(() => en.friendlyNumber(1.5), {
    name: "RangeError",
    message: 'Cannot format number "1.5": it is not an integer',
  });
});

Deno.test("Locale.list() and formatDate() fill translated templates", async () => {
  await withCsv({
    "de.csv": '"%(commas)s and %(last)s","%(commas)s und %(last)s"\n' +
      '"yesterday","gestern"\n',
  }, () => {
    const de = Locale.get("de");
    assert.equal(de.list(["A", "B", "C"]), "A, B und C");
    assert.equal(de.friendlyNumber(1234567), "1234567");
    assert.equal(
      de.formatDate(new Date("2024-03-14T09:00:00Z"), {
        now: new Date("2024-03-15T12:00:00Z"),
        shorter: true,
      }),
      "gestern",
    );
  });
});

async function tornadoLocaleNames(): Promise<unknown | null> {
  try {
    const { success, stdout } = await new Deno.Command("/usr/bin/python3", {
      args: [
        "-c",
        "import json; from tornado._locale_data import LOCALE_NAMES as L; " +
        "print(json.dumps({k: {'nameEn': v['name_en'], 'name': v['name']} for k, v in L.items()}))",
      ],
      stderr: "null",
    }).output();
    return success ? JSON.parse(new TextDecoder().decode(stdout)) : null;
  } catch {
    return null;
  }
}

const tornadoNames = await tornadoLocaleNames();
if (tornadoNames === null) {
  console.log(
    "locale_test: LOCALE_NAMES interop skipped, /usr/bin/python3 cannot import tornado",
  );
}

Deno.test({
  name: "LOCALE_NAMES equals Tornado's table (interop)",
  ignore: tornadoNames === null,
  fn: () => {
    assert.deepEqual({ ...LOCALE_NAMES }, tornadoNames);
  },
});

Deno.test("Locale.formatDate() fills %-placeholders and leaves unknown ones as text", async () => {
  await withCsv({
    "xx.csv":
      '"%(seconds)d seconds ago","%(seconds)03d s / %(oops)s / 100%%","plural"\n',
  }, () => {
    const now = new Date("2024-03-15T12:00:00Z");
    assert.equal(
      Locale.get("xx").formatDate(new Date(now.getTime() - 5000), { now }),
      "005 s / %(oops)s / 100%",
    );
  });
});
