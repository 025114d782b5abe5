import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Application,
  type ApplicationSettings,
  type ContentRangeOptions,
  HTTPError,
  RequestHandler,
  type Route,
  StaticFileHandler,
} from "../../web/mod.ts";
import { AppTestClient, withServer } from "../../testing/mod.ts";
import { guessType, knownExtensions } from "../../_internal/mime.ts";
import { captureLogs } from "./_capture_logs.ts";

const TESTDATA = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "testdata",
);
const STATIC_ROOT = join(TESTDATA, "static");
const VECTORS = JSON.parse(
  await Deno.readTextFile(join(TESTDATA, "web", "static_vectors.json")),
);
const quiet: ApplicationSettings = { logFunction: () => {} };
const ROOT_SETTINGS: ApplicationSettings = {
  ...quiet,
  staticPath: STATIC_ROOT,
  staticHandlerArgs: { defaultFilename: "index.html" },
};

interface Vector {
  method: string;
  path: string;
  headers: Record<string, string>;
  status: number;
  responseHeaders: Record<string, string>;
  body: string;
}

/** Writes `staticUrl()` of the `name` argument. */
class UrlHandler extends RequestHandler {
  override get(): void {
    const host = this.getArgument("host", "") === "1";
    const version = this.getArgument("version", "") !== "0";
    this.write(
      this.staticUrl(this.getArgument("name"), {
        includeHost: host,
        includeVersion: version,
      }),
    );
  }
}

function client(
  routes: Route[] = [],
  settings: ApplicationSettings = ROOT_SETTINGS,
): AppTestClient {
  StaticFileHandler.reset();
  return new AppTestClient(new Application(routes, { ...quiet, ...settings }));
}

/** Serves `root` at `/files/(.*)`. */
function filesClient(
  root: string,
  options: Record<string, unknown> = {},
): AppTestClient {
  return client([["/files/(.*)", StaticFileHandler, {
    path: root,
    ...options,
  }]], quiet);
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function sha512(text: string): string {
  return createHash("sha512").update(text).digest("hex");
}

/** A temp dir with `root/` (a.txt, links) and `outside/secret.txt`. */
async function symlinkTree(): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "root", "sub"), { recursive: true });
  await Deno.mkdir(join(dir, "outside"));
  await Deno.writeTextFile(join(dir, "root", "a.txt"), "inside");
  await Deno.writeTextFile(join(dir, "outside", "secret.txt"), "secret");
  await Deno.writeTextFile(join(dir, "root-sibling.txt"), "sibling");
  await Deno.symlink(
    join(dir, "outside", "secret.txt"),
    join(dir, "root", "link.txt"),
  );
  await Deno.symlink(join(dir, "outside"), join(dir, "root", "linkdir"));
  await Deno.symlink("../a.txt", join(dir, "root", "sub", "inside.txt"));
  await Deno.symlink(
    join(dir, "outside", "secret.txt"),
    join(dir, "root", "sub", "index.html"),
  );
  return dir;
}

Deno.test("StaticFileHandler answers as Tornado 6.2 (status, headers, body)", async () => {
  assert.equal(VECTORS.tornado, "6.2");
  const c = client();
  for (const v of VECTORS.responses as Vector[]) {
    const response = await c.fetch(v.path, {
      method: v.method,
      headers: v.headers,
    });
    const label = `${v.method} ${v.path} ${JSON.stringify(v.headers)}`;
    assert.equal(response.status, v.status, label);
    const body = latin1(new Uint8Array(await response.arrayBuffer()));
    assert.equal(body, v.body, label);
    for (const [name, value] of Object.entries(v.responseHeaders)) {
      if (name === "Content-Length" && ![200, 206].includes(v.status)) {
        continue; // in-process error pages carry no Content-Length
      }
      assert.equal(response.headers.get(name), value, `${label} ${name}`);
    }
    if (v.status === 200 || v.status === 304) {
      const expectCache = "Cache-Control" in v.responseHeaders;
      assert.equal(response.headers.has("cache-control"), expectCache, label);
    }
    if (v.status === 304) {
      assert.equal(response.headers.get("content-type"), null, label);
    }
  }
});

