#!/usr/bin/python3
"""Renders templates with real Tornado and prints (templates, namespace,
expected output) as JSON, for tests/template/vectors_test.ts.

Every template is valid both as Tornado (Python expressions) and as
tornado-deno (JavaScript expressions). Sources use `{% autoescape null %}`;
this script renders them with Python's `None`. Functions are named in
"functions" and defined on both sides: upper (str.upper), bracket
(wraps in [ ]), and _tt_modules.Bold (wraps in <b></b>).

Run: /usr/bin/python3 make_template_vectors.py > template_vectors.json
"""
import json
import sys

import tornado
from tornado.template import DictLoader


class Modules:
    @staticmethod
    def Bold(x):
        return "<b>%s</b>" % x


FUNCTIONS = {
    "upper": lambda s: s.upper(),
    "bracket": lambda s: "[%s]" % (s.decode() if isinstance(s, bytes) else s),
    "_tt_modules": Modules(),
}

CASES = [
    # (description, templates, main, namespace, loader options)
    ("expression escaped", {"a.html": "<p>{{ x }}</p>"}, "a.html", {"x": "<&>\"'"}, {}),
    ("raw", {"a.html": "{% raw x %}|{{ x }}"}, "a.html", {"x": "<i>"}, {}),
    ("numbers and strings", {"a.txt": "{{ 1 + 2 }} {{ 'a' + \"b\" }} {{ n * 3 }} {{ items[1] }}"}, "a.txt", {"n": 7, "items": [5, 6]}, {}),
    ("comments", {"a.txt": "a{# hidden #}b{% comment also hidden %}c"}, "a.txt", {}, {}),
    ("literal braces", {"a.txt": "{{! x }} {%! y %} {#! z #}"}, "a.txt", {}, {}),
    ("triple curlies", {"a.txt": "{{{ x }}}"}, "a.txt", {"x": 1}, {}),
    ("single curly", {"a.txt": "{ x } {x} {"}, "a.txt", {}, {}),
    ("if elif else", {"a.txt": "{% for v in [1, 2, 3] %}{% if v == 1 %}one{% elif v == 2 %}two{% else %}many{% end %};{% end %}"}, "a.txt", {}, {}),
    ("for over values", {"a.txt": "{% for x in items %}<{{ x }}>{% end %}"}, "a.txt", {"items": ["a", "b"]}, {}),
    ("for destructuring", {"a.txt": "{% for [k, v] in pairs %}{{ k }}={{ v }};{% end %}"}, "a.txt", {"pairs": [["a", 1], ["b", 2]]}, {}),
    ("for else", {"a.txt": "{% for x in [] %}x{% else %}empty{% end %}|{% for x in [1, 2] %}{{ x }}{% if x == 1 %}{% break %}{% end %}{% else %}no{% end %}|{% for x in [1] %}{{ x }}{% else %}done{% end %}"}, "a.txt", {}, {}),
    ("break continue", {"a.txt": "{% for x in [1, 2, 3, 4, 5] %}{% if x == 2 %}{% continue %}{% end %}{% if x == 4 %}{% break %}{% end %}{{ x }}{% end %}"}, "a.txt", {}, {}),
    ("while and set", {"a.txt": "{% set i = 0 %}{% while i < 3 %}{{ i }}{% set i += 1 %}{% end %}"}, "a.txt", {}, {}),
    ("set destructuring", {"a.txt": "{% set [a, b] = [1, 2] %}{{ a }}{{ b }}"}, "a.txt", {}, {}),
    ("set in block visible later", {"a.txt": "{% set x = 1 %}{% if True_ %}{% set x = 2 %}{% end %}{{ x }}"}, "a.txt", {"True_": 1}, {}),
    ("try except", {"a.txt": "{% try %}a{{ missing_name }}b{% except %}c{% end %}"}, "a.txt", {}, {}),
    ("try else finally", {"a.txt": "{% try %}a{% except %}b{% else %}c{% finally %}d{% end %}"}, "a.txt", {}, {}),
    ("try finally", {"a.txt": "{% try %}a{% finally %}d{% end %}"}, "a.txt", {}, {}),
    ("apply", {"a.txt": "{% apply upper %}hello {{ x }}{% end %}!"}, "a.txt", {"x": "you"}, {}),
    ("module", {"a.txt": "{% module Bold('x') %}"}, "a.txt", {}, {}),
    ("autoescape null", {"a.html": "{% autoescape null %}{{ x }}"}, "a.html", {"x": "<i>"}, {}),
    ("autoescape function", {"a.html": "{% autoescape bracket %}{{ x }}{% raw x %}"}, "a.html", {"x": "<i>"}, {}),
    ("loader autoescape null", {"a.html": "{{ x }}"}, "a.html", {"x": "<i>"}, {"autoescape": None}),
    ("include", {"a.html": "<div>{% include 'b.html' %}</div>", "b.html": "<i>{{ x }}</i>"}, "a.html", {"x": 1}, {}),
    ("include relative", {"d/a.html": "{% include \"b.html\" %}", "d/b.html": "{% include '../c.html' %}B", "c.html": "C"}, "d/a.html", {}, {}),
    ("include inherits nothing of autoescape", {"a.html": "{% autoescape null %}{{ x }}{% include 'b.html' %}", "b.html": "{{ x }}"}, "a.html", {"x": "<>"}, {}),
    ("extends", {"base.html": "<title>{% block title %}Default{% end %}</title><body>{% block body %}{% end %}</body>", "page.html": "{% extends 'base.html' %}ignored{% block body %}Hi {{ name }}{% end %}"}, "page.html", {"name": "Bob"}, {}),
    ("extends three levels", {"base.html": "[{% block a %}A{% end %}|{% block b %}B{% end %}]", "mid.html": "{% extends 'base.html' %}{% block a %}a({% block inner %}i{% end %}){% end %}", "leaf.html": "{% extends 'mid.html' %}{% block inner %}LEAF{% end %}{% block b %}b{% end %}"}, "leaf.html", {}, {}),
    ("block in include", {"base.html": "{% block x %}base{% end %}", "page.html": "{% extends 'base.html' %}{% block x %}{% include 'part.html' %}{% end %}", "part.html": "part"}, "page.html", {}, {}),
    ("whitespace html single", {"a.html": "<ul>\n    <li>  {{ x }}  </li>\n\n\n    <li>\t\tb</li>\n</ul>\n"}, "a.html", {"x": 1}, {}),
    ("whitespace js single", {"a.js": "var a  =  1;\n\n\n  var b = 2;\n"}, "a.js", {}, {}),
    ("whitespace txt all", {"a.txt": "a   b\n\n\n   c\t\td\n"}, "a.txt", {}, {}),
    ("whitespace pre kept", {"a.html": "<pre>  a\n\n  b</pre>  x  \n\n  y"}, "a.html", {}, {}),
    ("whitespace directive oneline", {"a.txt": "a  \n  b{% whitespace oneline %}  c  \n\n  d {% whitespace single %}e  \n\n  f"}, "a.txt", {}, {}),
    ("whitespace loader option", {"a.html": "a  \n\n  b"}, "a.html", {}, {"whitespace": "all"}),
    ("whitespace around tags", {"a.html": "<ul>\n  {% for x in items %}\n    <li>{{ x }}</li>\n  {% end %}\n</ul>\n"}, "a.html", {"items": [1, 2]}, {}),
    ("whitespace comment splits text", {"a.html": "a   {# c #}   b  {{! x }}  c"}, "a.html", {}, {}),
    ("unicode", {"a.html": "héllo {{ x }} ✓"}, "a.html", {"x": "wörld <✓>"}, {}),
]


def main():
    out = []
    for description, templates, main_name, namespace, options in CASES:
        py_templates = {
            k: v.replace("{% autoescape null %}", "{% autoescape None %}")
            for k, v in templates.items()
        }
        loader = DictLoader(py_templates, namespace=dict(FUNCTIONS), **options)
        expected = loader.load(main_name).generate(**namespace).decode("utf-8")
        out.append({
            "description": description,
            "templates": templates,
            "main": main_name,
            "namespace": namespace,
            "loader": options,
            "expected": expected,
        })
    json.dump({"tornado": tornado.version, "cases": out}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


main()
