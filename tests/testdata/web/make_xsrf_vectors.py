"""Prints XSRF token vectors made by real Tornado (6.2) as JSON.

Run: /usr/bin/python3 tests/testdata/web/make_xsrf_vectors.py \
       > tests/testdata/web/xsrf_vectors.json
Used by tests/web/xsrf_token_test.ts: how `_decode_xsrf_token` reads cookie
and form values, tokens `xsrf_token` writes for a cookie, and what
`check_xsrf_cookie` answers, with `time.time()` fixed.
"""
import json
import sys
import types
import time as real_time
from unittest import mock

import tornado
import tornado.web
from tornado.httputil import HTTPHeaders, HTTPServerRequest

CLOCK = 1700000000.25
tornado.web.time = types.SimpleNamespace(time=lambda: CLOCK)
app = tornado.web.Application(xsrf_cookies=True)


def handler(cookie=None, form=None, headers=None):
    h = HTTPHeaders(headers or {})
    if cookie is not None:
        h["Cookie"] = "_xsrf=" + cookie
    request = HTTPServerRequest(
        method="POST", uri="/", headers=h, connection=mock.Mock()
    )
    if form is not None:
        request.arguments = {"_xsrf": [form.encode()]}
        request.body_arguments = request.arguments
    return tornado.web.RequestHandler(app, request)


def decoded(value):
    version, token, timestamp = handler()._decode_xsrf_token(value)
    if token is None:
        return None
    return {"version": version, "token": token.hex(), "timestamp": timestamp}


raw = bytes(range(16))
v2 = "2|0a0b0c0d|" + bytes(b ^ m for b, m in zip(raw, b"\x0a\x0b\x0c\x0d" * 4)).hex() + "|1600000000"
decoding = []
for value in [
    v2, v2.upper().replace("2|", "2|", 1), raw.hex(), raw.hex().upper(),
    "2|0a0b0c0d|" + raw.hex() + "|1600000000",
    "plain text", "caf\u00e9", "abc", "ab", "",
    "2|0a0b0c0d|0102|-5", "2|0a0b0c0d|0102| 7 ", "2|0a0b0c0d|0102|1_000",
    "2|0a0b0c0d0e|0102|1", "2|0a0b0c0d|0102|x", "2|0a0b0c0d|010|1",
    "2|0a0b0c0g|0102|1", "2|0a0b0c0d|0102", "2|0a0b0c0d|0102|1|9",
    "3|0a0b0c0d|0102|1", "1|abcd", "02|0a0b0c0d|0102|1", "2|\n", "2|x\ny",
    "2|0a0b0c0d|0102|1\n",
]:
    decoding.append({"value": value, "decoded": decoded(value)})

# xsrf_token for a cookie: different masks, same raw token.
written = []
for cookie in [v2, raw.hex()]:
    tokens = [handler(cookie).xsrf_token.decode() for _ in range(3)]
    h = handler(cookie)
    _ = h.xsrf_token
    written.append({
        "cookie": cookie,
        "tokens": tokens,
        "raw": h._get_raw_xsrf_token()[1].hex(),
        "setCookie": [m.OutputString(None) for m in getattr(h, "_new_cookie", {}).values()],
    })
# A new token: the cookie it sets and the token it shows are the same kind.
h = handler()
fresh = {
    "token": h.xsrf_token.decode(),
    "raw": h._get_raw_xsrf_token()[1].hex(),
    "setCookie": [m.OutputString(None) for m in h._new_cookie.values()],
}


def check(cookie, form=None, headers=None):
    h = handler(cookie, form, headers)
    try:
        h.check_xsrf_cookie()
    except tornado.web.HTTPError as e:
        return e.log_message
    return None


checking = []
other = "2|01020304|" + bytes(16).hex() + "|1"
for cookie, form, headers in [
    (v2, written[0]["tokens"][0], None),
    (v2, raw.hex(), None),
    (raw.hex(), written[0]["tokens"][1], None),
    (v2, None, {"X-Xsrftoken": written[0]["tokens"][2]}),
    (v2, None, {"X-Csrftoken": raw.hex()}),
    (v2, "", {"X-Csrftoken": raw.hex()}),
    (v2, other, None),
    (v2, None, None),
    (v2, "", None),
    (v2, "3|junk", None),
    (v2, "2|0a0b0c0d|zz|1", None),
    (None, raw.hex(), None),
    ("plain", "plain", None),
    ("plain", "706c61696e", None),
]:
    checking.append({
        "cookie": cookie, "form": form, "headers": headers or {},
        "result": check(cookie, form, headers),
    })

json.dump({
    "tornado": tornado.version,
    "clock": CLOCK,
    "decoding": decoding,
    "written": written,
    "fresh": fresh,
    "checking": checking,
}, sys.stdout, ensure_ascii=False, indent=1)
print()