Deno.test("RequestHandler.staticUrl() equals Tornado 6.2's make_static_url", async () => {
  const c = client([["/url", UrlHandler]]);
  const lines = await captureLogs(async () => {
    for (const [name, expected] of Object.entries(VECTORS.staticUrls)) {
      const response = await c.fetch(`/url?name=${encodeURIComponent(name)}`);
      assert.equal(await response.text(), expected, name);
    }
  });
  // The missing file is logged, and has no version.
  assert.equal(VECTORS.staticUrls["missing.css"], "/static/missing.css");
  assert.equal(lines.filter((l) => l.includes("missing.css")).length, 1);
});

Deno.test("RequestHandler.staticUrl() is the SHA-512 of the content, with host on request", async () => {
  const c = client([["/url", UrlHandler]]);
  const css = await Deno.readTextFile(join(STATIC_ROOT, "style.css"));
  const version = sha512(css);
  assert.equal(
    await (await c.fetch("/url?name=style.css")).text(),
    `/static/style.css?v=${version}`,
  );
  assert.equal(
    await (await c.fetch("http://example.com:8080/url?name=style.css&host=1"))
      .text(),
    `http://example.com:8080/static/style.css?v=${version}`,
  );
  assert.equal(
    await (await c.fetch("/url?name=style.css&version=0")).text(),
    "/static/style.css",
  );
});

Deno.test("RequestHandler.staticUrl() logs a missing file once while cached", async () => {
  const c = client([["/url", UrlHandler]]);
  const lines = await captureLogs(async () => {
    for (let i = 0; i < 3; i++) {
      const text = await (await c.fetch("/url?name=nope.css")).text();
      assert.equal(text, "/static/nope.css");
    }
  });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /Cannot open static file ".*nope\.css"/);
});

Deno.test("RequestHandler.staticUrl() throws without the staticPath setting", async () => {
  class Bad extends RequestHandler {
    override get(): void {
      assert.throws(() => this.staticUrl("a.css"), /set the "staticPath"/);
      this.write("checked");
    }
  }
  const response = await client([["/", Bad]], quiet).fetch("/");
  assert.equal(await response.text(), "checked");
});

Deno.test("StaticFileHandler caches versions until reset(), not in debug", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "a.css"), "one");
    const settings = { ...quiet, staticPath: dir };
    const c = client([["/url", UrlHandler]], settings);
    const url = async () => await (await c.fetch("/url?name=a.css")).text();
    assert.equal(await url(), `/static/a.css?v=${sha512("one")}`);
    await Deno.writeTextFile(join(dir, "a.css"), "two");
    assert.equal(await url(), `/static/a.css?v=${sha512("one")}`);
    // The ETag comes from the same cache.
    const stale = await c.fetch("/static/a.css");
    assert.equal(stale.headers.get("etag"), `"${sha512("one")}"`);
    assert.equal(await stale.text(), "two");
    StaticFileHandler.reset();
    assert.equal(await url(), `/static/a.css?v=${sha512("two")}`);

    for (const off of [{ debug: true }, { staticHashCache: false }]) {
      const d = client([["/url", UrlHandler]], { ...settings, ...off });
      const durl = async () => await (await d.fetch("/url?name=a.css")).text();
      assert.equal(await durl(), `/static/a.css?v=${sha512("two")}`);
      await Deno.writeTextFile(join(dir, "a.css"), "three");
      assert.equal(await durl(), `/static/a.css?v=${sha512("three")}`);
      await Deno.writeTextFile(join(dir, "a.css"), "two");
    }
  } finally {
    StaticFileHandler.reset();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StaticFileHandler.getVersion() and makeStaticUrl() are overridable statics", async () => {
  const settings = { staticPath: STATIC_ROOT };
  StaticFileHandler.reset();
  const css = await Deno.readTextFile(join(STATIC_ROOT, "style.css"));
  assert.equal(
    StaticFileHandler.getVersion(settings, "style.css"),
    sha512(css),
  );
  assert.equal(
    StaticFileHandler.makeStaticUrl(
      { ...settings, staticUrlPrefix: "/s/" },
      "style.css",
    ),
    `/s/style.css?v=${sha512(css)}`,
  );
  assert.throws(
    () => StaticFileHandler.getVersion({}, "style.css"),
    /set "staticPath"/,
  );
  class CdnHandler extends StaticFileHandler {
    static override makeStaticUrl(
      _settings: ApplicationSettings,
      path: string,
    ): string {
      return `https://cdn.example/${path}`;
    }
  }
  class ShortVersion extends StaticFileHandler {
    static override getContentVersion(path: string): string {
      return super.getContentVersion(path).slice(0, 8);
    }
  }
  const c = client([["/url", UrlHandler]], {
    ...ROOT_SETTINGS,
    staticHandlerClass: CdnHandler,
  });
  assert.equal(
    await (await c.fetch("/url?name=style.css")).text(),
    "https://cdn.example/style.css",
  );
  const s = client([["/url", UrlHandler]], {
    ...ROOT_SETTINGS,
    staticHandlerClass: ShortVersion,
  });
  assert.equal(
    await (await s.fetch("/url?name=style.css")).text(),
    `/static/style.css?v=${sha512(css).slice(0, 8)}`,
  );
  const served = await s.fetch("/static/style.css");
  assert.equal(served.headers.get("etag"), `"${sha512(css).slice(0, 8)}"`);
  await served.body?.cancel();
  StaticFileHandler.reset();
});

