"""Prints cookie vectors made by real Tornado (6.2) as JSON.

Run: /usr/bin/python3 tests/testdata/web/make_cookie_vectors.py \
       > tests/testdata/web/cookie_vectors.json
Used by tests/web/cookies_test.ts: how `Cookie` headers parse
(`HTTPServerRequest.cookies`), and the `Set-Cookie` lines `set_cookie` and
`clear_cookie` write, with `datetime.utcnow()` fixed.
"""
import datetime
import json
import sys
import types
from unittest import mock

import tornado
import tornado.web
from tornado.httputil import HTTPHeaders, HTTPServerRequest, parse_cookie

NOW = datetime.datetime(2026, 1, 1, 12, 30, 45, 678000)  # naive UTC


class FixedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return NOW


tornado.web.datetime = types.SimpleNamespace(
    datetime=FixedDatetime, timedelta=datetime.timedelta
)
app = tornado.web.Application()


def handler(cookie_header=None):
    headers = HTTPHeaders()
    if cookie_header is not None:
        headers["Cookie"] = cookie_header
    request = HTTPServerRequest(
        method="GET", uri="/", headers=headers, connection=mock.Mock()
    )
    return tornado.web.RequestHandler(app, request)


# --- parsing -------------------------------------------------------------
headers = [
    "a=1",
    "a=1; b=2",
    "a=1;b=2;c=3",
    "  a = 1 ;  b=2  ",
    "a=1; a=2",
    "a=1; b=2; a=3",
    'a="quoted"',
    'a="quoted value with spaces"',
    'a="esc\\"aped\\\\"',
    'a="oct\\073al\\054x\\012y\\400"',
    'a="unterminated',
    'a=unopened"',
    'a="',
    'a=""',
    "a=",
    "=b",
    "noequals",
    "a=1; noequals; b=2",
    "a=b=c",
    ";;;",
    "",
    "a=1;;b=2",
    "path=/; domain=x; Expires=y; max-age=1; secure; httponly; samesite=lax; version=1; comment=c",
    "Path=1; PATH=2; sAmEsItE=3",
    "a b=1; c=2",
    "a,b=1; c=2",
    "a\"b=1",
    "!#$%&'*+-.^_`|~:=legal",
    "a=\u00e9\u00ff",
    "a=\x1c1\x1c; b=\x85x\x85; c=\xa0y\xa0",
    "a=\t1\t",
    "a=1\x0b",
    '$Version=1; a="1"; $Path=/',
    'a="\\\n"',
    'a="x\\y"',
    "a=1, b=2",
    "__proto__=1; constructor=2; toString=3",
]
parsing = []
for h in headers:
    raw = parse_cookie(h)
    morsels = handler(h).request.cookies
    parsing.append({
        "header": h,
        "parsed": [[k, v] for k, v in raw.items()],
        "cookies": [[k, m.value] for k, m in morsels.items()],
    })

# --- setting -------------------------------------------------------------
set_cases = [
    ("a", "1", {}),
    ("a", "", {}),
    ("a", "1", {"path": ""}),
    ("a", "1", {"path": "/foo"}),
    ("a", "1", {"domain": "example.com"}),
    ("a", "1", {"domain": ""}),
    ("a", "1", {"expires": 1767225600}),
    ("a", "1", {"expires": 1767225600.9}),
    ("a", "1", {"expires": datetime.datetime(2026, 3, 4, 5, 6, 7, 999999)}),
    ("a", "1", {"expires_days": 30}),
    ("a", "1", {"expires_days": 0.5}),
    ("a", "1", {"expires_days": -1}),
    ("a", "1", {"expires_days": 30, "expires": 1767225600}),
    ("a", "1", {"max_age": 3600}),
    ("a", "1", {"max_age": 0}),
    ("a", "1", {"httponly": True}),
    ("a", "1", {"httponly": False, "secure": False}),
    ("a", "1", {"secure": True}),
    ("a", "1", {"samesite": "Lax"}),
    ("a", "1", {"samesite": "None", "secure": True}),
    ("a", "1", {
        "domain": "example.com", "expires": 1767225600, "path": "/p",
        "max_age": 60, "httponly": True, "secure": True, "samesite": "Strict",
    }),
    ("a", "x,y", {}),
    ("a", 'x"y', {}),
    ("a", "x\\y", {}),
    ("a", "x;y", {}),
    ("a", "x=y", {}),
    ("a", "é", {}),
    ("a", "\u2603", {}),
    ("a", "\x7f", {}),
    ("a", "(){}[]<>@?/", {}),
    ("a", "!#$%&'*+-.^_`|~:", {}),
    ("a", "2|1:0|10:1700000000|4:user|8:YWxpY2U=|abc", {}),
    ("!#$%&'*+-.^_`|~:", "1", {}),
    ("a", "x y", {}),
    ("a", "x\ty", {}),
    ("a", "x\r\ny", {}),
    ("a", "x\x00", {}),
    ("a b", "1", {}),
    ("a,b", "1", {}),
    ("a;b", "1", {}),
    ("a=b", "1", {}),
    ("", "1", {}),
    ("path", "1", {}),
    ("Expires", "1", {}),
    ("é", "1", {}),
]
setting = []
for name, value, kwargs in set_cases:
    h = handler()
    try:
        h.set_cookie(name, value, **kwargs)
        out = {"header": [m.OutputString(None) for m in h._new_cookie.values()]}
    except Exception as e:  # noqa: BLE001
        out = {"error": type(e).__name__}
    options = {}
    for k, v in kwargs.items():
        key = {
            "expires_days": "expiresDays", "max_age": "maxAge",
            "httponly": "httpOnly", "samesite": "sameSite",
        }.get(k, k)
        if isinstance(v, datetime.datetime):
            v = {"date": v.replace(tzinfo=datetime.timezone.utc).isoformat()}
        options[key] = v
    setting.append({"name": name, "value": value, "options": options, **out})

# Setting the same name twice keeps only the last.
h = handler()
h.set_cookie("a", "1")
h.set_cookie("b", "2")
h.set_cookie("a", "3", path="/x")
replaced = [m.OutputString(None) for m in h._new_cookie.values()]

# --- clearing ------------------------------------------------------------
clearing = []
for kwargs in [{}, {"path": "/p"}, {"domain": "example.com"}, {"path": "/p", "domain": "d"}]:
    h = handler()
    h.clear_cookie("a", **kwargs)
    clearing.append({
        "name": "a",
        "options": kwargs,
        "header": [m.OutputString(None) for m in h._new_cookie.values()],
    })
h = handler("x=1; y=2; path=3")
h.clear_all_cookies()
clear_all = [m.OutputString(None) for m in h._new_cookie.values()]

json.dump({
    "tornado": tornado.version,
    "now": NOW.replace(tzinfo=datetime.timezone.utc).isoformat(),
    "parsing": parsing,
    "setting": setting,
    "replaced": replaced,
    "clearing": clearing,
    "clearAll": clear_all,
}, sys.stdout, ensure_ascii=False, indent=1)
print()
