"""Prints Tornado's url_concat results for tests/httpclient/url_concat_test.ts.

Run: /usr/bin/python3 tests/testdata/httpclient/url_concat.py > tests/testdata/httpclient/url_concat.json
"""
import json

from tornado.httputil import url_concat

CASES = [
    ["http://example.com/foo", {"c": "d"}],
    ["http://example.com/foo?a=b", {"c": "d"}],
    ["http://example.com/foo?a=b", [["c", "d"], ["c", "d2"]]],
    ["http://example.com/foo?a=b&", [["c", "d"]]],
    ["http://example.com/foo?a&b=", {"c": "d"}],
    ["http://example.com/foo?", []],
    ["http://example.com/foo?a=b#frag", {"c": "d e"}],
    ["http://example.com/foo?x=%zz&y=%C3%A9+z", {"k": "v"}],
    ["http://example.com/foo?x=%E2%82", {}],
    ["http://example.com/p", {"sp ace": "a+b&c=d/e?f", "tilde": "~*'()!"}],
    ["http://example.com/p", {"uni": "caf\u00e9 \u2603", "empty": ""}],
    ["/relative/path", [["a", "1"], ["a", "2"]]],
    ["http://example.com/p?q=%7E%2a", {}],
    ["http://example.com/p?caf\u00e9=%C3", {}],
    ["/p?", {"y": "y"}],
    ["/p?x", {"y": "y"}],
    ["/p?x&", {"y": "y"}],
    ["/p#tab", {"y": "y"}],
    ["/p?a=1#tab", [["y", "y"], ["y", "z"]]],
]

out = []
for url, args in CASES:
    py_args = [tuple(p) for p in args] if isinstance(args, list) else args
    out.append({"url": url, "args": args, "expected": url_concat(url, py_args)})
print(json.dumps(out, indent=1, ensure_ascii=False))