Deno.test("Application with staticPath routes static files before the user's routes", async () => {
  class Mine extends RequestHandler {
    override get(): void {
      this.write("mine");
    }
  }
  const c = client([
    ["/static/(.*)", Mine],
    ["/robots.txt", Mine],
    ["/favicon.ico", Mine],
    ["/other", Mine],
  ]);
  for (const path of ["/static/style.css", "/robots.txt", "/favicon.ico"]) {
    const response = await c.fetch(path);
    assert.equal(response.status, 200);
    assert.notEqual(await response.text(), "mine", path);
  }
  assert.equal(await (await c.fetch("/other")).text(), "mine");
});

Deno.test("Application takes staticUrlPrefix, staticHandlerClass and staticHandlerArgs", async () => {
  class Tagged extends StaticFileHandler {
    override setExtraHeaders(path: string): void {
      this.setHeader("X-Path", path);
    }
  }
  const c = client([["/url", UrlHandler]], {
    staticPath: STATIC_ROOT,
    staticUrlPrefix: "/assets.v1/",
    staticHandlerClass: Tagged,
    staticHandlerArgs: { defaultFilename: "other.txt", path: "/ignored" },
  });
  const response = await c.fetch("/assets.v1/sub/nested.css");
  assert.equal(response.headers.get("x-path"), "sub/nested.css");
  assert.equal(await response.text(), "nested\n");
  // The prefix is literal: "." matches only a dot.
  assert.equal((await c.fetch("/assetsXv1/style.css")).status, 404);
  assert.equal((await c.fetch("/static/style.css")).status, 404);
  const dir = await c.fetch("/assets.v1/dir/");
  assert.equal(await dir.text(), "other\n");
  assert.match(
    await (await c.fetch("/url?name=style.css")).text(),
    /^\/assets\.v1\/style\.css\?v=[0-9a-f]{128}$/,
  );
});

Deno.test("StaticFileHandler refuses paths that leave the root", async () => {
  const c = client();
  const cases: [string, number][] = [
    // An encoded slash is refused before the path is looked at (404).
    ["/static/..%2f..%2fweb%2fstatic_vectors.json", 404],
    ["/static/..%2Fweb%2Fstatic_vectors.json", 404],
    ["/static/%2e%2e%2fweb/static_vectors.json", 404],
    ["/static/%2E%2E%2F%2E%2E%2Fstatic_file_test.ts", 404],
    ["/static/dir/..%2f..%2f..%2fdeno.json", 404],
    ["/static/..%5c..%5cweb%5cstatic_vectors.json", 404],
    ["/static/..", 404], // the URL parser leaves "/", which no route takes
    ["/static/%2e%2e", 404], // a dot segment to the URL parser too
    ["/static//etc/passwd", 403],
    ["/static/%2Fetc%2Fpasswd", 404],
    ["/static/style.css%00", 404],
    ["/static/style.css%00.png", 404],
    ["/static/%00", 404],
    ["/static/dir%00/index.html", 404],
    ["/static/style.css/x", 404],
    ["/static/nope.css", 404],
    ["/static/%ff", 400],
  ];
  const lines = await captureLogs(async () => {
    for (const [path, status] of cases) {
      const response = await c.fetch(path);
      await response.body?.cancel();
      assert.equal(response.status, status, path);
    }
  });
  assert.ok(lines.some((l) => l.includes("is not in the static directory")));
});

