// The browser tests must fail loudly, never skip, when there is no browser.
import assert from "node:assert/strict";
import { findChromium } from "./_browser.ts";

Deno.test("findChromium() fails with a clear message when no browser is found", () => {
  const before = Deno.env.get("CHROMIUM_PATH");
  Deno.env.set("CHROMIUM_PATH", "/nonexistent/chromium");
  try {
    assert.throws(() => findChromium(), {
      message:
        "Cannot run the browser tests: no Chromium at /nonexistent/chromium. Install it (apt-get install chromium) or set CHROMIUM_PATH",
    });
  } finally {
    if (before === undefined) Deno.env.delete("CHROMIUM_PATH");
    else Deno.env.set("CHROMIUM_PATH", before);
  }
});

Deno.test("findChromium() finds the system browser", () => {
  assert.match(findChromium(), /chrom/);
});
