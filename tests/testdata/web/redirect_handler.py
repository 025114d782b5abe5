"""Prints the Location Tornado's RedirectHandler sends for the cases in
tests/web/application_test.ts ("RedirectHandler merges the query ...").

Run: /usr/bin/python3 tests/testdata/web/redirect_handler.py
"""
import unittest

from tornado.testing import AsyncHTTPTestCase
from tornado.web import Application, RedirectHandler


class Locations(AsyncHTTPTestCase):
    def get_app(self):
        return Application(
            [("/p/(.*)", RedirectHandler, {"url": "/photos/{0}?k=1#frag"})]
        )

    def test_print(self):
        for query in ["s=1&t=%20a&b", "x", "a=%C3%A9&a=2", ""]:
            response = self.fetch("/p/a.jpg?" + query, follow_redirects=False)
            print(repr(query), response.code, response.headers["Location"])


unittest.main(argv=["redirect_handler"], exit=False)
