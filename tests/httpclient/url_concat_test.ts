import assert from "node:assert/strict";
import { urlConcat } from "../../mod.ts";

interface Case {
  url: string;
  args: Record<string, string> | [string, string][];
  expected: string;
}

const CASES: Case[] = JSON.parse(
  await Deno.readTextFile(
    new URL("../testdata/httpclient/url_concat.json", import.meta.url),
  ),
);

Deno.test("urlConcat() matches Tornado's url_concat on every vector", () => {
  assert.ok(CASES.length > 10);
  for (const { url, args, expected } of CASES) {
    assert.equal(
      urlConcat(url, args),
      expected,
      `${url} + ${JSON.stringify(args)}`,
    );
  }
});

Deno.test("urlConcat() returns the URL unchanged for null or undefined args", () => {
  assert.equal(urlConcat("http://x/?a=%zz", null), "http://x/?a=%zz");
  assert.equal(urlConcat("http://x/?a=%zz", undefined), "http://x/?a=%zz");
});
