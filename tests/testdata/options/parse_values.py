"""Prints how Tornado's options parse command-line values, for
tests/options/parse_values_test.ts, plus print_help output.

Run: /usr/bin/python3 tests/testdata/options/parse_values.py > tests/testdata/options/parse_values.json
"""
import datetime
import io
import json
import math

from tornado.options import Error, OptionParser

TYPES = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": datetime.datetime,
    "duration": datetime.timedelta,
}

CASES = [
    ("integer", False, ["42", " 7 ", "+3", "-12", "1_000", "1.5", "abc", "", "0x10", "1__0"]),
    ("number", False, ["1.5", "-2e3", ".5", "5.", "1_0.5", "inf", "-Infinity", "abc", "1e", "", " 2 "]),
    ("boolean", False, ["true", "false", "False", "0", "f", "F", "no", "1", "", "yes"]),
    ("string", False, ["hello", "", "a=b", "x,y"]),
    ("date", False, [
        "2024-05-01 13:45:10", "2024-05-01 13:45", "2024-05-01T13:45", "20240501 13:45:10",
        "20240501 13:45", "2024-05-01", "20240501", "13:45:10", "13:45", "Wed May 01 13:45:10 2024",
        "wed may  1 13:45:10 2024", "2024-02-30", "2024-5-1", "2024-13-01", "13:60", "24:00", "nope",
        "2024-05-01 13:45:60", "2024111", "0000-01-01",
    ]),
    ("duration", False, ["1h", "30m", "5m 2s", "2.5 minutes", "45", "1d 2h", "1w", "100ms", "3us",
                         "1 hours", "-1h", "1x", "1H", "", "1h2m", "1.5e1s", "2 days, 3h"]),
    ("integer", True, ["1,2,3", "1:3", "1:3,7", "5:", "3:1", "1:", ":3", "a", "1,,2", ""]),
    ("string", True, ["a,b", "a", "", "a,,b"]),
    ("number", True, ["1.5,2"]),
]


def encode(value):
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, datetime.datetime):
        return {"date": [value.year, value.month, value.day, value.hour, value.minute, value.second]}
    if isinstance(value, datetime.timedelta):
        return {"seconds": value.total_seconds()}
    if isinstance(value, float) and math.isinf(value):
        return {"float": "inf" if value > 0 else "-inf"}
    return value


out = {"values": [], "help": []}
for type_name, multiple, texts in CASES:
    for text in texts:
        parser = OptionParser()
        parser.define("x", type=TYPES[type_name], multiple=multiple)
        try:
            value = parser._options["x"].parse(text)
            out["values"].append({"type": type_name, "multiple": multiple, "text": text, "ok": True, "value": encode(value)})
        except Exception as e:  # Tornado raises ValueError, Error, or others
            out["values"].append({"type": type_name, "multiple": multiple, "text": text, "ok": False})

# print_help layout (defaults chosen to print the same in both languages)
parser = OptionParser()
parser.define("port", default=8888, type=int, help="run on the given port", group="server")
parser.define("address", default="127.0.0.1", help="bind address", metavar="ADDR", group="server")
parser.define("a_very_long_option_name_indeed_yes", type=str, help="long names put help on the next line", group="server")
parser.define("motd", type=str, group="text",
              help="a message of the day that is long enough to wrap over several lines of the help output")
parser.define("nohelp", type=str, group="text")
parser.define("longword", type=str, group="text",
              help="short supercalifragilisticexpialidociouswordthatgoesonandonandon end")
buf = io.StringIO()
import sys
sys.argv[0] = "server.py"
parser.print_help(buf)
out["help"] = buf.getvalue()
print(json.dumps(out, indent=1))
