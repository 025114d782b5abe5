import assert from "node:assert/strict";
import {
  checkXsrfToken,
  decodeXsrfToken,
  encodeXsrfToken,
  getRawXsrfToken,
  newRawXsrfToken,
  submittedXsrfToken,
  xsrfTokensEqual,
} from "../../web/_xsrf.ts";
import vectors from "../testdata/web/xsrf_vectors.json" with { type: "json" };
import { runPython, tornadoAvailable } from "./_python.ts";

const clock = (): number => vectors.clock;

function hex(bytes: Uint8Array | undefined): string | undefined {
  return bytes?.toHex();
}

Deno.test("decodeXsrfToken() reads values as Tornado's _decode_xsrf_token", () => {
  for (const v of vectors.decoding) {
    const got = decodeXsrfToken(v.value, { clock });
    if (v.decoded === null || v.decoded.token === "") {
      // An empty token is garbage here: Tornado would keep it and refuse
      // every form until the cookie expires; we make a new one instead.
      assert.equal(got, null, JSON.stringify(v.value));
    } else {
      assert.deepEqual(
        got && { ...got, token: hex(got.token) },
        v.decoded,
        JSON.stringify(v.value),
      );
    }
  }
});

Deno.test("decodeXsrfToken() reads tokens Tornado wrote for a cookie", () => {
  for (const w of vectors.written) {
    const cookie = getRawXsrfToken(w.cookie, { clock });
    assert.equal(hex(cookie.token), w.raw);
    assert.notEqual(cookie.version, null);
    for (const token of w.tokens) {
      assert.equal(hex(decodeXsrfToken(token)?.token), w.raw);
      assert.equal(checkXsrfToken(token, cookie), null);
    }
  }
  assert.equal(
    hex(decodeXsrfToken(vectors.fresh.token)?.token),
    vectors.fresh.raw,
  );
});

Deno.test("encodeXsrfToken() masks the same token differently each time", () => {
  const raw = getRawXsrfToken(vectors.written[0]!.cookie);
  const tokens = new Set(
    Array.from({ length: 20 }, () => encodeXsrfToken(raw)),
  );
  assert.equal(tokens.size, 20);
  for (const token of tokens) {
    // Tornado keeps the cookie's timestamp in every token it writes.
    assert.match(token, /^2\|[0-9a-f]{8}\|[0-9a-f]{32}\|1600000000$/);
    assert.equal(hex(decodeXsrfToken(token)?.token), vectors.written[0]!.raw);
  }
  assert.equal(
    encodeXsrfToken(raw, { version: 1 }),
    "000102030405060708090a0b0c0d0e0f",
  );
  assert.throws(() => encodeXsrfToken(raw, { version: 3 }), RangeError);
});

Deno.test("getRawXsrfToken() makes a new 16-byte token for a missing or bad cookie", () => {
  for (const cookie of [null, undefined, "", "3|junk", "2|0a0b0c0d|zz|1"]) {
    const raw = getRawXsrfToken(cookie, { clock });
    assert.equal(raw.version, null);
    assert.equal(raw.token.length, 16);
    assert.equal(raw.timestamp, vectors.clock);
  }
  assert.notDeepEqual(newRawXsrfToken().token, newRawXsrfToken().token);
  // Like Tornado, the token shown for a new cookie is the cookie value's kind.
  assert.match(vectors.fresh.setCookie[0]!, /^_xsrf=2\|[0-9a-f]{8}\|/);
});

Deno.test("checkXsrfToken() answers as Tornado's check_xsrf_cookie", () => {
  for (const c of vectors.checking) {
    const expected = getRawXsrfToken(c.cookie, { clock });
    const submitted = submittedXsrfToken(c.form, new Headers(c.headers));
    assert.equal(
      checkXsrfToken(submitted, expected),
      c.result,
      JSON.stringify(c),
    );
  }
});

Deno.test("submittedXsrfToken() prefers the argument, then X-XSRFToken, then X-CSRFToken", () => {
  const both = new Headers({ "X-XSRFToken": "x", "X-CSRFToken": "c" });
  assert.equal(submittedXsrfToken("a", both), "a");
  assert.equal(submittedXsrfToken("", both), "x");
  assert.equal(
    submittedXsrfToken(null, new Headers({ "x-csrftoken": "c" })),
    "c",
  );
  assert.equal(submittedXsrfToken(undefined, new Headers()), null);
});

Deno.test("xsrfTokensEqual() compares bytes of any length", () => {
  assert.ok(
    xsrfTokensEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])),
  );
  assert.ok(
    !xsrfTokensEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])),
  );
  assert.ok(
    !xsrfTokensEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2])),
  );
});

Deno.test("decodeXsrfToken() never throws on garbage", () => {
  const pieces = ["2", "|", "0", "a", "g", "\n", " ", "_", "-", "\u2603"];
  let state = 3;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  for (let i = 0; i < 3000; i++) {
    let value = random(2) === 0 ? "2|" : "";
    const length = random(24);
    for (let j = 0; j < length; j++) value += pieces[random(pieces.length)];
    const raw = decodeXsrfToken(value);
    assert.ok(raw === null || raw.token.length > 0);
  }
});

Deno.test(
  {
    name: "encodeXsrfToken() interop: real Tornado accepts tokens made here",
    ignore: !tornadoAvailable,
  },
  async () => {
    const raw = newRawXsrfToken();
    const cookie = encodeXsrfToken(raw);
    const forms = [encodeXsrfToken(raw), encodeXsrfToken(raw)];
    assert.notEqual(forms[0], forms[1]);
    const out = await runPython(
      `
import json, sys
from unittest import mock
import tornado.web
from tornado.httputil import HTTPHeaders, HTTPServerRequest
data = json.load(sys.stdin)
app = tornado.web.Application(xsrf_cookies=True)
def handler(cookie, form):
    request = HTTPServerRequest(method="POST", uri="/", connection=mock.Mock(),
        headers=HTTPHeaders({"Cookie": "_xsrf=" + cookie}))
    request.arguments = {"_xsrf": [form.encode()]}
    return tornado.web.RequestHandler(app, request)
out = []
for form in data["forms"]:
    h = handler(data["cookie"], form)
    h.check_xsrf_cookie()  # raises HTTPError(403) on a mismatch
    out.append(h._decode_xsrf_token(form)[1].hex())
out.append(handler(data["cookie"], "x")._get_raw_xsrf_token()[1].hex())
out.append(handler(data["cookie"], "x").xsrf_token.decode())
print(json.dumps(out))
`,
      JSON.stringify({ cookie, forms }),
    );
    const [first, second, fromCookie, tornadoToken] = JSON.parse(out);
    assert.deepEqual(
      [first, second, fromCookie],
      Array(3).fill(hex(raw.token)),
    );
    // ...and a token Tornado masks for our cookie checks out here.
    assert.equal(checkXsrfToken(tornadoToken, getRawXsrfToken(cookie)), null);
  },
);
if (!tornadoAvailable) {
  console.log(
    "skipping XSRF interop test: /usr/bin/python3 cannot import tornado",
  );
}
