import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  ErrorHandler,
  FallbackHandler,
  RedirectHandler,
  RequestHandler,
  url,
  URLSpec,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };

class EchoArgs extends RequestHandler {
  override get(...args: unknown[]): void {
    this.write({ args });
  }
}

function client(app: Application): AppTestClient {
  return new AppTestClient(app);
}

Deno.test("Application routes match the whole path, first match wins", async () => {
  class First extends RequestHandler {
    override get(): void {
      this.write("first");
    }
  }
  class Second extends RequestHandler {
    override get(): void {
      this.write("second");
    }
  }
  const c = client(
    new Application([["/a", First], ["/a", Second], ["/a.*", Second]], quiet),
  );
  assert.equal(await (await c.fetch("/a")).text(), "first");
  assert.equal(await (await c.fetch("/abc")).text(), "second");
  const prefix = await c.fetch("/xa");
  assert.equal(prefix.status, 404);
  assert.equal(
    await prefix.text(),
    "<html><title>404: Not Found</title><body>404: Not Found</body></html>",
  );
});

Deno.test("Application passes unnamed groups as percent-decoded strings", async () => {
  const c = client(new Application([["/s/([^/]+)/(\\d+)?", EchoArgs]], quiet));
  assert.deepEqual(await (await c.fetch("/s/caf%C3%A9%20x/12")).json(), {
    args: ["café x", "12"],
  });
  // An optional group that did not take part is undefined (null in JSON).
  assert.deepEqual(await (await c.fetch("/s/a/")).json(), {
    args: ["a", null],
  });
});

Deno.test("Application passes named groups as one object, Python syntax too", async () => {
  const c = client(
    new Application([
      ["/u/(?<user>\\w+)/(?P<tab>\\w+)", EchoArgs],
    ], quiet),
  );
  assert.deepEqual(await (await c.fetch("/u/ann/posts")).json(), {
    args: [{ user: "ann", tab: "posts" }],
  });
});

Deno.test("Application answers 400 for bad percent-encoding in a path argument", async () => {
  const c = client(new Application([["/s/(.*)", EchoArgs]], quiet));
  const response = await c.fetch("/s/%E0%A4%A");
  assert.equal(response.status, 400);
  await response.body?.cancel();
});

Deno.test("RequestHandler.initialize() receives the route's third element", async () => {
  class Profile extends RequestHandler {
    declare database: Map<string, string>;
    override initialize({ database }: { database: Map<string, string> }) {
      this.database = database;
    }
    override get(name: string): void {
      this.write(this.database.get(name) ?? "nobody");
    }
  }
  const database = new Map([["ann", "Ann Lee"]]);
  const c = client(
    new Application([["/user/(.*)", Profile, { database }]], quiet),
  );
  assert.equal(await (await c.fetch("/user/ann")).text(), "Ann Lee");
});

Deno.test("Application.reverseUrl() builds escaped paths for named routes", () => {
  const app = new Application([
    url("/entry/([0-9]+)", EchoArgs, {}, "entry"),
    url("/tag/([^/]+)/page\\.(\\d+)", EchoArgs, {}, "tag"),
    url("/files/(.*)", EchoArgs, {}, "files"),
    url("/x(?:y|z)+/(\\d)", EchoArgs, {}, "complex"),
  ], quiet);
  assert.equal(app.reverseUrl("entry", 5), "/entry/5");
  assert.equal(app.reverseUrl("tag", "a b&c", 2), "/tag/a%20b%26c/page.2");
  assert.equal(app.reverseUrl("files", "a/b c.txt"), "/files/a/b%20c.txt");
  assert.throws(() => app.reverseUrl("missing"), /no route has that name/);
  assert.throws(() => app.reverseUrl("entry"), /expected 1 arguments, got 0/);
  assert.throws(() => app.reverseUrl("complex", 1), /too complex/);
});

Deno.test("RequestHandler.reverseUrl() uses the application's routes", async () => {
  class Link extends RequestHandler {
    override get(): void {
      this.write(this.reverseUrl("entry", 42));
    }
  }
  const c = client(
    new Application([
      ["/", Link],
      url("/entry/(\\d+)", EchoArgs, {}, "entry"),
    ], quiet),
  );
  assert.equal(await (await c.fetch("/")).text(), "/entry/42");
});

Deno.test("URLSpec accepts RegExp patterns and strips ^ and $", () => {
  const spec = new URLSpec(/^\/a\/(\d+)$/, RequestHandler);
  assert.deepEqual(spec.match("/a/12"), ["12"]);
  assert.equal(spec.match("/a/12/"), null);
  assert.throws(() => new URLSpec("/a/(", RequestHandler), SyntaxError);
});

