// Compares value parsing and the help layout with Tornado 6.2, using
// vectors printed by tests/testdata/options/parse_values.py.
import assert from "node:assert/strict";
import { OptionParser } from "../../options/mod.ts";

type OptionType =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "date"
  | "duration";

interface Vector {
  type: OptionType;
  multiple: boolean;
  text: string;
  ok: boolean;
  value?: unknown;
}

const DATA: { values: Vector[]; help: string } = JSON.parse(
  await Deno.readTextFile(
    new URL("../testdata/options/parse_values.json", import.meta.url),
  ),
);

function fromPython(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromPython);
  if (value !== null && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("date" in v) {
      const [y, mo, d, h, mi, s] = v.date as number[];
      const date = new Date(2000, mo! - 1, d!, h!, mi!, s!);
      date.setFullYear(y!);
      return date;
    }
    if ("seconds" in v) return v.seconds;
    if ("float" in v) return v.float === "inf" ? Infinity : -Infinity;
  }
  return value;
}

Deno.test("OptionParser.parseCommandLine() parses every value as Tornado does", () => {
  assert.ok(DATA.values.length > 80);
  for (const vector of DATA.values) {
    const parser = new OptionParser();
    parser.define("x", { type: vector.type, multiple: vector.multiple });
    const label = `${vector.type}${
      vector.multiple ? "[]" : ""
    } "${vector.text}"`;
    if (vector.ok) {
      parser.parseCommandLine([`--x=${vector.text}`]);
      assert.deepEqual(parser.get("x"), fromPython(vector.value), label);
    } else {
      assert.throws(
        () => parser.parseCommandLine([`--x=${vector.text}`]),
        (error: unknown) =>
          error instanceof Error &&
          error.message.startsWith('Cannot parse option "--x": '),
        label,
      );
    }
  }
});

Deno.test("OptionParser.formatHelp() lays out groups, metavars, defaults and wrapping as Tornado", () => {
  const parser = new OptionParser({ programName: "server.py" });
  parser.define("port", {
    default: 8888,
    type: "integer",
    help: "run on the given port",
    group: "server",
  });
  parser.define("address", {
    default: "127.0.0.1",
    help: "bind address",
    metavar: "ADDR",
    group: "server",
  });
  parser.define("a_very_long_option_name_indeed_yes", {
    help: "long names put help on the next line",
    group: "server",
  });
  parser.define("motd", {
    group: "text",
    help:
      "a message of the day that is long enough to wrap over several lines of the help output",
  });
  parser.define("nohelp", { group: "text" });
  parser.define("longword", {
    group: "text",
    help:
      "short supercalifragilisticexpialidociouswordthatgoesonandonandon end",
  });
  assert.equal(parser.formatHelp(), DATA.help);
});
