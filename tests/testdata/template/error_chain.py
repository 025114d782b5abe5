"""Prints where Tornado's traceback places a runtime error in a template
reached through include, extends and blocks (the `# name:line (via ...)`
comment), for tests/template/errors_test.ts.

Run: /usr/bin/python3 tests/testdata/template/error_chain.py
"""
import re
import traceback

from tornado.template import DictLoader

CASES = [
    ({"base.html": "{% include 'sub.html' %}", "sub.html": "{{1/0}}"}, "base.html"),
    ({"base.html": "{{1/0}}", "sub.html": "{% extends 'base.html' %}"}, "sub.html"),
    (
        {
            "base.html": "{% block 'block' %}{% end %}",
            "sub.html": "\n{% extends 'base.html' %}\n{% block 'block' %}\n{{1/0}}\n{% end %}",
        },
        "sub.html",
    ),
    (
        {
            "base.html": "<h1>{% block title %}{% end %}</h1>\n{% block body %}{% end %}\n{{ 1/0 if f else '' }}",
            "page.html": "{% extends \"base.html\" %}\n{% block title %}T{% end %}\n{% block body %}\n{% include \"list.html\" %}{% end %}",
            "list.html": "{% for x in items %}\n<li>{{ 1/0 }}</li>{% end %}",
        },
        "page.html",
    ),
    (
        {
            "a.html": "x\n{% include 'b.html' %}",
            "b.html": "{% include 'c.html' %}",
            "c.html": "\n\n{{1/0}}",
        },
        "a.html",
    ),
]

for templates, name in CASES:
    try:
        DictLoader(templates).load(name).generate(items=[1], f=False)
    except ZeroDivisionError:
        lines = re.findall(r"# (\S+:\d+(?: \(via [^)]*\))?)", traceback.format_exc())
        print(name, "->", lines[-1])