Deno.test("StaticFileHandler: an encoded slash or backslash cannot bypass a guard route", async () => {
  class Guard extends RequestHandler {
    override get(): void {
      throw new HTTPError(403);
    }
  }
  const c = new AppTestClient(
    new Application([
      ["/files/sub/.*", Guard],
      ["/files/(.*)", StaticFileHandler, { path: STATIC_ROOT }],
    ], quiet),
  );
  const open = await c.fetch("/files/style.css");
  assert.equal(open.status, 200);
  await open.body?.cancel();
  await captureLogs(async () => {
    for (
      const path of [
        "/files/sub/nested.css",
        "/files/sub%2Fnested.css",
        "/files/sub%2fnested.css",
        "/files/sub%5Cnested.css",
        "/files/sub%5cnested.css",
        "/files/dir/..%2Fsub%2Fnested.css",
        "/files/sub\\nested.css",
      ]
    ) {
      const response = await c.fetch(path);
      await response.body?.cancel();
      assert.ok(
        response.status === 403 || response.status === 404,
        `${path}: ${response.status}`,
      );
    }
  });
});

Deno.test("StaticFileHandler refuses symbolic links pointing outside the root", async () => {
  const dir = await symlinkTree();
  const saved = console.warn;
  const warnings: string[] = [];
  console.warn = (line: string) => warnings.push(line);
  try {
    const c = filesClient(join(dir, "root"));
    const cases: [string, number, string?][] = [
      ["/files/a.txt", 200, "inside"],
      ["/files/sub/inside.txt", 200, "inside"],
      ["/files/link.txt", 403],
      ["/files/linkdir/secret.txt", 403],
      ["/files/linkdir", 403],
      ["/files/..%2froot-sibling.txt", 404], // encoded slash: refused
      ["/files/..%2froot%2fa.txt", 404],
    ];
    for (const [path, status, body] of cases) {
      const response = await c.fetch(path);
      const text = await response.text();
      assert.equal(response.status, status, path);
      if (body !== undefined) assert.equal(text, body, path);
      assert.ok(!text.includes("secret"), path);
    }
    // A default file that links outside is refused too.
    const d = filesClient(join(dir, "root"), { defaultFilename: "index.html" });
    const index = await d.fetch("/files/sub/");
    assert.equal(index.status, 403);
    await index.body?.cancel();
    // A root given through a symbolic link still serves its files.
    await Deno.symlink(join(dir, "root"), join(dir, "rootlink"));
    const l = filesClient(join(dir, "rootlink"));
    assert.equal(await (await l.fetch("/files/a.txt")).text(), "inside");
    const out = await l.fetch("/files/link.txt");
    assert.equal(out.status, 403);
    await out.body?.cancel();
    assert.ok(warnings.some((w) => w.includes("links outside")));
  } finally {
    console.warn = saved;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StaticFileHandler answers 403 for directories without defaultFilename", async () => {
  const c = filesClient(STATIC_ROOT);
  const lines = await captureLogs(async () => {
    for (const path of ["/files/dir", "/files/dir/", "/files/", "/files/sub"]) {
      const response = await c.fetch(path);
      await response.body?.cancel();
      assert.equal(response.status, 403, path);
    }
  });
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /"dir" is not a file/);
});

Deno.test("StaticFileHandler redirects a directory without a trailing slash", async () => {
  const c = filesClient(STATIC_ROOT, { defaultFilename: "index.html" });
  const response = await c.fetch("/files/dir?x=1");
  assert.equal(response.status, 301);
  assert.equal(response.headers.get("location"), "/files/dir/");
  await response.body?.cancel();
  const index = await c.fetch("/files/dir/");
  assert.equal(await index.text(), "<h1>index</h1>\n");
  assert.equal(index.headers.get("content-type"), "text/html");
});

