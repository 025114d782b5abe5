import assert from "node:assert/strict";
import { parseAcceptLanguage } from "../../_internal/accept_language.ts";

Deno.test("parseAcceptLanguage() orders by q-value, stable for ties", () => {
  assert.deepEqual(
    parseAcceptLanguage("da, en-GB;q=0.8, en;q=0.7, fr;q=0.8"),
    ["da", "en-GB", "fr", "en"],
  );
});

Deno.test("parseAcceptLanguage() drops zero, negative and unparsable weights", () => {
  assert.deepEqual(
    parseAcceptLanguage("a;q=0, b;q=-1, c;q=x, d;q=0x1, e;q=NaN, f;q=1e-3"),
    ["f"],
  );
  assert.deepEqual(parseAcceptLanguage(""), [""]);
  assert.deepEqual(parseAcceptLanguage("  "), [""]);
});

Deno.test("parseAcceptLanguage() reads only the first 100 entries in linear time", () => {
  const header = Array.from({ length: 100_000 }, (_, i) => `l${i};q=0.5`).join(
    ",",
  );
  const start = performance.now();
  const codes = parseAcceptLanguage(header);
  assert.ok(performance.now() - start < 1000);
  assert.equal(codes.length, 100);
  assert.equal(codes[99], "l99");
});