Deno.test("URLSpec.match() is unchanged by its literal-prefix shortcut", () => {
  const cases: [string | RegExp, string, boolean][] = [
    ["/item7/([^/]+)", "/item7/x", true],
    ["/item7/([^/]+)", "/item70/x", false],
    ["/items?/(\\d+)", "/item/1", true],
    ["/items?/(\\d+)", "/items/1", true],
    ["/ab*c", "/ac", true],
    ["/ab+c", "/abbc", true],
    ["/a{0,1}b", "/b", true],
    ["/a|/b", "/b", true],
    ["/x/|/y", "/y", true],
    [/\/CASE\/(\w+)/i, "/case/a", true],
    ["/dot.", "/dotx", true],
    ["/esc\\.", "/esc.", true],
    ["/esc\\.", "/escx", false],
    ["(?:/a)/b", "/a/b", true],
    ["", "/", false],
    ["/", "/", true],
  ];
  for (const [pattern, path, matches] of cases) {
    const spec = new URLSpec(pattern, RequestHandler);
    assert.equal(spec.match(path) !== null, matches, `${pattern} ~ ${path}`);
    assert.equal(spec.match(path) !== null, spec.regex.test(path));
  }
});

Deno.test("Application picks the first matching route, whatever the prefixes", async () => {
  const patterns = [
    "/item1/x",
    "/item1/(.*)",
    "/(item)1/y",
    "/item(\\d+)/z",
    "/items?/(\\w+)",
    "/it(.*)",
    "/(.*)",
  ];
  class Which extends RequestHandler {
    declare index: number;
    override initialize(options: { index: number }): void {
      this.index = options.index;
    }
    override get(): void {
      this.write(String(this.index));
    }
  }
  const app = new Application(
    patterns.map((p, index) => [p, Which, { index }] as const),
    quiet,
  );
  const specs = patterns.map((p) => new URLSpec(p, Which));
  const c = client(app);
  for (
    const path of [
      "/item1/x",
      "/item1/y",
      "/item2/z",
      "/item/q",
      "/items/q",
      "/itemz",
      "/",
      "/item1",
      "/x/y",
    ]
  ) {
    const expected = specs.findIndex((spec) => spec.regex.test(path));
    const response = await c.fetch(path);
    assert.equal(await response.text(), String(expected), path);
  }
});

Deno.test("Application.addHandlers() routes by host name before the default routes", async () => {
  class Host extends RequestHandler {
    override get(): void {
      this.write("host:" + this.request.host);
    }
  }
  const app = new Application([["/", EchoArgs], ["/only", EchoArgs]], quiet);
  app.addHandlers("(www\\.)?example\\.com", [["/", Host]]);
  const c = client(app);
  const hosted = await c.fetch("http://www.example.com:8080/");
  assert.equal(await hosted.text(), "host:www.example.com:8080");
  // Host routes that do not match the path fall through to the defaults.
  assert.deepEqual(await (await c.fetch("http://example.com/only")).json(), {
    args: [],
  });
  assert.deepEqual(await (await c.fetch("http://other.org/")).json(), {
    args: [],
  });
  // The Host header decides, not the URL.
  const byHeader = await c.fetch("http://other.org/", {
    headers: { host: "example.com" },
  });
  assert.equal(await byHeader.text(), "host:example.com");
});

Deno.test("Application uses defaultHandlerClass for unmatched paths", async () => {
  class Missing extends RequestHandler {
    override prepare(): void {
      this.setStatus(404);
      this.finish("custom 404 for " + this.request.path);
    }
  }
  const c = client(
    new Application([], { ...quiet, defaultHandlerClass: Missing }),
  );
  const response = await c.fetch("/nothing");
  assert.equal(response.status, 404);
  assert.equal(await response.text(), "custom 404 for /nothing");

  const viaError = client(
    new Application([], {
      ...quiet,
      defaultHandlerClass: ErrorHandler,
      defaultHandlerArgs: { statusCode: 410 },
    }),
  );
  const gone = await viaError.fetch("/x");
  assert.equal(gone.status, 410);
  await gone.body?.cancel();
});

Deno.test("RedirectHandler substitutes groups and keeps the query", async () => {
  const c = client(
    new Application([
      ["/old/(\\w+)/(\\w+)", RedirectHandler, { url: "/new/{1}/{0}" }],
      ["/tmp/(?<id>\\d+)", RedirectHandler, {
        url: "/t/{id}",
        permanent: false,
      }],
    ], quiet),
  );
  const moved = await c.fetch("/old/a/b?x=1");
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get("location"), "/new/b/a?x=1");
  const temporary = await c.fetch("/tmp/7");
  assert.equal(temporary.status, 302);
  assert.equal(temporary.headers.get("location"), "/t/7");
});

