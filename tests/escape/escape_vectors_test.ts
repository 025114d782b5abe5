// Checks every case in escape_vectors.json, which real Tornado 6.2 produced
// (tests/testdata/escape/make_escape_vectors.py). Where Tornado raises and
// the port deliberately does not, the case carries a "deviation": the
// port's documented result, computed by the script.
import assert from "node:assert/strict";
import {
  jsonDecode,
  jsonEncode,
  linkify,
  type LinkifyOptions,
  parseQsBytes,
  squeeze,
  toUnicode,
  urlEscape,
  urlUnescape,
  utf8,
  xhtmlEscape,
  xhtmlUnescape,
} from "../../escape/mod.ts";
import rawVectors from "../testdata/escape/escape_vectors.json" with {
  type: "json",
};

type Hex = { hex: string };
type Raises = { raises: string; position?: number };
type Deviation = { deviation: unknown };
type Pair = [unknown, unknown, Deviation?];

interface Vectors {
  xhtml_escape: Pair[];
  xhtml_unescape: Pair[];
  url_escape: {
    input: string | Hex;
    plus: boolean;
    output: unknown;
    deviation?: string;
  }[];
  url_unescape: { input: string | Hex; plus: boolean; output: unknown }[];
  parse_qs_bytes: {
    input: string | Hex;
    keep_blank_values: boolean;
    output: [string, Hex[]][] | Raises;
    deviation?: [string, Hex[]][];
  }[];
  json_encode: Pair[];
  json_decode: Pair[];
  squeeze: Pair[];
  utf8: Pair[];
  to_unicode: Pair[];
  linkify: {
    input: string;
    options: Record<string, unknown>;
    output: string;
  }[];
}

const vectors = rawVectors as unknown as Vectors;

// The same functions as EXTRA_PARAMS_CALLABLES in the Python script.
const EXTRA_PARAMS_CALLABLES: Record<string, (href: string) => string> = {
  internal_external: (href) =>
    href.startsWith("http://www.internal-link.com")
      ? 'class="internal"'
      : 'rel="nofollow" class="external"',
  padded: () => '    rel="nofollow" class="external"  ',
  empty: () => "",
  echo: (href) => `data-href="${href}"`,
};

function isHex(value: unknown): value is Hex {
  return typeof value === "object" && value !== null && "hex" in value;
}

function isRaises(value: unknown): value is Raises {
  return typeof value === "object" && value !== null && "raises" in value;
}

function isUtf16(value: unknown): value is { utf16: string } {
  return typeof value === "object" && value !== null && "utf16" in value;
}

/** Undoes the script's encoding of bytes and of lone-surrogate strings. */
function decode(value: unknown): unknown {
  if (isHex(value)) return bytes(value.hex);
  if (isUtf16(value)) {
    const units = value.utf16.match(/..../g) ?? [];
    return String.fromCharCode(...units.map((u) => parseInt(u, 16)));
  }
  return value;
}

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** A vector input: a string, or bytes given as hex. */
function input(value: unknown): string | Uint8Array {
  const decoded = decode(value);
  assert.ok(typeof decoded === "string" || decoded instanceof Uint8Array);
  return decoded;
}

function checkPairs(
  name: string,
  pairs: Pair[],
  fn: (value: string | Uint8Array) => unknown,
): void {
  assert.ok(pairs.length > 0, `no vectors for ${name}`);
  for (const [rawInput, output, deviation] of pairs) {
    const value = input(rawInput);
    const message = `${name}(${JSON.stringify(rawInput)})`;
    if (deviation !== undefined) {
      assert.equal(fn(value), decode(deviation.deviation), message);
    } else if (isRaises(output)) {
      assert.throws(() => fn(value), TypeError, message);
    } else {
      assert.deepEqual(fn(value), decode(output), message);
    }
  }
}

Deno.test("xhtmlEscape() matches Tornado's xhtml_escape", () => {
  checkPairs("xhtmlEscape", vectors.xhtml_escape, xhtmlEscape);
});

