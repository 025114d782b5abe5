"""Prints what real Tornado's StaticFileHandler does with the fixtures in
tests/testdata/static/, as JSON (tests/testdata/web/static_vectors.json):
static URLs (SHA-512 versions), responses to GET/HEAD with Range and
If-None-Match headers, and content types guessed by Python's mimetypes.

Run from the repository root:
  python3 tests/testdata/web/make_static_vectors.py > tests/testdata/web/static_vectors.json
"""

import asyncio
import json
import mimetypes
import os
import re

import tornado
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.testing import bind_unused_port
from tornado.web import Application, StaticFileHandler

ROOT = os.path.abspath("tests/testdata/static")
FILES = [
    "robots.txt", "favicon.ico", "style.css", "script.js", "data.json",
    "utf8.txt", "dir/index.html", "dir/other.txt", "empty.txt", "noext",
    "sub/nested.css", "archive.css.gz", "range.txt", "with space.txt",
]
RANGES = [
    "bytes=0-9", "bytes=10-19", "bytes=990-", "bytes=-10", "bytes=-1000",
    "bytes=-2000", "bytes=0-", "bytes=0-999", "bytes=0-5000", "bytes=999-999",
    "bytes=1000-", "bytes=1000-1001", "bytes=5-4", "bytes=-0", "bytes=0-0",
    "bytes=0-1,5-6", "items=0-5", "bytes=abc", "bytes=", "bytes = 3 - 5",
]
KEEP = ["Content-Type", "Etag", "Content-Range", "Content-Length",
        "Accept-Ranges", "Cache-Control", "Location"]
# Our table (_internal/mime.ts) must agree with Python's guesses here.
EXTENSIONS = re.findall(
    r'\["(\.[a-z0-9]+)", "', open("_internal/mime.ts").read())


async def fetch(client, base, method, path, headers):
    try:
        r = await client.fetch(base + path, method=method, headers=headers,
                               follow_redirects=False, raise_error=False)
    except HTTPClientError as e:  # pragma: no cover
        r = e.response
    return {
        "method": method,
        "path": path,
        "headers": headers,
        "status": r.code,
        "responseHeaders": {k: r.headers[k] for k in KEEP if k in r.headers},
        "body": r.body.decode("latin-1"),
    }


async def main():
    settings = dict(static_path=ROOT,
                    static_handler_args=dict(default_filename="index.html"))
    app = Application([], **settings)
    sock, port = bind_unused_port()
    from tornado.httpserver import HTTPServer
    server = HTTPServer(app)
    server.add_sockets([sock])
    base = f"http://127.0.0.1:{port}"
    client = AsyncHTTPClient()
    responses = []
    from urllib.parse import quote
    for name in FILES:
        for method in ("GET", "HEAD"):
            responses.append(await fetch(client, base, method,
                                         "/static/" + quote(name), {}))
    for r in RANGES:
        responses.append(await fetch(client, base, "GET", "/static/range.txt",
                                     {"Range": r}))
    for r in ["bytes=0-", "bytes=-1"]:
        responses.append(await fetch(client, base, "GET", "/static/empty.txt",
                                     {"Range": r}))
    etag = StaticFileHandler.get_version(settings, "style.css")
    for inm in [f'"{etag}"', f'W/"{etag}"', "*", f'"x", "{etag}"', '"x"']:
        responses.append(await fetch(client, base, "GET", "/static/style.css",
                                     {"If-None-Match": inm}))
    for path in ["/static/style.css?v=1", "/robots.txt", "/favicon.ico",
                 "/static/dir", "/static/dir/", "/static/sub", "/static/nope",
                 "/static/", "/static"]:
        responses.append(await fetch(client, base, "GET", path, {}))
    server.stop()
    urls = {name: StaticFileHandler.make_static_url(settings, name)
            for name in FILES + ["missing.css"]}
    types = {ext: mimetypes.guess_type("a" + ext)[0] for ext in EXTENSIONS}
    names = ["a.css.gz", "a.tgz", "a.tar.bz2", "a.svgz", "a.CSS", "noext",
             ".hidden", "a.unknownext", "dir.d/file"]
    guessed = {}
    for n in names:
        t, enc = mimetypes.guess_type(n)
        guessed[n] = [t, enc]
    print(json.dumps({
        "tornado": tornado.version,
        "staticUrls": urls,
        "responses": responses,
        "extensionTypes": types,
        "guessType": guessed,
    }, indent=2, ensure_ascii=False))


asyncio.run(main())
