import assert from "node:assert/strict";
import { parseQsBytes, urlEscape, urlUnescape } from "../../escape/mod.ts";

Deno.test("urlUnescape() keeps malformed escapes instead of throwing a URIError", () => {
  for (const text of ["%", "%%", "%zz", "%E0%A4%A", "100%+", "%C3"]) {
    assert.doesNotThrow(() => urlUnescape(text), text);
  }
  assert.equal(urlUnescape("%E0%A4%A"), "\ufffd%A");
  assert.equal(urlUnescape("50%+off", { plus: false }), "50%+off");
});

Deno.test("urlEscape() and urlUnescape() round-trip any text", () => {
  const text = "a b+c/d?e=f&g#h%i é€😀 ~-._!*'()";
  for (const plus of [true, false]) {
    assert.equal(urlUnescape(urlEscape(text, { plus }), { plus }), text);
  }
});

Deno.test("urlEscape() escapes bytes as they are", () => {
  assert.equal(urlEscape(new Uint8Array([0xe9, 0x20, 0x2f])), "%E9+%2F");
  assert.equal(
    urlEscape(new Uint8Array([0xe9, 0x20, 0x2f]), { plus: false }),
    "%E9%20/",
  );
});

Deno.test("parseQsBytes() returns a prototype-less record, so any name is a plain key", () => {
  const args = parseQsBytes("__proto__=1&constructor=2&a=3");
  assert.equal(Object.getPrototypeOf(args), null);
  assert.deepEqual(Object.keys(args), ["__proto__", "constructor", "a"]);
  assert.deepEqual(args["__proto__"], [new Uint8Array([0x31])]);
  assert.equal(args["toString"], undefined);
});

Deno.test("parseQsBytes() keeps raw bytes of values and reads names as Latin-1", () => {
  const body = new Uint8Array([
    0x78,
    0x3d,
    0xff,
    0x00,
    0x26,
    0xc3,
    0xa9,
    0x3d,
    0x31,
  ]); // x=\xff\0&é=1
  const args = parseQsBytes(body);
  assert.deepEqual(args.x, [new Uint8Array([0xff, 0x00])]);
  assert.deepEqual(args["\u00c3\u00a9"], [new Uint8Array([0x31])]);
});

Deno.test("parseQsBytes() runs in linear time on many fields", () => {
  const start = performance.now();
  const args = parseQsBytes("a=%&".repeat(100_000) + "&".repeat(100_000), {
    keepBlankValues: true,
  });
  assert.equal(args.a?.length, 100_000);
  const ms = performance.now() - start;
  assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
});