Deno.test("StaticFileHandler never redirects to another host (CVE-2023-28370)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "d"));
    await Deno.writeTextFile(join(dir, "d", "index.html"), "index");
    const c = client([], {
      staticPath: dir,
      staticUrlPrefix: "/",
      staticHandlerArgs: { defaultFilename: "index.html" },
    });
    const targets = [
      `http://127.0.0.1//evil.com/..${dir}/d`, // URL parser leaves "//<dir>/d"
      `http://127.0.0.1//evil.com/..%2f..${dir}/d`,
      `http://127.0.0.1//evil.com/%2e%2e%2f..${dir}/d`,
      `http://127.0.0.1/\\evil.com/..${dir}/d`,
    ];
    const lines = await captureLogs(async () => {
      for (const target of targets) {
        const response = await c.fetch(new URL(target));
        await response.body?.cancel();
        // 404 where an encoded slash is refused before the path is read.
        assert.equal(
          response.status,
          target.includes("%2f") ? 404 : 403,
          target,
        );
        assert.equal(response.headers.get("location"), null, target);
      }
    });
    assert.ok(lines.some((l) => l.includes("two initial slashes")));
    // The same directory through a normal path still redirects locally.
    const ok = await c.fetch("/d");
    assert.equal(ok.status, 301);
    assert.equal(ok.headers.get("location"), "/d/");
    await ok.body?.cancel();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StaticFileHandler answers If-Modified-Since with 304", async () => {
  const c = client();
  const first = await c.fetch("/static/style.css");
  await first.body?.cancel();
  const lastModified = first.headers.get("last-modified")!;
  const stat = await Deno.stat(join(STATIC_ROOT, "style.css"));
  assert.equal(
    lastModified,
    new Date(Math.floor(stat.mtime!.getTime() / 1000) * 1000).toUTCString(),
  );
  const since = async (value: string, extra: Record<string, string> = {}) => {
    const response = await c.fetch("/static/style.css", {
      headers: { "If-Modified-Since": value, ...extra },
    });
    await response.body?.cancel();
    return response.status;
  };
  const later = new Date(Date.parse(lastModified) + 60_000).toUTCString();
  const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
  assert.equal(await since(lastModified), 304);
  assert.equal(await since(later), 304);
  assert.equal(await since(earlier), 200);
  assert.equal(await since("not a date"), 200);
  // If-None-Match wins over If-Modified-Since.
  assert.equal(await since(lastModified, { "If-None-Match": '"other"' }), 200);
});

Deno.test("StaticFileHandler sends cache headers only for versioned requests", async () => {
  const c = client();
  const plain = await c.fetch("/static/style.css");
  await plain.body?.cancel();
  assert.equal(plain.headers.get("cache-control"), null);
  assert.equal(plain.headers.get("expires"), null);
  const versioned = await c.fetch("/static/style.css?v=abc");
  await versioned.body?.cancel();
  assert.equal(versioned.headers.get("cache-control"), "max-age=315360000");
  const expires = Date.parse(versioned.headers.get("expires")!);
  const tenYears = 315360000 * 1000;
  assert.ok(Math.abs(expires - (Date.now() + tenYears)) < 5000);
});

Deno.test("StaticFileHandler answers HEAD with headers only, ranges included", async () => {
  const c = client();
  const head = await c.fetch("/static/range.txt", {
    method: "HEAD",
    headers: { Range: "bytes=10-19" },
  });
  assert.equal(head.status, 206);
  assert.equal(head.headers.get("content-range"), "bytes 10-19/1000");
  assert.equal(head.headers.get("content-length"), "10");
  assert.equal(await head.text(), "");
  const post = await c.fetch("/static/range.txt", { method: "POST" });
  await post.body?.cancel();
  assert.equal(post.status, 405);
});

