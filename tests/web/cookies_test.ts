import assert from "node:assert/strict";
import {
  formatClearCookie,
  formatSetCookie,
  MAX_COOKIE_LENGTH,
  MAX_COOKIES,
  parseCookie,
  parseCookieHeader,
  type SetCookieOptions,
} from "../../web/cookies.ts";
import vectors from "../testdata/web/cookie_vectors.json" with {
  type: "json",
};

// The clock Tornado's datetime.utcnow() was fixed to.
const NOW = Date.parse(vectors.now) / 1000;
const clock = (): number => NOW;

type JsonOptions = Record<string, unknown> & {
  expires?: number | { date: string };
};

function optionsOf(json: JsonOptions): SetCookieOptions {
  const options = { ...json } as Record<string, unknown>;
  if (typeof json.expires === "object") {
    options.expires = new Date(json.expires.date);
  }
  return options as SetCookieOptions;
}

// Tornado trims every Unicode space around names and values; we trim only
// ASCII whitespace (hardening, tested below), so vectors with other spaces
// are left out of the parity checks.
const PYTHON_ONLY_SPACE_REGEXP =
  /[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const parsing = vectors.parsing.filter((v) =>
  !PYTHON_ONLY_SPACE_REGEXP.test(v.header)
);

Deno.test("parseCookie() splits a header as Tornado's parse_cookie", () => {
  assert.equal(parsing.length, vectors.parsing.length - 1);
  for (const v of parsing) {
    assert.deepEqual([...parseCookie(v.header)], v.parsed, v.header);
  }
});

Deno.test("parseCookieHeader() keeps the cookies Tornado's request.cookies keeps", () => {
  for (const v of parsing) {
    assert.deepEqual([...parseCookieHeader(v.header)], v.cookies, v.header);
  }
  assert.deepEqual([...parseCookieHeader(null)], []);
});

Deno.test("parseCookieHeader() reads a prototype-like name as a plain cookie", () => {
  const cookies = parseCookieHeader("__proto__=1; constructor=2");
  assert.equal(cookies.get("__proto__"), "1");
  assert.equal(cookies.get("constructor"), "2");
  assert.equal(cookies.get("toString"), undefined);
});

Deno.test("parseCookieHeader() caps the number of cookies and skips overlong ones", () => {
  const many = Array.from({ length: MAX_COOKIES + 50 }, (_, i) => `c${i}=${i}`)
    .join("; ");
  const cookies = parseCookieHeader(many);
  assert.equal(cookies.size, MAX_COOKIES);
  assert.equal(cookies.get(`c${MAX_COOKIES - 1}`), `${MAX_COOKIES - 1}`);
  assert.equal(cookies.get(`c${MAX_COOKIES}`), undefined);

  const long = "a=1; b=" + "x".repeat(MAX_COOKIE_LENGTH) + "; c=3";
  assert.deepEqual([...parseCookieHeader(long)], [["a", "1"], ["c", "3"]]);
  const huge = "a=1;" + ";".repeat(MAX_COOKIE_LENGTH * 4) + "z=9";
  assert.deepEqual([...parseCookieHeader(huge)], [["a", "1"], ["z", "9"]]);
});

Deno.test("parseCookieHeader(): escapes in a quoted value never swallow later cookies, linear time", () => {
  for (const escape of ["\\042", "\\\\", '\\"', "\\073"]) {
    for (const count of [3, 1_000, 20_000, 100_000]) {
      const header = `a="${escape.repeat(count)}"; b=2; c="\\042"`;
      const start = performance.now();
      const cookies = parseCookieHeader(header);
      const elapsed = performance.now() - start;
      assert.equal(cookies.get("b"), "2", `${escape} x ${count}`);
      assert.equal(cookies.get("c"), '"');
      // Generous bound: only quadratic behaviour (seconds) can reach it.
      assert.ok(elapsed < 500, `${escape} x ${count}: ${elapsed}ms`);
    }
  }
  assert.equal(parseCookieHeader('a="\\042\\042\\042"; b=2').get("a"), '"""');
});

Deno.test("parseCookieHeader() trims only ASCII whitespace: a Unicode space makes another name", () => {
  for (const space of ["\u00a0", "\u2000", "\u3000", "\u0085", "\u001c"]) {
    const tossed = `${space}__Host-id=evil`;
    for (
      const header of [`${tossed}; __Host-id=good`, `__Host-id=good; ${tossed}`]
    ) {
      const cookies = parseCookieHeader(header);
      assert.equal(cookies.get("__Host-id"), "good", JSON.stringify(header));
    }
    const value = parseCookieHeader(`a=${space}v${space}`).get("a");
    assert.equal(value, `${space}v${space}`);
  }
  const ascii = parseCookieHeader(" \t a \t = \t 1 \t ;\vb\f=\r2\n");
  assert.deepEqual([...ascii], [["a", "1"], ["b", "2"]]);
});

Deno.test("parseCookieHeader() never throws on malformed input", () => {
  const pieces = [
    '"',
    "\\",
    "=",
    ";",
    " ",
    "a",
    "\\0",
    "\n",
    "\u2603",
    "\ud800",
  ];
  let state = 7;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  for (let i = 0; i < 2000; i++) {
    let header = "";
    const length = random(20);
    for (let j = 0; j < length; j++) header += pieces[random(pieces.length)];
    const cookies = parseCookieHeader(header);
    for (const name of cookies.keys()) assert.match(name, /^[!-~]+$/);
  }
});

Deno.test("formatSetCookie() writes Tornado's Set-Cookie bytes", () => {
  let checked = 0;
  for (const v of vectors.setting) {
    const options = { ...optionsOf(v.options as JsonOptions), clock };
    // Tornado writes a non-Latin-1 value as it is, then fails to send the
    // header; we refuse it up front.
    const sendable = "header" in v &&
      [...v.header.join("")].every((c) => c.charCodeAt(0) <= 0xff);
    if (sendable) {
      const header = formatSetCookie(v.name, v.value, options);
      assert.deepEqual([header], v.header, `${v.name}=${v.value}`);
      checked++;
    } else {
      assert.throws(
        () => formatSetCookie(v.name, v.value, options),
        TypeError,
        `${v.name}=${JSON.stringify(v.value)} should be refused`,
      );
    }
  }
  assert.ok(checked > 25);
});

Deno.test("formatSetCookie() round-trips quoted values through parseCookieHeader()", () => {
  for (const value of ["x;y", "x,y", 'x"y', "x\\y", "é\xff", "\x7f", "x=y="]) {
    const header = formatSetCookie("a", value);
    const pair = header.slice(0, header.indexOf("; Path=/"));
    assert.equal(parseCookieHeader(pair).get("a"), value, header);
  }
});

Deno.test("formatSetCookie() refuses header injection with a clear TypeError", () => {
  assert.throws(() => formatSetCookie("a", "x\r\nSet-Cookie: b=1"), {
    name: "TypeError",
    message:
      /^Cannot set cookie "a": value ".*" has a space or control character$/,
  });
  assert.throws(() => formatSetCookie("a;b", "1"), {
    name: "TypeError",
    message: /^Cannot set cookie "a;b": a name needs characters from/,
  });
  assert.throws(() => formatSetCookie("a", "\u2603"), {
    name: "TypeError",
    message: /outside Latin-1/,
  });
  for (
    const options of [
      { path: "/x; Secure" },
      { path: "/x\r\n" },
      { domain: "a.com;" },
      { expires: "soon; HttpOnly" },
      { sameSite: "Lax\n" as "Lax" },
    ]
  ) {
    assert.throws(() => formatSetCookie("a", "1", options), TypeError);
  }
});

Deno.test("formatSetCookie() takes expires as seconds, Date or string", () => {
  assert.equal(
    formatSetCookie("a", "1", { expires: 0 }),
    "a=1; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
  );
  assert.equal(
    formatSetCookie("a", "1", { expires: new Date(Date.UTC(2026, 0, 1)) }),
    "a=1; expires=Thu, 01 Jan 2026 00:00:00 GMT; Path=/",
  );
  assert.equal(
    formatSetCookie("a", "1", { expires: "Fri, 02 Jan 2026 00:00:00 GMT" }),
    "a=1; expires=Fri, 02 Jan 2026 00:00:00 GMT; Path=/",
  );
  assert.equal(
    formatSetCookie("a", "1", { maxAge: 2.9 }),
    "a=1; Max-Age=2; Path=/",
  );
  assert.throws(
    () => formatSetCookie("a", "1", { expires: new Date(NaN) }),
    RangeError,
  );
  assert.throws(
    () => formatSetCookie("a", "1", { maxAge: Infinity }),
    RangeError,
  );
});

Deno.test("formatSetCookie() uses the real clock for expiresDays", () => {
  const before = Math.floor(Date.now() / 1000) + 86400;
  const header = formatSetCookie("a", "1", { expiresDays: 1 });
  const after = Math.floor(Date.now() / 1000) + 86400;
  const match = /expires=([^;]+);/.exec(header);
  assert.ok(match?.[1]);
  const at = Date.parse(match[1]) / 1000;
  assert.ok(at >= before && at <= after, header);
});

Deno.test("formatClearCookie() writes Tornado 6.2's clear_cookie bytes", () => {
  for (const v of vectors.clearing) {
    assert.deepEqual(
      [formatClearCookie(v.name, { ...v.options, clock })],
      v.header,
    );
  }
  const cleared = [...parseCookieHeader("x=1; y=2; path=3").keys()].map(
    (name) => formatClearCookie(name, { clock }),
  );
  assert.deepEqual(cleared, vectors.clearAll);
});

Deno.test("formatClearCookie() adds Secure and SameSite when asked", () => {
  assert.equal(
    formatClearCookie("__Secure-a", {
      secure: true,
      sameSite: "None",
      clock: () => 86400 * 400,
    }),
    '__Secure-a=""; expires=Thu, 05 Feb 1970 00:00:00 GMT; Path=/; SameSite=None; Secure',
  );
});
