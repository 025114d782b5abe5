// API.md "Additions": static SUPPORTED_METHODS, pathArgs/pathKwargs before
// prepare(), the defaultHost setting and a handler's includeHost property.
import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };

Deno.test("static SUPPORTED_METHODS: a listed method is served by its lower-case handler method", async () => {
  class Dav extends RequestHandler {
    static override SUPPORTED_METHODS = [
      ...RequestHandler.SUPPORTED_METHODS,
      "PROPFIND",
      "MKCOL",
    ];
    propfind(): void {
      this.setStatus(207);
      this.write("multi");
    }
  }
  const c = new AppTestClient(new Application([["/", Dav]], quiet));
  const found = await c.fetch("/", { method: "PROPFIND" });
  assert.equal(found.status, 207);
  assert.equal(await found.text(), "multi");
  for (const method of ["MKCOL", "LOCK", "GET"]) {
    const response = await c.fetch("/", { method });
    assert.equal(response.status, 405, method); // none defined, or not listed
    await response.body?.cancel();
  }
});

Deno.test("pathArgs and pathKwargs are set before prepare()", async () => {
  const seen: unknown[] = [];
  class Positional extends RequestHandler {
    override prepare(): void {
      seen.push([...this.pathArgs], { ...this.pathKwargs });
    }
    override get(): void {}
  }
  class Named extends Positional {}
  const c = new AppTestClient(
    new Application([
      ["/p/([^/]+)/(x)?", Positional],
      ["/n/(?<id>[0-9]+)/(?<slug>.*)", Named],
    ], quiet),
  );
  await (await c.fetch("/p/a%20b/")).body?.cancel();
  await (await c.fetch("/n/7/caf%C3%A9")).body?.cancel();
  assert.deepEqual(seen, [
    ["a b", undefined],
    {},
    [],
    { id: "7", slug: "café" },
  ]);
});

Deno.test("defaultHost: unmatched hosts use the rules matching it, except behind a proxy", async () => {
  // Tornado's DefaultHostMatchingTest.
  class Reply extends RequestHandler {
    #reply = "";
    override initialize(options: { reply: string }): void {
      this.#reply = options.reply;
    }
    override get(): void {
      this.write(this.#reply);
    }
  }
  const app = new Application([], {
    ...quiet,
    defaultHost: "www.example.com",
  });
  app.addHandlers("www.example.com", [["/foo", Reply, { reply: "[0]" }]]);
  app.addHandlers("www\\.example\\.com", [["/bar", Reply, { reply: "[1]" }]]);
  app.addHandlers("www.test.com", [["/baz", Reply, { reply: "[2]" }]]);
  const c = new AppTestClient(app);
  assert.equal(await (await c.fetch("http://127.0.0.1/foo")).text(), "[0]");
  assert.equal(await (await c.fetch("http://127.0.0.1/bar")).text(), "[1]");
  const baz = await c.fetch("http://127.0.0.1/baz");
  assert.equal(baz.status, 404);
  await baz.body?.cancel();
  const proxied = await c.fetch("http://127.0.0.1/foo", {
    headers: { "X-Real-IP": "127.0.0.1" },
  });
  assert.equal(proxied.status, 404);
  await proxied.body?.cancel();
  const other = new AppTestClient(
    new Application([], { ...quiet, defaultHost: "www.test.com" }),
  );
  const none = await other.fetch("http://127.0.0.1/foo");
  assert.equal(none.status, 404);
  await none.body?.cancel();
});

Deno.test("includeHost makes staticUrl() absolute unless the call says otherwise", async () => {
  const root = await Deno.makeTempDir();
  await Deno.writeTextFile(`${root}/a.css`, "");
  try {
    class Absolute extends RequestHandler {
      override includeHost = true;
      override get(): void {
        this.write({
          byProperty: this.staticUrl("a.css", { includeVersion: false }),
          byCall: this.staticUrl("a.css", {
            includeHost: false,
            includeVersion: false,
          }),
        });
      }
    }
    class Relative extends RequestHandler {
      override get(): void {
        this.write(this.staticUrl("a.css", { includeVersion: false }));
      }
    }
    const c = new AppTestClient(
      new Application([["/abs", Absolute], ["/rel", Relative]], {
        ...quiet,
        staticPath: root,
      }),
    );
    assert.deepEqual(await (await c.fetch("http://h.example/abs")).json(), {
      byProperty: "http://h.example/static/a.css",
      byCall: "/static/a.css",
    });
    assert.equal(
      await (await c.fetch("http://h.example/rel")).text(),
      "/static/a.css",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