Deno.test("RedirectHandler merges the query into the target's, fragment last", async () => {
  // Expected values printed by tests/testdata/web/redirect_handler.py.
  const c = client(
    new Application([
      ["/p/(.*)", RedirectHandler, { url: "/photos/{0}?k=1#frag" }],
    ], quiet),
  );
  const cases: [string, string][] = [
    ["s=1&t=%20a&b", "/photos/a.jpg?k=1&s=1&t=+a&b=#frag"],
    ["x", "/photos/a.jpg?k=1&x=#frag"],
    ["a=%C3%A9&a=2", "/photos/a.jpg?k=1&a=%C3%A9&a=2#frag"],
    ["", "/photos/a.jpg?k=1#frag"],
  ];
  for (const [query, location] of cases) {
    const response = await c.fetch(`/p/a.jpg?${query}`);
    assert.equal(response.status, 301);
    assert.equal(response.headers.get("location"), location, query);
  }
});

Deno.test("FallbackHandler hands the untouched request to another handler", async () => {
  const c = client(
    new Application([
      ["/api/.*", FallbackHandler, {
        fallback: async (request: Request) =>
          new Response(`${request.method} ${await request.text()}`, {
            status: 201,
          }),
      }],
    ], quiet),
  );
  const response = await c.fetch("/api/x", { method: "POST", body: "data" });
  assert.equal(response.status, 201);
  assert.equal(await response.text(), "POST data");
});

Deno.test("Application settings: debug turns on tracebacks, own keys are kept", async () => {
  class Settings extends RequestHandler {
    override get(): void {
      this.write({
        traceback: this.settings.serveTraceback ?? null,
        mine: this.settings.myKey as string,
      });
    }
  }
  const c = client(
    new Application([["/", Settings]], { ...quiet, debug: true, myKey: "v" }),
  );
  assert.deepEqual(await (await c.fetch("/")).json(), {
    traceback: true,
    mine: "v",
  });
});

Deno.test("Application.logRequest() calls logFunction once per request", async () => {
  const lines: string[] = [];
  class Hello extends RequestHandler {
    override get(): void {
      this.write("x");
    }
  }
  const app = new Application([["/", Hello]], {
    logFunction: (handler) =>
      lines.push(`${handler.getStatus()} ${handler.request.method}`),
  });
  const c = client(app);
  await (await c.fetch("/")).text();
  await (await c.fetch("/nope")).text();
  assert.deepEqual(lines, ["200 GET", "404 GET"]);
});

/** Runs `fn` with the console captured: each call's text, with its level. */
async function captureConsole(
  fn: () => Promise<void>,
  done: (calls: [string, string][]) => boolean,
): Promise<[string, string][]> {
  const calls: [string, string][] = [];
  const saved = {
    info: console.info,
    warn: console.warn,
    error: console.error,
  };
  console.info = (line: string) => calls.push(["info", line]);
  console.warn = (line: string) => calls.push(["warn", line]);
  console.error = (line: unknown) => calls.push(["error", String(line)]);
  try {
    await fn();
    // The access log is written in batches: wait for the batch.
    for (let i = 0; i < 100 && !done(calls); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    Object.assign(console, saved);
  }
  return calls;
}

Deno.test("Application default access log writes Tornado's line, level by status", async () => {
  class Boom extends RequestHandler {
    override get(): void {
      throw new Error("boom");
    }
  }
  const accessLines = (calls: [string, string][]) =>
    calls.flatMap(([level, text]) =>
      text.split("\n").filter((line) => /^\d{3} /.test(line))
        .map((line) => [level, line] as [string, string])
    );
  const calls = await captureConsole(async () => {
    const c = client(new Application([["/", EchoArgs], ["/boom", Boom]]));
    await (await c.fetch("/?a=1")).text();
    await (await c.fetch("/missing")).text();
    await (await c.fetch("/boom")).text();
  }, (calls) => accessLines(calls).length >= 3);
  const access = accessLines(calls);
  assert.equal(access.length, 3);
  assert.match(access[0]![1], /^200 GET \/\?a=1 \(127\.0\.0\.1\) \d+\.\d\dms$/);
  assert.equal(access[0]![0], "info");
  assert.equal(access[1]![0], "warn");
  assert.match(access[1]![1], /^404 GET \/missing /);
  assert.equal(access[2]![0], "error");
  assert.ok(
    calls.some(([, line]) => line.startsWith("Uncaught exception GET /boom")),
  );
});

Deno.test("Application default access log writes a burst of lines in one console call, in order", async () => {
  const calls = await captureConsole(async () => {
    const c = client(new Application([["/", EchoArgs]]));
    for (let i = 0; i < 20; i++) await (await c.fetch(`/?n=${i}`)).text();
  }, (calls) => calls.length > 0);
  assert.equal(calls.length, 1);
  const [level, text] = calls[0]!;
  assert.equal(level, "info");
  const lines = text.split("\n");
  assert.equal(lines.length, 20);
  lines.forEach((line, i) =>
    assert.match(line, new RegExp(`^200 GET /\\?n=${i} `))
  );
});

Deno.test("Application.fetch is bound, so it can be passed around", async () => {
  const app = new Application([["/", EchoArgs]], quiet);
  const { fetch } = app;
  const response = await fetch(new Request("http://localhost/"));
  assert.equal(response.status, 200);
  await response.body?.cancel();
});
