import assert from "node:assert/strict";
import { xhtmlEscape, xhtmlUnescape } from "../../escape/mod.ts";

Deno.test("xhtmlEscape() converts non-string values and decodes bytes", () => {
  assert.equal(xhtmlEscape(null), "");
  assert.equal(xhtmlEscape(undefined), "");
  assert.equal(xhtmlEscape(42), "42");
  assert.equal(xhtmlEscape({ toString: () => "<x>" }), "&lt;x&gt;");
  assert.equal(xhtmlEscape(new TextEncoder().encode("<é>")), "&lt;é&gt;");
  assert.throws(() => xhtmlEscape(new Uint8Array([0xc3])), TypeError);
});

Deno.test("xhtmlUnescape() reverses xhtmlEscape()", () => {
  const text = `<p class="a">Tom & Jerry's "café" 😀</p>`;
  assert.equal(xhtmlUnescape(xhtmlEscape(text)), text);
});

Deno.test("xhtmlUnescape() leaves huge numeric entities alone instead of throwing", () => {
  // Tornado raises OverflowError on these.
  for (
    const text of [
      "&#99999999999;",
      "&#xFFFFFFFFFFFF;",
      "&#" + "9".repeat(10_000) + ";",
    ]
  ) {
    assert.equal(xhtmlUnescape(text), text);
  }
});
