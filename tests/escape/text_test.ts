import assert from "node:assert/strict";
import { jsonDecode, jsonEncode, toUnicode, utf8 } from "../../escape/mod.ts";

Deno.test("utf8() and toUnicode() pass through their own type and null", () => {
  const bytes = new Uint8Array([0x61]);
  assert.equal(utf8(bytes), bytes);
  assert.equal(utf8(null), null);
  assert.equal(toUnicode("a"), "a");
  assert.equal(toUnicode(null), null);
});

Deno.test("utf8() and toUnicode() reject other types with a TypeError", () => {
  assert.throws(() => utf8(1 as unknown as string), {
    name: "TypeError",
    message:
      'Cannot convert value to UTF-8: expected a string, Uint8Array or null, got "number"',
  });
  assert.throws(() => toUnicode([1] as unknown as Uint8Array), {
    name: "TypeError",
    message:
      'Cannot decode value as UTF-8: expected a Uint8Array, string or null, got "Array"',
  });
});

Deno.test("toUnicode() names the first bad byte and keeps a byte order mark", () => {
  assert.throws(() => toUnicode(new Uint8Array([0x61, 0x62, 0xe2, 0x28])), {
    name: "TypeError",
    message: 'Cannot decode bytes as UTF-8: invalid byte "0xe2" at offset 2',
  });
  assert.equal(toUnicode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), "\ufeffa");
});

Deno.test("utf8() writes a lone surrogate as U+FFFD", () => {
  assert.deepEqual(utf8("\ud800"), new Uint8Array([0xef, 0xbf, 0xbd]));
});

Deno.test("jsonEncode() output never closes a script element and round-trips", () => {
  const value = {
    a: "</script><script>alert(1)</script>",
    b: ["\u2028", "😀", 1.5],
  };
  const json = jsonEncode(value);
  assert.ok(!json.includes("</"));
  assert.match(json, /^[\x20-\x7e]*$/);
  assert.deepEqual(jsonDecode(json), value);
});

Deno.test("jsonEncode() throws a TypeError for values JSON cannot hold", () => {
  assert.throws(() => jsonEncode(undefined), TypeError);
  assert.throws(() => jsonEncode(() => 1), TypeError);
  assert.throws(() => jsonEncode(1n), TypeError);
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.throws(() => jsonEncode(cycle), TypeError);
});

Deno.test("jsonDecode() throws a SyntaxError on bad JSON", () => {
  assert.throws(() => jsonDecode("{'a': 1}"), SyntaxError);
  assert.throws(() => jsonDecode("NaN"), SyntaxError);
  assert.throws(
    () => jsonDecode(new Uint8Array([0x22, 0xff, 0x22])),
    TypeError,
  );
});
