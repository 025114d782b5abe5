"""Prints signed-value vectors made by real Tornado (6.2) as JSON.

Run: /usr/bin/python3 tests/testdata/web/make_signed_vectors.py \
       > tests/testdata/web/signed_vectors.json
Used by tests/web/signed_value_test.ts.
"""
import json
import logging
import sys

import tornado
from tornado.web import (
    create_signed_value,
    decode_signed_value,
    get_signature_key_version,
)

logging.getLogger("tornado.general").disabled = True

CLOCK = 1700000000.75
SECRET = "0123456789abcdef-secret"
SECRETS = {0: "key zero", 1: "key one", 7: "clé sept ☃"}


def clock():
    return CLOCK


def as_json_value(v):
    if isinstance(v, bytes):
        try:
            return {"text": v.decode("utf-8")}
        except UnicodeDecodeError:
            return {"hex": v.hex()}
    return {"text": v}


def decode(secret, name, value, **kw):
    try:
        out = decode_signed_value(secret, name, value, clock=clock, **kw)
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__}
    return None if out is None else as_json_value(out)


def key_version(value):
    try:
        return get_signature_key_version(value)
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__}


names = ["user", "a|b", "_xsrf", "n:1", "ünï"]
values = ["", "alice", "a|b|c", "2|1:0|", "héllo wörld ☃ 😀", b"\x00\xff\x80|", "x" * 300]

created = []
for version in (1, 2):
    for name in names:
        for value in values:
            signed = create_signed_value(SECRET, name, value, version=version, clock=clock)
            created.append({
                "secret": SECRET,
                "name": name,
                "value": as_json_value(value),
                "version": version,
                "signed": signed.decode("utf-8"),
                "decoded": decode(SECRET, name, signed),
                "keyVersion": key_version(signed),
            })
for kv in (0, 1, 7):
    for value in ["alice", "héllo"]:
        signed = create_signed_value(SECRETS, "user", value, clock=clock, key_version=kv)
        created.append({
            "secret": {str(k): v for k, v in SECRETS.items()},
            "name": "user",
            "value": as_json_value(value),
            "version": 2,
            "keyVersionIn": kv,
            "signed": signed.decode("utf-8"),
            "decoded": decode(SECRETS, "user", signed),
            "keyVersion": key_version(signed),
        })
# A string secret with an explicit key version (Tornado writes it, ignores it).
signed = create_signed_value(SECRET, "user", "alice", clock=clock, key_version=3)
created.append({
    "secret": SECRET, "name": "user", "value": {"text": "alice"}, "version": 2,
    "keyVersionIn": 3, "signed": signed.decode(), "decoded": decode(SECRET, "user", signed),
    "keyVersion": key_version(signed),
})

# Decoding: mutations of valid values, other secrets/names, ages, versions.
v2 = create_signed_value(SECRET, "user", "alice", clock=clock).decode()
v1 = create_signed_value(SECRET, "user", "alice", version=1, clock=clock).decode()
cases = []


def case(value, name="user", secret=SECRET, **kw):
    cases.append({
        "secret": secret if isinstance(secret, str) else {str(k): v for k, v in secret.items()},
        "name": name,
        "value": value,
        "options": {
            {"max_age_days": "maxAgeDays", "min_version": "minVersion"}[k]: v
            for k, v in kw.items()
        },
        "clockOffset": 0,
        "decoded": decode(secret, name, value, **kw),
        "keyVersion": key_version(value),
    })


for value in (v1, v2):
    case(value)
    case(value, name="other")
    case(value, secret="wrong secret")
    case(value, secret=SECRETS)
    case(value, min_version=2)
    case(value, max_age_days=0)
    case(value, max_age_days=0.00001)
    for i in range(0, len(value), 3):
        case(value[:i])
        case(value[:i] + chr(ord(value[i]) ^ 1) + value[i + 1:])
    case(value + "0")
    case(value + "\n")
    case("\n" + value)
    case(value.upper())
for garbage in [
    "", "|", "||", "2|", "2|||||", "2|1:0|10:1700000000|4:user|8:YWxpY2U=|",
    "2|x:0|", "2|-1:0|", "3|1:0|10:1700000000|4:user|8:YWxpY2U=|ab",
    "1000|abc", "999|abc", "0|abc", "02|abc", "YWxpY2U=|1700000000|0",
    "2|1:0|10:1700000000|4:user|999:YWxpY2U=|ab", "2|1: 5|", "2|1_0:0|",
    "\u2603|\u2603", "2|1:0|10:1700000000|4:user|8:YWxpY2U=",
]:
    case(garbage)

# Key-version rotation: old values still decode with the dict.
old = create_signed_value(SECRETS, "user", "alice", clock=clock, key_version=0).decode()
case(old, secret=SECRETS)
case(old, secret={1: "key one"})
case(old, secret=SECRET)

json.dump({
    "tornado": tornado.version,
    "clock": CLOCK,
    "created": created,
    "decoding": cases,
}, sys.stdout, ensure_ascii=False, indent=1)
print()
