import assert from "node:assert/strict";
import { filterWhitespace } from "../../template/mod.ts";

// Expected values checked against tornado.template.filter_whitespace 6.2.
Deno.test("filterWhitespace() keeps everything in all mode", () => {
  assert.equal(filterWhitespace("all", " a \n\n\t b "), " a \n\n\t b ");
});

Deno.test("filterWhitespace() collapses runs in single mode, keeping a newline", () => {
  assert.equal(filterWhitespace("single", "  a\t\t b  \n \n  c  "), " a b\nc ");
  assert.equal(filterWhitespace("single", "a\r\n\r\nb"), "a\nb");
});

Deno.test("filterWhitespace() joins lines in oneline mode", () => {
  assert.equal(filterWhitespace("oneline", "  a\t\t b  \n \n  c  "), " a b c ");
});

Deno.test("filterWhitespace() rejects an unknown mode", () => {
  assert.throws(() => filterWhitespace("none" as "all", "x"), TypeError);
});
