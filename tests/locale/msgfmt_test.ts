// The committed .mo fixtures must be what GNU msgfmt makes from the .po
// sources (tests/testdata/locale/make_mo_files.sh).
import assert from "node:assert/strict";
import { join } from "node:path";

const DATA = join(import.meta.dirname!, "..", "testdata", "locale");

async function hasMsgfmt(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("msgfmt", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

const available = await hasMsgfmt();
if (!available) {
  console.log(
    "msgfmt_test: skipped, msgfmt (Debian package gettext) is not installed",
  );
}

Deno.test({
  name: "make_mo_files.sh output matches the committed .mo files",
  ignore: !available,
  fn: async () => {
    const out = await Deno.makeTempDir();
    try {
      let count = 0;
      for await (const entry of Deno.readDir(join(DATA, "po"))) {
        if (!entry.name.endsWith(".po")) continue;
        const code = entry.name.slice(0, -3);
        for (
          const [tree, endianness] of [["gettext", "little"], [
            "gettext_be",
            "big",
          ]]
        ) {
          const target = join(out, `${code}_${tree}.mo`);
          const { success, stderr } = await new Deno.Command("msgfmt", {
            args: [
              `--endianness=${endianness}`,
              "-o",
              target,
              join(DATA, "po", entry.name),
            ],
          }).output();
          assert.ok(success, new TextDecoder().decode(stderr));
          const committed = await Deno.readFile(
            join(
              DATA,
              tree as string,
              code,
              "LC_MESSAGES",
              "tornado_deno_test.mo",
            ),
          );
          assert.deepEqual(
            await Deno.readFile(target),
            committed,
            `${tree}/${code}`,
          );
          count++;
        }
      }
      assert.equal(count, 6);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
