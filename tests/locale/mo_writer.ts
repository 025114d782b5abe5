// Test helper: writes GNU .mo catalogs (no hash table), to build catalogs
// with any Plural-Forms rule and to corrupt them on purpose.

/** One catalog entry; plural ids and forms are joined with "\0". */
export type MoEntry = [msgid: string, msgstr: string];

/** Builds the bytes of a .mo file holding `entries` in the given order. */
export function buildMoFile(
  entries: MoEntry[],
  options: { bigEndian?: boolean } = {},
): Uint8Array {
  const le = !options.bigEndian;
  const encoder = new TextEncoder();
  const ids = entries.map(([id]) => encoder.encode(id));
  const strs = entries.map(([, str]) => encoder.encode(str));
  const n = entries.length;
  const originals = 28;
  const translations = originals + n * 8;
  let offset = translations + n * 8;
  const size = offset +
    [...ids, ...strs].reduce((sum, b) => sum + b.length + 1, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x950412de, le);
  view.setUint32(4, 0, le);
  view.setUint32(8, n, le);
  view.setUint32(12, originals, le);
  view.setUint32(16, translations, le);
  view.setUint32(20, 0, le);
  view.setUint32(24, offset, le);
  for (
    const [table, list] of [[originals, ids], [translations, strs]] as const
  ) {
    list.forEach((data, i) => {
      view.setUint32(table + i * 8, data.length, le);
      view.setUint32(table + i * 8 + 4, offset, le);
      bytes.set(data, offset);
      offset += data.length + 1;
    });
  }
  return bytes;
}

/** A catalog header with the given Plural-Forms rule. */
export function moHeader(pluralForms: string): MoEntry {
  return [
    "",
    "Content-Type: text/plain; charset=UTF-8\n" +
    `Plural-Forms: ${pluralForms}\n`,
  ];
}

/** Writes `files` (path relative to a new temp dir -> bytes) and returns the dir. */
export async function makeTree(
  files: Record<string, Uint8Array | string>,
): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "locale_test_" });
  for (const [path, data] of Object.entries(files)) {
    const full = `${root}/${path}`;
    await Deno.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
    if (typeof data === "string") await Deno.writeTextFile(full, data);
    else await Deno.writeFile(full, data);
  }
  return root;
}

/** Runs `fn` while collecting console.error and console.warn messages. */
export async function captureConsole<T>(
  fn: () => Promise<T> | T,
): Promise<{ result: T; errors: string[]; warnings: string[] }> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const { error, warn } = console;
  console.error = (...args: unknown[]) => errors.push(args.join(" "));
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    return { result: await fn(), errors, warnings };
  } finally {
    console.error = error;
    console.warn = warn;
  }
}
