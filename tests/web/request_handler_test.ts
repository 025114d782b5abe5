import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import {
  Application,
  type ApplicationSettings,
  Finish,
  HTTPError,
  RequestHandler,
  type Route,
  type SendErrorOptions,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";
import { captureLogs } from "./_capture_logs.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };

function clientFor(
  routes: Route[],
  settings: ApplicationSettings = {},
): AppTestClient {
  return new AppTestClient(new Application(routes, { ...quiet, ...settings }));
}

Deno.test("RequestHandler runs initialize, prepare, method, onFinish in order", async () => {
  const events: string[] = [];
  class Life extends RequestHandler {
    override initialize(): void {
      events.push("initialize");
    }
    override async prepare(): Promise<void> {
      await new Promise((r) => setTimeout(r, 1));
      events.push("prepare");
    }
    override async get(): Promise<void> {
      await Promise.resolve();
      events.push("get");
      this.write("done");
    }
    override onFinish(): void {
      events.push("onFinish");
    }
  }
  const c = clientFor([["/", Life]]);
  assert.equal(await (await c.fetch("/")).text(), "done");
  assert.deepEqual(events, ["initialize", "prepare", "get", "onFinish"]);
});

Deno.test("RequestHandler.prepare() that finishes skips the method", async () => {
  let called = false;
  class Gate extends RequestHandler {
    override prepare(): void {
      this.setStatus(403);
      this.finish("stop");
    }
    override get(): void {
      called = true;
    }
  }
  const response = await clientFor([["/", Gate]]).fetch("/");
  assert.equal(response.status, 403);
  assert.equal(await response.text(), "stop");
  assert.equal(called, false);
});

Deno.test("RequestHandler answers 405 for unsupported and unimplemented methods", async () => {
  class OnlyGet extends RequestHandler {
    static override SUPPORTED_METHODS = ["GET", "POST"];
    override get(): void {
      this.write("get");
    }
  }
  const c = clientFor([["/", OnlyGet]]);
  for (const method of ["POST", "PUT", "HEAD", "DELETE"]) {
    const response = await c.fetch("/", { method });
    assert.equal(response.status, 405, method);
    await response.body?.cancel();
  }
});

Deno.test("RequestHandler serves HEAD only through head(), without a body", async () => {
  class Head extends RequestHandler {
    override head(): void {
      this.setHeader("X-Head", "1");
      this.write("not sent");
    }
  }
  const response = await clientFor([["/", Head]]).fetch("/", {
    method: "HEAD",
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-head"), "1");
  assert.equal(response.headers.get("content-length"), "8");
  assert.equal(await response.text(), "");
});

Deno.test("RequestHandler.setStatus() validates codes and cleans reasons", async () => {
  class Status extends RequestHandler {
    override get(): void {
      const code = Number(this.getArgument("code"));
      const reason = this.getArgument("reason", null);
      this.setStatus(code, reason ?? undefined);
    }
  }
  const c = clientFor([["/", Status]]);
  const ok = await c.fetch("/?code=299&reason=Custom");
  assert.equal(ok.status, 299);
  assert.equal(ok.statusText, "Custom");
  const unsafe = await c.fetch("/?code=404&reason=%3Cscript%3E");
  assert.ok(!unsafe.statusText.includes("<"), "the unsafe reason is dropped");
  await unsafe.body?.cancel();
  for (const bad of ["/?code=299", "/?code=99", "/?code=600"]) {
    const logs = await captureLogs(async () => {
      const response = await c.fetch(bad);
      assert.equal(response.status, 500, bad);
      await response.body?.cancel();
    });
    assert.ok(logs.some((l) => l.includes("RangeError")), bad);
  }
});

Deno.test("RequestHandler headers: set, add, clear, and CR/LF refused", async () => {
  class Headers_ extends RequestHandler {
    override setDefaultHeaders(): void {
      this.setHeader("X-Default", "d");
    }
    override get(): void {
      this.setHeader("X-Number", 5);
      this.setHeader("X-Date", new Date(Date.UTC(2020, 0, 2, 3, 4, 5)));
      this.addHeader("X-Multi", "a");
      this.addHeader("X-Multi", "b");
      this.setHeader("X-Gone", "1");
      this.clearHeader("X-Gone");
      assert.throws(
        () => this.setHeader("X-Bad", "a\r\nSet-Cookie: x"),
        TypeError,
      );
      assert.throws(() => this.addHeader("X-Bad", "a\nb"), TypeError);
      assert.throws(() => this.setHeader("X Bad", "a"), TypeError);
      assert.throws(() => this.redirect("/a\r\nX: y"), TypeError);
      this.write("ok");
    }
  }
  const response = await clientFor([["/", Headers_]]).fetch("/");
  assert.equal(await response.text(), "ok");
  assert.equal(response.headers.get("x-default"), "d");
  assert.equal(response.headers.get("x-number"), "5");
  assert.equal(response.headers.get("x-date"), "Thu, 02 Jan 2020 03:04:05 GMT");
  assert.equal(response.headers.get("x-multi"), "a, b");
  assert.equal(response.headers.get("x-gone"), null);
  assert.equal(
    response.headers.get("content-type"),
    "text/html; charset=UTF-8",
  );
});

Deno.test("RequestHandler.write() sends objects as JSON and refuses arrays", async () => {
  class Json extends RequestHandler {
    override get(): void {
      assert.throws(() => this.write([1, 2] as never), /array/);
      assert.throws(() => this.write(5 as never), TypeError);
      this.write({ html: "</script>", n: 1 });
    }
  }
  const response = await clientFor([["/", Json]]).fetch("/");
  assert.equal(
    response.headers.get("content-type"),
    "application/json; charset=UTF-8",
  );
  const text = await response.text();
  assert.equal(text, '{"html":"<\\/script>","n":1}');
  assert.deepEqual(JSON.parse(text), { html: "</script>", n: 1 });
});

Deno.test("RequestHandler.write() mixes text and bytes; finish() twice is refused", async () => {
  class Mixed extends RequestHandler {
    override get(): void {
      this.write("é");
      this.write(new TextEncoder().encode("-bytes-"));
      this.finish("end");
      assert.throws(() => this.finish(), /twice/);
      assert.throws(() => this.write("x"), /after finish/);
    }
  }
  const response = await clientFor([["/", Mixed]]).fetch("/");
  assert.equal(await response.text(), "é-bytes-end");
});

Deno.test("RequestHandler.redirect() sets Location and status", async () => {
  class Go extends RequestHandler {
    override get(kind: string): void {
      if (kind === "perm") this.redirect("/p", { permanent: true });
      else if (kind === "303") this.redirect("/s", { status: 303 });
      else if (kind === "bad") this.redirect("/b", { status: 200 });
      else this.redirect("/t");
    }
  }
  const c = clientFor([["/(\\w+)", Go]]);
  const temp = await c.fetch("/temp");
  assert.deepEqual([temp.status, temp.headers.get("location")], [302, "/t"]);
  const perm = await c.fetch("/perm");
  assert.deepEqual([perm.status, perm.headers.get("location")], [301, "/p"]);
  const other = await c.fetch("/303");
  assert.equal(other.status, 303);
  await captureLogs(async () => {
    const bad = await c.fetch("/bad");
    assert.equal(bad.status, 500);
    await bad.body?.cancel();
  });
});

Deno.test("RequestHandler sets Tornado's ETag and answers If-None-Match with 304", async () => {
  class Page extends RequestHandler {
    override get(): void {
      this.write("Hello, world");
    }
  }
  class NoTag extends RequestHandler {
    override computeEtag(): string | null {
      return null;
    }
    override get(): void {
      this.write("x");
    }
  }
  const c = clientFor([["/", Page], ["/none", NoTag]]);
  const first = await c.fetch("/");
  // sha1("Hello, world"), as Tornado computes it.
  const tag = '"e02aa1b106d5c7c6a98def2b13005d5b84fd8dc8"';
  assert.equal(first.headers.get("etag"), tag);
  await first.body?.cancel();
  for (const header of [tag, `W/${tag}`, `"other", ${tag}`, "*"]) {
    const again = await c.fetch("/", { headers: { "if-none-match": header } });
    assert.equal(again.status, 304, header);
    assert.equal(again.headers.get("content-type"), null);
    assert.equal(await again.text(), "");
  }
  const miss = await c.fetch("/", { headers: { "if-none-match": '"x"' } });
  assert.equal(miss.status, 200);
  await miss.body?.cancel();
  const none = await c.fetch("/none");
  assert.equal(none.headers.get("etag"), null);
  await none.body?.cancel();
});

Deno.test("HTTPError gives its status; the log message never reaches the client", async () => {
  class Secret extends RequestHandler {
    override get(): void {
      throw new HTTPError(403, "user 12 tried the secret");
    }
  }
  class Reason extends RequestHandler {
    override get(): void {
      throw new HTTPError(418, undefined, { reason: "No <coffee>" });
    }
  }
  class Custom extends RequestHandler {
    override get(): void {
      throw new HTTPError(499, undefined, { reason: "Client Went" });
    }
  }
  const c = clientFor([["/secret", Secret], ["/reason", Reason], [
    "/custom",
    Custom,
  ]]);
  const logs = await captureLogs(async () => {
    const response = await c.fetch("/secret");
    assert.equal(response.status, 403);
    const text = await response.text();
    assert.equal(
      text,
      "<html><title>403: Forbidden</title><body>403: Forbidden</body></html>",
    );
    assert.ok(!text.includes("user 12"));
  });
  assert.ok(
    logs.some((l) => l.includes("403 GET /secret") && l.includes("user 12")),
  );
  // An unsafe reason is replaced by the standard phrase.
  const reason = await c.fetch("/reason");
  assert.equal(reason.status, 418);
  assert.match(await reason.text(), /418: I&#39;m a Teapot|418: I'm a Teapot/);
  const custom = await c.fetch("/custom");
  assert.equal(custom.statusText, "Client Went");
  assert.match(await custom.text(), /<title>499: Client Went<\/title>/);
});

Deno.test("An uncaught exception or rejection gives a 500 and the app goes on", async () => {
  class Sync extends RequestHandler {
    override get(): void {
      throw new Error("sync failure");
    }
  }
  class Async extends RequestHandler {
    override async get(): Promise<void> {
      await Promise.resolve();
      throw new TypeError("async failure");
    }
  }
  class BadPrepare extends RequestHandler {
    override prepare(): Promise<void> {
      return Promise.reject(new Error("prepare failure"));
    }
  }
  class Ok extends RequestHandler {
    override get(): void {
      this.write("still serving");
    }
  }
  const c = clientFor([["/sync", Sync], ["/async", Async], [
    "/prepare",
    BadPrepare,
  ], ["/ok", Ok]]);
  const logs = await captureLogs(async () => {
    for (const path of ["/sync", "/async", "/prepare"]) {
      const response = await c.fetch(path);
      assert.equal(response.status, 500, path);
      const text = await response.text();
      assert.ok(!text.includes("failure"), "no stack trace without debug");
    }
  });
  assert.equal(
    logs.filter((l) => l.startsWith("Uncaught exception")).length,
    3,
  );
  assert.equal(await (await c.fetch("/ok")).text(), "still serving");
});

Deno.test("debug mode serves the stack trace as text", async () => {
  class Boom extends RequestHandler {
    override get(): void {
      throw new Error("kaboom");
    }
  }
  const c = clientFor([["/", Boom]], { debug: true });
  await captureLogs(async () => {
    const response = await c.fetch("/");
    assert.equal(response.status, 500);
    assert.equal(
      response.headers.get("content-type"),
      "text/plain; charset=UTF-8",
    );
    const text = await response.text();
    assert.match(text, /Error: kaboom/);
    assert.match(text, /request_handler_test\.ts/);
  });
});

Deno.test("Finish ends a request quietly with what was written", async () => {
  class Early extends RequestHandler {
    override prepare(): void {
      this.write("partial ");
      throw new Finish("and done");
    }
  }
  const lines: string[] = [];
  const response = await clientFor([["/", Early]], {
    logFunction: (h) => lines.push(String(h.getStatus())),
  }).fetch("/");
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "partial and done");
  assert.deepEqual(lines, ["200"]);
});

Deno.test("RequestHandler.writeError() override and sendError()", async () => {
  class JsonErrors extends RequestHandler {
    override writeError(status: number, options: SendErrorOptions): void {
      const message = options.error instanceof Error
        ? options.error.message
        : "";
      this.finish({ status, message });
    }
    override get(kind: string): void {
      if (kind === "send") {
        this.write("discarded");
        this.sendError(409);
        return;
      }
      throw new HTTPError(402, "needs money");
    }
  }
  const c = clientFor([["/(\\w+)", JsonErrors]]);
  const sent = await c.fetch("/send");
  assert.equal(sent.status, 409);
  assert.deepEqual(await sent.json(), { status: 409, message: "" });
  await captureLogs(async () => {
    const thrown = await c.fetch("/throw");
    assert.equal(thrown.status, 402);
    assert.deepEqual(await thrown.json(), {
      status: 402,
      message: "HTTP 402: Payment Required (needs money)",
    });
  });
});

Deno.test("A failing writeError() still finishes the response", async () => {
  class Broken extends RequestHandler {
    override writeError(): void {
      throw new Error("writeError broke");
    }
    override get(): void {
      throw new HTTPError(400);
    }
  }
  const logs = await captureLogs(async () => {
    const response = await clientFor([["/", Broken]]).fetch("/");
    assert.equal(response.status, 400);
    assert.equal(await response.text(), "");
  });
  assert.ok(logs.some((l) => l.includes("writeError")));
});

Deno.test("compressResponse gzips large compressible bodies", async () => {
  const big = "<p>" + "tornado ".repeat(400) + "</p>";
  class Big extends RequestHandler {
    override get(kind: string): void {
      if (kind === "png") this.setHeader("Content-Type", "image/png");
      this.write(kind === "small" ? "tiny" : big);
    }
  }
  const c = clientFor([["/(\\w+)", Big]], { compressResponse: true });
  const gz = await c.fetch("/html", { headers: { "accept-encoding": "gzip" } });
  assert.equal(gz.headers.get("content-encoding"), "gzip");
  assert.equal(gz.headers.get("vary"), "Accept-Encoding");
  const bytes = new Uint8Array(await gz.arrayBuffer());
  assert.ok(bytes.length < big.length / 5);
  assert.equal(new TextDecoder().decode(gunzipSync(bytes)), big);
  for (
    const [path, accept] of [["/html", "identity"], ["/html", "gzip;q=0"], [
      "/png",
      "gzip",
    ], ["/small", "gzip"]]
  ) {
    const plain = await c.fetch(path!, {
      headers: { "accept-encoding": accept! },
    });
    assert.equal(
      plain.headers.get("content-encoding"),
      null,
      `${path} ${accept}`,
    );
    await plain.body?.cancel();
  }
});

Deno.test("RequestHandler.flush() streams chunks as they are written", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  class Stream extends RequestHandler {
    override async get(): Promise<void> {
      this.setHeader("Content-Type", "text/event-stream");
      this.write("data: one\n\n");
      await this.flush();
      await gate;
      this.write("data: two\n\n");
      await this.flush();
      this.finish("data: end\n\n");
    }
  }
  const response = await clientFor([["/", Stream]]).fetch("/");
  assert.equal(response.headers.get("content-type"), "text/event-stream");
  assert.equal(response.headers.get("etag"), null);
  const reader = response.body!.pipeThrough(new TextDecoderStream())
    .getReader();
  assert.equal((await reader.read()).value, "data: one\n\n");
  release();
  let rest = "";
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += value;
  }
  assert.equal(rest, "data: two\n\ndata: end\n\n");
});

Deno.test("An error after flush() cuts the stream instead of sending a page", async () => {
  class Fails extends RequestHandler {
    override async get(): Promise<void> {
      this.write("start");
      await this.flush();
      throw new Error("late failure");
    }
  }
  await captureLogs(async () => {
    const response = await clientFor([["/", Fails]]).fetch("/");
    assert.equal(response.status, 200);
    await assert.rejects(response.text());
  });
});

Deno.test("RequestHandler.clear() resets what was written", async () => {
  class Cleared extends RequestHandler {
    override get(): void {
      this.setStatus(201);
      this.setHeader("X-A", "1");
      this.write("gone");
      this.clear();
      this.write("kept");
    }
  }
  const response = await clientFor([["/", Cleared]]).fetch("/");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-a"), null);
  assert.equal(await response.text(), "kept");
});

Deno.test("An async writeError() override is awaited, sync or async handler", async () => {
  class AsyncErrors extends RequestHandler {
    override async writeError(status: number): Promise<void> {
      await new Promise((r) => setTimeout(r, 5));
      this.finish(`custom ${status}`);
    }
    override get(kind: string): void | Promise<void> {
      if (kind === "sync") throw new HTTPError(409);
      return Promise.reject(new HTTPError(410));
    }
  }
  const c = clientFor([["/(\\w+)", AsyncErrors]]);
  const sync = await c.fetch("/sync");
  assert.equal(sync.status, 409);
  assert.equal(await sync.text(), "custom 409");
  const later = await c.fetch("/async");
  assert.equal(later.status, 410);
  assert.equal(await later.text(), "custom 410");
});

Deno.test("compressResponse: Vary on every response, streamed and static bodies gzipped whatever their size", async () => {
  class Small extends RequestHandler {
    override get(kind: string): void {
      if (kind === "png") this.setHeader("Content-Type", "image/png");
      if (kind === "vary") this.setHeader("Vary", "Cookie");
      this.write("tiny");
    }
  }
  class Streamed extends RequestHandler {
    override async get(): Promise<void> {
      this.setHeader("Content-Type", "text/plain");
      this.write("a little");
      await this.flush();
      this.write(" streamed");
    }
  }
  const root = await Deno.makeTempDir();
  await Deno.writeTextFile(`${root}/small.css`, "a { b: c }");
  try {
    const c = clientFor([
      ["/small/(\\w+)", Small],
      ["/stream", Streamed],
    ], { compressResponse: true, staticPath: root });
    const gzip = { headers: { "accept-encoding": "gzip" } };
    for (const path of ["/small/html", "/small/png"]) {
      const response = await c.fetch(path, gzip);
      assert.equal(response.headers.get("vary"), "Accept-Encoding", path);
      assert.equal(response.headers.get("content-encoding"), null, path);
      assert.equal(await response.text(), "tiny");
    }
    const both = await c.fetch("/small/vary", gzip);
    assert.equal(both.headers.get("vary"), "Cookie, Accept-Encoding");
    await both.body?.cancel();
    for (
      const [path, text] of [["/stream", "a little streamed"], [
        "/static/small.css",
        "a { b: c }",
      ]]
    ) {
      const response = await c.fetch(path!, gzip);
      assert.equal(response.headers.get("content-encoding"), "gzip", path);
      assert.equal(response.headers.get("vary"), "Accept-Encoding", path);
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.equal(new TextDecoder().decode(gunzipSync(bytes)), text, path);
      const plain = await c.fetch(path!);
      assert.equal(plain.headers.get("content-encoding"), null, path);
      assert.equal(await plain.text(), text, path);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
