"""Prints Tornado's str() of the errors checked in tests/web/errors_test.ts.

Run: /usr/bin/python3 tests/testdata/web/errors.py
"""
from tornado.web import HTTPError, MissingArgumentError

for error in [
    HTTPError(682),
    HTTPError(682, "boom"),
    HTTPError(404),
    HTTPError(404, ""),
    HTTPError(403, "no", reason="Nope"),
    MissingArgumentError("a"),
]:
    print(str(error), repr(error.reason))
