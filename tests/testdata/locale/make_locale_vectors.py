#!/usr/bin/python3
"""Prints Tornado 6.2's answers for the locale test cases, as JSON.

Run from this directory:
    /usr/bin/python3 make_locale_vectors.py > locale_vectors.json

Each group names a translation directory (loaded with Tornado's own
load_translations or load_gettext_translations) and lists cases; the Deno
test loads the same directory and checks every case. Dates are seconds since
the epoch. Tornado measures relative dates from datetime.utcnow(), so the
script replaces that clock with each case's fixed "now".
"""
import datetime
import json
import os
import types
import warnings

import tornado.locale
import tornado.web
from tornado.httputil import HTTPHeaders

warnings.simplefilter("ignore")  # utcfromtimestamp is deprecated in 3.12+

HERE = os.path.dirname(os.path.abspath(__file__))
_fixed_now = [None]


class FixedClock(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return _fixed_now[0]


tornado.locale.datetime = types.SimpleNamespace(
    datetime=FixedClock, timedelta=datetime.timedelta
)


def utc(ts):
    return datetime.datetime.utcfromtimestamp(ts)


def reset(loader, *args):
    tornado.locale.Locale._cache.clear()
    tornado.locale.set_default_locale("en_US")
    tornado.locale._use_gettext = False
    loader(*args)


# Two instants to measure from: midday, and just after midnight UTC (so that
# gmt offsets move "yesterday" across a day boundary).
NOWS = [1710504000, 1710462600]  # 2024-03-15 12:00:00Z, 2024-03-15 00:30:00Z
DELTAS = [
    0, 1, 1.5, 49, 50, 89, 90, 150, 210, 2999, 3000, 5400, 9000, 43200,
    86399, 86400, 86400 + 12 * 3600, 2 * 86400, 3 * 86400 + 7000,
    4 * 86400 + 86399, 5 * 86400, 100 * 86400, 333 * 86400 + 5,
    334 * 86400, 400 * 86400, 3650 * 86400,
    # future: within a minute reads as now; beyond, the full format.
    # (Not days ahead with a seconds part under 60: Tornado only looks at
    # the seconds part of the difference there, which this port does not.)
    -30, -59, -60, -3600, -(2 * 86400 + 10800),
]
OFFSETS = [0, 300, -330]
FLAGS = [
    {},
    {"shorter": True},
    {"relative": False},
    {"relative": False, "shorter": True},
    {"full_format": True},
    {"full_format": True, "shorter": True},
]


def date_cases(code):
    cases = []
    locale = tornado.locale.Locale.get(code)
    for now in NOWS:
        _fixed_now[0] = FixedClock.utcfromtimestamp(now)
        for delta in DELTAS:
            for offset in OFFSETS:
                for flags in FLAGS:
                    date = now - delta
                    # Compact row: [op, locale, date, now, gmtOffset,
                    # relative, shorter, fullFormat, expected].
                    cases.append([
                        "formatDate", code, date, now, offset,
                        flags.get("relative", True),
                        flags.get("shorter", False),
                        flags.get("full_format", False),
                        locale.format_date(date, gmt_offset=offset, **flags),
                    ])
    for ts in [1705917600, 1710504000, 1710462600, 951782400, 0]:
        for offset in OFFSETS + [720]:
            for dow in [True, False]:
                cases.append({
                    "op": "formatDay",
                    "locale": code,
                    "date": ts,
                    "gmtOffset": offset,
                    "dow": dow,
                    "expected": locale.format_day(utc(ts), offset, dow),
                })
    return cases


def common_cases(code, messages):
    locale = tornado.locale.Locale.get(code)
    cases = [
        {"op": "name", "locale": code, "expected": locale.name},
        {"op": "rtl", "locale": code, "expected": locale.rtl},
    ]
    for parts in [[], ["A"], ["A", "B"], ["A", "B", "C"], ["x", "y", "z", "w"]]:
        cases.append({"op": "list", "locale": code, "parts": parts,
                      "expected": locale.list(parts)})
    # (Not -999999: Tornado groups the minus sign as a digit, "-,999,999".)
    for n in [0, 7, 999, 1000, 12345, 999999, 1000000, 1234567890, -1, -1234,
              -12345678, 10**20]:
        cases.append({"op": "friendlyNumber", "locale": code, "value": str(n),
                      "expected": locale.friendly_number(n)})
    for m in messages:
        if len(m) == 1:
            cases.append({"op": "translate", "locale": code, "message": m[0],
                          "expected": locale.translate(m[0])})
        else:
            for count in [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 102, 111, 1001]:
                cases.append({
                    "op": "translate", "locale": code, "message": m[0],
                    "plural": m[1], "count": count,
                    "expected": locale.translate(m[0], m[1], count),
                })
    return cases


def pgettext_cases(code, items):
    locale = tornado.locale.Locale.get(code)
    cases = []
    for item in items:
        if len(item) == 2:
            cases.append({"op": "pgettext", "locale": code, "context": item[0],
                          "message": item[1],
                          "expected": locale.pgettext(item[0], item[1])})
        else:
            for count in [0, 1, 2, 5, 22]:
                cases.append({
                    "op": "pgettext", "locale": code, "context": item[0],
                    "message": item[1], "plural": item[2], "count": count,
                    "expected": locale.pgettext(item[0], item[1], item[2], count),
                })
    return cases


def closest_cases(code_lists):
    return [{"op": "getClosest", "codes": codes,
             "expected": tornado.locale.Locale.get_closest(*codes).code}
            for codes in code_lists]


class FakeHandler:
    def __init__(self, header):
        self.request = types.SimpleNamespace(headers=HTTPHeaders())
        if header is not None:
            self.request.headers["Accept-Language"] = header


def browser_cases(headers):
    cases = []
    for header, default in headers:
        handler = FakeHandler(header)
        result = tornado.web.RequestHandler.get_browser_locale(handler, default)
        cases.append({"op": "browserLocale", "header": header,
                      "default": default, "expected": result.code})
    return cases


CSV_MESSAGES = [
    ["Sign out"], ["Monday"], ["Help"], ["Cancel"], ["Padded"],
    ["He said \"hi\""], ["Apples, pears"], ["Two\nlines"], ["Extra"],
    ["Bad indicator"], ["Only one column"], ["Not in the file"],
    ["%(name)s liked this", "%(name)s liked this"],
    ["1 minute ago", "%(minutes)d minutes ago"],
    ["Sign out", "Sign outs"],
]
GETTEXT_MESSAGES = [
    ["Sign out"], ["Monday"], ["Untranslated"], ["Fuzzy"], ["right"],
    ["club"], ["file"], ["Line one\nline two"], ["Not in the catalog"],
    ["file", "files"], ["%(n)d file", "%(n)d files"],
    ["%(n)d day", "%(n)d days"], ["1 minute ago", "%(minutes)d minutes ago"],
    ["Sign out", "Sign outs"], ["%(n)d item", "%(n)d items"],
]
PGETTEXT_ITEMS = [
    ["law", "right"], ["good", "right"], ["direction", "right"],
    ["law", "Sign out"], ["organization", "club", "clubs"],
    ["stick", "club", "clubs"], ["unknown", "file", "files"],
    ["unknown", "nothing", "nothings"], ["menu", "%(n)d item", "%(n)d items"],
]
CLOSEST = [
    ["es_GT"], ["es-gt"], ["ES-gt"], ["es"], ["es_MX"], ["es-MX", "zh-cn"],
    ["fa_IR"], ["fa"], ["zh"], ["zh_CN"], ["zh_TW", "es_GT"], ["a_b_c", "fa"],
    [""], [], ["en"], ["EN"], ["en_US"], ["en-us"], ["xx", "yy"], ["pl_PL"],
    ["pl"], ["ar_EG"], ["AR"], ["es_mx_x", "es"], ["fr_FR"],
]
HEADERS = [
    ("es-GT,en;q=0.8", "en_US"), ("fr;q=0.5, es-gt;q=0.9", "en_US"),
    ("en;q=0", "en_US"), ("xx;q=abc, es_GT", "en_US"),
    ("es-GT;q=-1, zh-CN", "en_US"), ("fa;q=1e-1, es-GT;q=0.05", "en_US"),
    ("zh-CN;q=inf, es-GT", "en_US"), ("es-GT ;q=0.5", "en_US"),
    ("", "en_US"), (",,,", "en_US"), ("es-GT;level=1;q=0.5, fa;q=0.9", "en_US"),
    ("de;q=0.9, fa;q=0.9, es;q=0.9", "en_US"), ("es;q=nan, fa;q=0.1", "en_US"),
    ("fa;q=1_0, es-GT", "en_US"), ("es-GT;q=0x10, fa;q=0.2", "en_US"),
    ("zh-CN;q= 0.7 , fa;q=.8", "en_US"), (None, "en_US"), (None, "es_GT"),
    ("xx", "fa"), ("pl, es-ES;q=0.5", "en_US"), ("ar-EG, pl;q=0.3", "en_US"),
    ("*", "en_US"), ("es-gt;Q=0.1, fa;q=0.2", "en_US"),
    ("fa;q=0.3, es-GT;q=5.e-1", "en_US"), ("es-GT;q=0.3, fa;q=1_0.5e-1", "en_US"),
    ("fa;q=0.1, es-GT;q=+.2, zh-CN;q=1__0", "en_US"), ("es-GT;q=-0, fa", "en_US"),
    ("fa;q=0.5, es-GT;q=INFINITY", "en_US"), ("fa;q=0.5, es-GT;q=-nan", "en_US"),
    ("fa;q=0.5, es-GT;q=1e", "en_US"), ("fa;q=0.5, es-GT;q=_1", "en_US"),
]


# Plural-Forms rules, evaluated by Python's gettext.c2py (the evaluator
# Tornado's GettextLocale relies on) for many counts. (Not "!" before a
# binary operator: c2py reads "!n % 2" as "not (n % 2)", C as "(!n) % 2".)
PLURAL_RULES = [
    "0",
    "n != 1",
    "n > 1",
    "(n != 1)",
    "n==1 ? 0 : 1",
    "n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2",
    "n==1 ? 0 : n==2 ? 1 : 2",
    "n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2",
    "n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2",
    "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2",
    "n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2",
    "n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3",
    "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5",
    "n / 10 % 3",
    "n * 2 - 1 > 4 + 3",
    "1 < 2 < 3",
    "3 > 2 > 1",
    "n == 1 == 1",
    "!n",
    "!(n % 10)",
    "!!n",
    "n ? n > 5 ? 2 : 1 : 0",
    "n >= 5 || n <= 1 && n != 0",
    "  n\t% 7 ",
]
PLURAL_COUNTS = list(range(0, 32)) + [99, 100, 101, 102, 103, 111, 112, 121,
                                      1000, 1001, 1011, 12345]
# Rules Python rejects. (None with ";": the header is split on it first.)
BAD_PLURAL_RULES = ["n +", "(n", "x", "n ? 1", "1 2", "n ** 2",
                    "-n", "n = 1", ")", "", "n ? 1 : ", "1.5", "n1"]


def plural_cases():
    import gettext
    cases = []
    for rule in PLURAL_RULES:
        f = gettext.c2py(rule)
        cases.append({"op": "pluralRule", "rule": rule, "counts": PLURAL_COUNTS,
                      "expected": [f(n) for n in PLURAL_COUNTS]})
    for rule in BAD_PLURAL_RULES:
        try:
            gettext.c2py(rule)
        except ValueError:
            cases.append({"op": "badPluralRule", "rule": rule})
        else:
            raise AssertionError(rule)
    return cases


def main():
    groups = [{"loader": "none", "directory": "plural_forms",
               "cases": plural_cases()}]

    reset(tornado.locale.load_translations, os.path.join(HERE, "csv"))
    cases = []
    for code in ["en_US", "es_GT"]:
        cases += date_cases(code)
    # zh_CN differs only in its clock: one time zone is enough.
    cases += [c for c in date_cases("zh_CN") if isinstance(c, dict) or c[4] == 0]
    for code in ["en_US", "es_GT", "zh_CN", "fa"]:
        cases += common_cases(code, CSV_MESSAGES)
    cases += closest_cases(CLOSEST) + browser_cases(HEADERS)
    cases.append({"op": "supported",
                  "expected": sorted(tornado.locale.get_supported_locales())})
    groups.append({"loader": "csv", "directory": "csv", "cases": cases})

    for directory in ["csv_utf16le", "csv_utf16be", "csv_utf8bom"]:
        reset(tornado.locale.load_translations, os.path.join(HERE, directory))
        cases = common_cases("fr_FR", [
            ["Sign out"],
            ["%(name)s liked this", "%(name)s liked this"],
        ])[:2] + [c for c in common_cases("fr_FR", [
            ["Sign out"], ["%(name)s liked this", "%(name)s liked this"],
        ]) if c["op"] == "translate"]
        groups.append({"loader": "csv", "directory": directory, "cases": cases})

    for directory in ["gettext", "gettext_be"]:
        reset(tornado.locale.load_gettext_translations,
              os.path.join(HERE, directory), "tornado_deno_test")
        cases = []
        for code in ["es", "pl", "ar"]:
            cases += common_cases(code, GETTEXT_MESSAGES)
            cases += pgettext_cases(code, PGETTEXT_ITEMS)
        if directory == "gettext":
            locale = tornado.locale.Locale.get("es")
            cases += [c for c in date_cases("es")
                      if isinstance(c, dict) or c[4] == 0]
        cases += closest_cases(CLOSEST) + browser_cases(HEADERS)
        cases.append({"op": "supported",
                      "expected": sorted(tornado.locale.get_supported_locales())})
        groups.append({"loader": "gettext", "directory": directory,
                       "domain": "tornado_deno_test", "cases": cases})

    # One case per line, for readable diffs.
    out = ['{"tornado": %s, "groups": [' % json.dumps(tornado.version)]
    for g, group in enumerate(groups):
        head = {k: v for k, v in group.items() if k != "cases"}
        out.append(json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [')
        lines = [json.dumps(c, ensure_ascii=False) for c in group["cases"]]
        out.append(",\n".join(lines))
        out.append("]}" + ("," if g < len(groups) - 1 else ""))
    out.append("]}")
    print("\n".join(out))


main()
