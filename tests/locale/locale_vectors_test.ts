// Checks every case of tests/testdata/locale/locale_vectors.json, made by
// make_locale_vectors.py from Tornado 6.2 on the same translation files.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  getSupportedLocales,
  loadGettextTranslations,
  loadTranslations,
  Locale,
  setDefaultLocale,
} from "../../locale/mod.ts";
import { parseAcceptLanguage } from "../../_internal/accept_language.ts";
import { buildMoFile, makeTree, moHeader } from "./mo_writer.ts";

const DATA = join(import.meta.dirname!, "..", "testdata", "locale");

type Case = Record<string, unknown> | unknown[];
interface Group {
  loader: "csv" | "gettext" | "none";
  directory: string;
  domain?: string;
  cases: Case[];
}

const vectors: { tornado: string; groups: Group[] } = JSON.parse(
  await Deno.readTextFile(join(DATA, "locale_vectors.json")),
);

async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.error;
  console.error = () => {};
  try {
    return await fn();
  } finally {
    console.error = original;
  }
}

function browserLocale(header: string | null, defaultCode: string): string {
  // The rule documented on parseAcceptLanguage for getBrowserLocale.
  const codes = header === null ? [] : parseAcceptLanguage(header);
  return (codes.length > 0
    ? Locale.getClosest(...codes)
    : Locale.getClosest(defaultCode)).code;
}

function run(c: Case): unknown {
  if (Array.isArray(c)) {
    const [, code, date, now, gmtOffset, relative, shorter, fullFormat] = c as [
      string,
      string,
      number,
      number,
      number,
      boolean,
      boolean,
      boolean,
    ];
    return Locale.get(code).formatDate(date, {
      now,
      gmtOffset,
      relative,
      shorter,
      fullFormat,
    });
  }
  const locale = typeof c.locale === "string" ? Locale.get(c.locale) : null;
  switch (c.op) {
    case "formatDay":
      return locale!.formatDay(c.date as number, {
        gmtOffset: c.gmtOffset as number,
        dow: c.dow as boolean,
      });
    case "name":
      return locale!.name;
    case "rtl":
      return locale!.rtl;
    case "list":
      return locale!.list(c.parts as string[]);
    case "friendlyNumber":
      return locale!.friendlyNumber(BigInt(c.value as string));
    case "translate":
      return c.plural === undefined
        ? locale!.translate(c.message as string)
        : locale!.translate(
          c.message as string,
          c.plural as string,
          c.count as number,
        );
    case "pgettext":
      return c.plural === undefined
        ? locale!.pgettext(c.context as string, c.message as string)
        : locale!.pgettext(
          c.context as string,
          c.message as string,
          c.plural as string,
          c.count as number,
        );
    case "getClosest":
      return Locale.getClosest(...(c.codes as string[])).code;
    case "browserLocale":
      return browserLocale(c.header as string | null, c.default as string);
    case "supported":
      return getSupportedLocales();
    default:
      throw new Error(`Unknown case "${String(c.op)}"`);
  }
}

// Plural-Forms rules: each rule goes into a .mo file whose forms are
// "0".."7", so the translation shows the index the rule picked.
const pluralGroup = vectors.groups.find((g) => g.loader === "none")!;

Deno.test("loadGettextTranslations() evaluates Plural-Forms rules as Python's gettext", async () => {
  const rules = pluralGroup.cases.filter((c) =>
    !Array.isArray(c) && c.op === "pluralRule"
  ) as { rule: string; counts: number[]; expected: number[] }[];
  assert.ok(rules.length > 20);
  const files: Record<string, Uint8Array> = {};
  rules.forEach(({ rule }, i) => {
    files[`r${i}/LC_MESSAGES/rules.mo`] = buildMoFile([
      moHeader(`nplurals=8; plural=${rule};`),
      ["one\0many", "0\x001\x002\x003\x004\x005\x006\x007"],
    ]);
  });
  const root = await makeTree(files);
  try {
    await loadGettextTranslations(root, "rules");
    rules.forEach(({ rule, counts, expected }, i) => {
      const locale = Locale.get(`r${i}`);
      const actual = counts.map((n) =>
        Number(locale.translate("one", "many", n))
      );
      assert.deepEqual(actual, expected, `rule "${rule}"`);
    });
  } finally {
    await loadTranslations(root); // no CSV files: back to no translations
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("loadGettextTranslations() skips a catalog whose Plural-Forms rule Python rejects", async () => {
  const rules = pluralGroup.cases.filter((c) =>
    !Array.isArray(c) && c.op === "badPluralRule"
  ) as { rule: string }[];
  assert.ok(rules.length > 10);
  const files: Record<string, Uint8Array> = {};
  rules.forEach(({ rule }, i) => {
    files[`b${i}/LC_MESSAGES/rules.mo`] = buildMoFile([
      moHeader(`nplurals=2; plural=${rule};`),
    ]);
  });
  const root = await makeTree(files);
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(" "));
  try {
    await loadGettextTranslations(root, "rules");
  } finally {
    console.error = original;
  }
  try {
    assert.deepEqual(getSupportedLocales(), ["en_US"]);
    assert.equal(errors.length, rules.length);
    rules.forEach((_, i) => {
      assert.ok(
        errors.some((e) => e.includes(`b${i}/LC_MESSAGES/rules.mo`)),
        `no error names b${i}: ${errors.join("; ")}`,
      );
    });
  } finally {
    await loadTranslations(root);
    await Deno.remove(root, { recursive: true });
  }
});

for (const group of vectors.groups) {
  if (group.loader === "none") continue;
  Deno.test(`Locale agrees with Tornado ${vectors.tornado} on ${group.directory}/ (${group.cases.length} cases)`, async () => {
    setDefaultLocale("en_US");
    const directory = join(DATA, group.directory);
    await quietly(() =>
      group.loader === "csv"
        ? loadTranslations(directory)
        : loadGettextTranslations(directory, group.domain as string)
    );
    const warn = console.warn;
    console.warn = () => {}; // CSVLocale.pgettext warns once per locale
    const mismatches: unknown[] = [];
    try {
      for (const c of group.cases) {
        const expected = Array.isArray(c) ? c[c.length - 1] : c.expected;
        const actual = run(c);
        try {
          assert.deepEqual(actual, expected);
        } catch {
          mismatches.push({ case: c, actual });
        }
      }
    } finally {
      console.warn = warn;
    }
    assert.ok(group.cases.length > 10);
    assert.deepEqual(mismatches.slice(0, 20), []);
  });
}