Deno.test("xhtmlUnescape() matches Tornado's xhtml_unescape", () => {
  checkPairs("xhtmlUnescape", vectors.xhtml_unescape, xhtmlUnescape);
});

Deno.test("urlEscape() matches Tornado's url_escape", () => {
  assert.ok(vectors.url_escape.length > 0);
  for (const { input: raw, plus, output, deviation } of vectors.url_escape) {
    const message = `urlEscape(${JSON.stringify(raw)}, { plus: ${plus} })`;
    const expected = deviation ?? output;
    assert.equal(urlEscape(input(raw), { plus }), expected, message);
  }
});

Deno.test("urlUnescape() matches Tornado's url_unescape", () => {
  assert.ok(vectors.url_unescape.length > 0);
  for (const { input: raw, plus, output } of vectors.url_unescape) {
    const message = `urlUnescape(${JSON.stringify(raw)}, { plus: ${plus} })`;
    const value = input(raw);
    if (isRaises(output)) {
      assert.throws(() => urlUnescape(value, { plus }), TypeError, message);
    } else {
      assert.equal(urlUnescape(value, { plus }), output, message);
    }
  }
});

Deno.test("parseQsBytes() matches Tornado's parse_qs_bytes", () => {
  assert.ok(vectors.parse_qs_bytes.length > 0);
  for (
    const { input: raw, keep_blank_values, output, deviation } of vectors
      .parse_qs_bytes
  ) {
    const message = `parseQsBytes(${
      JSON.stringify(raw)
    }, { keepBlankValues: ${keep_blank_values} })`;
    const expected = deviation ?? output;
    assert.ok(!isRaises(expected), message);
    const result = parseQsBytes(input(raw), {
      keepBlankValues: keep_blank_values,
    });
    assert.deepEqual(
      Object.entries(result),
      expected.map(([name, values]) => [name, values.map((v) => bytes(v.hex))]),
      message,
    );
  }
});

Deno.test("jsonEncode() matches Tornado's json_encode", () => {
  for (const [value, output] of vectors.json_encode) {
    assert.equal(
      jsonEncode(decode(value)),
      output,
      `jsonEncode(${JSON.stringify(value)})`,
    );
  }
});

Deno.test("jsonDecode() matches Tornado's json_decode", () => {
  checkPairs("jsonDecode", vectors.json_decode, jsonDecode);
});

Deno.test("squeeze() matches Tornado's squeeze", () => {
  checkPairs("squeeze", vectors.squeeze, (v) => squeeze(v as string));
});

Deno.test("utf8() matches Tornado's utf8", () => {
  checkPairs("utf8", vectors.utf8, (v) => utf8(v));
});

Deno.test("toUnicode() matches Tornado's to_unicode, offsets of bad bytes included", () => {
  checkPairs("toUnicode", vectors.to_unicode, (v) => toUnicode(v));
  for (const [raw, output] of vectors.to_unicode) {
    if (!isRaises(output)) continue;
    assert.throws(
      () => toUnicode(input(raw)),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message.endsWith(`at offset ${output.position}`),
    );
  }
});

Deno.test("linkify() matches Tornado's linkify", () => {
  assert.ok(vectors.linkify.length > 0);
  for (const { input: text, options: raw, output } of vectors.linkify) {
    const options: LinkifyOptions = {};
    if (raw.shorten !== undefined) options.shorten = raw.shorten as boolean;
    if (raw.require_protocol !== undefined) {
      options.requireProtocol = raw.require_protocol as boolean;
    }
    if (raw.permitted_protocols !== undefined) {
      options.permittedProtocols = raw.permitted_protocols as string[];
    }
    const extra = raw.extra_params as string | { callable: string } | undefined;
    if (typeof extra === "string") options.extraParams = extra;
    else if (extra !== undefined) {
      options.extraParams = EXTRA_PARAMS_CALLABLES[extra.callable]!;
    }
    const message = `linkify(${JSON.stringify(text)}, ${JSON.stringify(raw)})`;
    assert.equal(linkify(text, options), output, message);
  }
});
