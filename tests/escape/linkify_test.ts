import assert from "node:assert/strict";
import { linkify } from "../../escape/mod.ts";

Deno.test("linkify() never links javascript:, vbscript: or data:, even when permitted", () => {
  const permittedProtocols = [
    "http",
    "javascript",
    "JavaScript",
    "vbscript",
    "data",
  ];
  for (
    const text of [
      "javascript://%0aalert(1)",
      "JavaScript://x",
      "vbscript://x",
      "data://x",
    ]
  ) {
    assert.equal(linkify(text, { permittedProtocols }), text);
  }
  // Other permitted schemes still work next to them.
  assert.equal(
    linkify("javascript://x http://ok.example", { permittedProtocols }),
    'javascript://x <a href="http://ok.example">http://ok.example</a>',
  );
});

Deno.test("linkify() passes the href to an extraParams function", () => {
  const seen: string[] = [];
  const html = linkify("www.a.example and https://b.example/x?y=1&z=2", {
    extraParams: (href) => {
      seen.push(href);
      return ' data-n="1" ';
    },
  });
  assert.deepEqual(seen, [
    "http://www.a.example",
    "https://b.example/x?y=1&amp;z=2",
  ]);
  assert.equal(
    html,
    '<a href="http://www.a.example" data-n="1">www.a.example</a> and ' +
      '<a href="https://b.example/x?y=1&amp;z=2" data-n="1">https://b.example/x?y=1&amp;z=2</a>',
  );
});

Deno.test("linkify() accepts a Set of permitted protocols and UTF-8 bytes", () => {
  const bytes = new TextEncoder().encode("é ftp://f.example");
  assert.equal(
    linkify(bytes, { permittedProtocols: new Set(["ftp"]) }),
    'é <a href="ftp://f.example">ftp://f.example</a>',
  );
  assert.throws(() => linkify(new Uint8Array([0xff])), TypeError);
});

Deno.test("linkify() runs in linear time on inputs that make a regex backtrack", () => {
  // Tornado's own regular expression is quadratic on the first input.
  const n = 200_000;
  const inputs = [
    "a-".repeat(n / 2),
    "http://" + "!".repeat(n),
    "http://a" + "(".repeat(n),
    "www." + "&".repeat(n),
    "a:/!".repeat(n / 4),
    "http://a.example/b ".repeat(n / 19),
  ];
  for (const text of inputs) {
    const start = performance.now();
    linkify(text, { shorten: true });
    const ms = performance.now() - start;
    // About 30 ms here; a quadratic scan would take minutes.
    assert.ok(
      ms < 3000,
      `took ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 12))}...`,
    );
  }
});
