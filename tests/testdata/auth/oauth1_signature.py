"""Prints OAuth 1.0a HMAC-SHA1 signatures made by Tornado 6.2 as JSON.

Run: /usr/bin/python3 tests/testdata/auth/oauth1_signature.py > tests/testdata/auth/oauth1_signature.json
"""
import json

from tornado.auth import _oauth10a_signature

CASES = [
    {
        "consumer": {"key": "ck", "secret": "cs"},
        "method": "GET",
        "url": "https://api.twitter.com/oauth/request_token",
        "params": {
            "oauth_consumer_key": "ck",
            "oauth_signature_method": "HMAC-SHA1",
            "oauth_timestamp": "1700000000",
            "oauth_nonce": "abc123",
            "oauth_version": "1.0",
            "oauth_callback": "http://127.0.0.1:8888/auth/twitter?next=/a b",
        },
        "token": None,
    },
    {
        "consumer": {"key": "ck", "secret": "c&s+~"},
        "method": "POST",
        "url": "HTTPS://API.Example.COM/1.1/statuses/update.json",
        "params": {
            "oauth_consumer_key": "ck",
            "oauth_token": "tk",
            "oauth_signature_method": "HMAC-SHA1",
            "oauth_timestamp": "1700000001",
            "oauth_nonce": "n0nce",
            "oauth_version": "1.0",
            "status": "Hello, Ladies + Gentlemen, a signed OAuth request! \u00e9\u2603",
            "include_entities": "true",
        },
        "token": {"key": "tk", "secret": "ts/=%"},
    },
]

out = []
for case in CASES:
    signature = _oauth10a_signature(
        case["consumer"], case["method"], case["url"], case["params"], case["token"]
    )
    out.append({**case, "signature": signature.decode()})
print(json.dumps(out, indent=2, ensure_ascii=False))