Deno.test("StaticFileHandler streams large files without reading them whole", async () => {
  const dir = await Deno.makeTempDir();
  const size = 100 * 1024 * 1024;
  let produced = 0;
  let maxLead = 0;
  let received = 0;
  class Counting extends StaticFileHandler {
    static override async *getContent(
      absolutePath: string,
      options?: ContentRangeOptions,
    ): AsyncGenerator<Uint8Array> {
      for await (const chunk of super.getContent(absolutePath, options)) {
        produced += chunk.length;
        maxLead = Math.max(maxLead, produced - received);
        yield chunk;
      }
    }
  }
  try {
    const path = join(dir, "big.bin");
    const file = await Deno.open(path, { write: true, create: true });
    await file.truncate(size); // sparse: 100 MB of zeros
    file.close();
    const c = client([["/files/(.*)", Counting, { path: dir }]], quiet);
    const response = await c.fetch("/files/big.bin");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-length"), String(size));
    for await (const chunk of response.body!) received += chunk.length;
    assert.equal(received, size);
    assert.equal(produced, size);
    assert.ok(maxLead < 1024 * 1024, `read ${maxLead} bytes ahead`);
    // A range of the same file streams only that range.
    produced = 0;
    received = 0;
    const part = await c.fetch("/files/big.bin", {
      headers: { Range: "bytes=1000-2000000" },
    });
    assert.equal(part.status, 206);
    for await (const chunk of part.body!) received += chunk.length;
    assert.equal(received, 2000000 - 1000 + 1);
    assert.equal(produced, received);
  } finally {
    StaticFileHandler.reset();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StaticFileHandler serves files and ranges over a socket", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = new Uint8Array(300_000).map((_, i) => i % 251);
    await Deno.writeFile(join(dir, "data.bin"), data);
    const app = new Application([], { ...quiet, staticPath: dir });
    StaticFileHandler.reset();
    await withServer(app, async (base) => {
      const whole = await fetch(`${base}/static/data.bin`);
      assert.equal(whole.headers.get("content-length"), "300000");
      assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), data);
      const part = await fetch(`${base}/static/data.bin`, {
        headers: { Range: "bytes=-70000" },
      });
      assert.equal(part.status, 206);
      assert.equal(
        part.headers.get("content-range"),
        "bytes 230000-299999/300000",
      );
      assert.deepEqual(
        new Uint8Array(await part.arrayBuffer()),
        data.subarray(230000),
      );
      const bad = await fetch(`${base}/static/data.bin`, {
        headers: { Range: "bytes=300000-" },
      });
      assert.equal(bad.status, 416);
      assert.equal(bad.headers.get("content-range"), "bytes */300000");
      await bad.body?.cancel();
    });
  } finally {
    StaticFileHandler.reset();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StaticFileHandler content types match Python's mimetypes", () => {
  for (const ext of knownExtensions()) {
    assert.equal(guessType("a" + ext)[0], VECTORS.extensionTypes[ext], ext);
  }
  for (const [name, expected] of Object.entries(VECTORS.guessType)) {
    assert.deepEqual(guessType(name), expected, name);
  }
});

Deno.test("StaticFileHandler stops reading when the client goes away", async () => {
  const dir = await Deno.makeTempDir();
  let closed = false;
  class Watching extends StaticFileHandler {
    static override async *getContent(
      absolutePath: string,
      options?: ContentRangeOptions,
    ): AsyncGenerator<Uint8Array> {
      try {
        yield* super.getContent(absolutePath, options);
      } finally {
        closed = true;
      }
    }
  }
  try {
    const file = await Deno.open(join(dir, "big.bin"), {
      write: true,
      create: true,
    });
    await file.truncate(20 * 1024 * 1024);
    file.close();
    const app = new Application([["/files/(.*)", Watching, { path: dir }]], {
      ...quiet,
    });
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/files/big.bin`);
      const reader = response.body!.getReader();
      const first = await reader.read();
      assert.ok((first.value?.length ?? 0) > 0);
      await reader.cancel();
      for (let i = 0; i < 100 && !closed; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(closed, "the file was not closed");
    });
  } finally {
    StaticFileHandler.reset();
    await Deno.remove(dir, { recursive: true });
  }
});
