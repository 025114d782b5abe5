import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  type HTTPFile,
  HTTPServerRequest,
  MissingArgumentError,
  RequestHandler,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";
import { captureLogs } from "./_capture_logs.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };

class Args extends RequestHandler {
  override get(): void {
    this.write({
      a: this.getArgument("a"),
      all: this.getArguments("a"),
      raw: this.getArgument("a", null, { strip: false }),
      missing: this.getArgument("missing", null),
      fallback: this.getArgument("missing", "dflt"),
    });
  }
  override post(): void {
    this.write({
      query: this.getQueryArguments("x"),
      body: this.getBodyArguments("x"),
      both: this.getArguments("x"),
      bodyOne: this.getBodyArgument("x"),
      queryOne: this.getQueryArgument("x", null),
      files: Object.fromEntries(
        Object.entries(this.request.files).map((
          [name, files],
        ) => [name, files.map(describe)]),
      ),
      rawLength: this.request.body.length,
    });
  }
}

function describe(file: HTTPFile) {
  return {
    filename: file.filename,
    contentType: file.contentType,
    body: new TextDecoder().decode(file.body),
  };
}

const client = () => new AppTestClient(new Application([["/", Args]], quiet));

function multipart(boundary: string, parts: string[]): string {
  return parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("") +
    `--${boundary}--\r\n`;
}

Deno.test("RequestHandler.getArgument() returns the last value, stripped", async () => {
  const response = await client().fetch("/?a=1&a=%20two%20&b");
  assert.deepEqual(await response.json(), {
    a: "two",
    all: ["1", "two"],
    raw: " two ",
    missing: null,
    fallback: "dflt",
  });
});

Deno.test("RequestHandler.getArgument() without default: 400 Bad Request, the name in the log", async () => {
  class Need extends RequestHandler {
    override get(): void {
      try {
        this.getArgument("page");
      } catch (error) {
        assert.ok(error instanceof MissingArgumentError);
        assert.equal(error.argName, "page");
        throw error;
      }
    }
  }
  const c = new AppTestClient(new Application([["/", Need]], quiet));
  const logs = await captureLogs(async () => {
    const response = await c.fetch("/");
    assert.equal(response.status, 400);
    assert.doesNotMatch(response.statusText, /Missing/);
    const page = await response.text();
    assert.match(page, /<title>400: Bad Request<\/title>/);
    assert.doesNotMatch(page, /page/);
  });
  assert.ok(
    logs.some((line) => line.includes("Missing argument page")),
    logs.join("\n"),
  );
  const debug = new AppTestClient(
    new Application([["/", Need]], { ...quiet, debug: true }),
  );
  const traced = await captureLogs(async () => {
    const page = await (await debug.fetch("/")).text();
    assert.match(page, /400: Bad Request/);
    assert.match(page, /Missing argument page/);
  });
  assert.ok(traced.length > 0);
});

Deno.test("RequestHandler arguments replace control characters and decode + and %", async () => {
  class Clean extends RequestHandler {
    override get(): void {
      this.write({ v: this.getArgument("v", "", { strip: false }) });
    }
  }
  const c = new AppTestClient(new Application([["/", Clean]], quiet));
  const response = await c.fetch("/?v=a%00b+c%E2%82%AC%0A");
  assert.deepEqual(await response.json(), { v: "a b c€\n" });
});

Deno.test("RequestHandler.decodeArgument() hook sees every value", async () => {
  class Upper extends RequestHandler {
    override decodeArgument(value: string, name?: string): string {
      return `${name}:${value.toUpperCase()}`;
    }
    override get(): void {
      this.write(this.getArgument("q"));
    }
  }
  const c = new AppTestClient(new Application([["/", Upper]], quiet));
  assert.equal(await (await c.fetch("/?q=abc")).text(), "q:ABC");
});

Deno.test("Bad percent-encoding or UTF-8 in a query or form body is a 400", async () => {
  const c = client();
  for (const path of ["/?a=%ZZ", "/?a=%E2%82", "/?%FF=1"]) {
    const response = await c.fetch(path);
    assert.equal(response.status, 400, path);
    await response.body?.cancel();
  }
  const body = await c.fetch("/", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "x=%C3%28",
  });
  assert.equal(body.status, 400);
  await body.body?.cancel();
});

Deno.test("A form body fills body arguments; query values come first", async () => {
  const response = await client().fetch("/?x=q1", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "x=b1&x=b+2&y=",
  });
  const json = await response.json();
  assert.deepEqual(json.query, ["q1"]);
  assert.deepEqual(json.body, ["b1", "b 2"]);
  assert.deepEqual(json.both, ["q1", "b1", "b 2"]);
  assert.equal(json.bodyOne, "b 2");
  assert.equal(json.queryOne, "q1");
});

Deno.test("Argument names like __proto__ and constructor are plain keys", async () => {
  const request = new HTTPServerRequest(
    new Request("http://h/?__proto__=1&constructor=2&toString=3"),
  );
  const args = request.queryArguments;
  assert.deepEqual(args["__proto__"], ["1"]);
  assert.deepEqual(args["constructor"], ["2"]);
  class Own extends RequestHandler {
    override get(): void {
      this.write({ v: this.getArgument("hasOwnProperty", "none") });
    }
  }
  const c = new AppTestClient(new Application([["/", Own]], quiet));
  assert.deepEqual(await (await c.fetch("/")).json(), { v: "none" });
});

Deno.test("A multipart body gives arguments and HTTPFile uploads", async () => {
  const boundary = "----b0undary";
  const body = multipart(boundary, [
    'Content-Disposition: form-data; name="x"\r\n\r\nfield value',
    'Content-Disposition: form-data; name="up"; filename="a \\"q\\".txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\nbody',
    "Content-Disposition: form-data; name=\"up\"; filename*=UTF-8''%C3%A9t%C3%A9.bin\r\n\r\n\x00\x01",
    'content-disposition: form-data; name="x"\r\n\r\n',
  ]);
  const response = await client().fetch("/", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary="${boundary}"` },
    body,
  });
  const json = await response.json();
  assert.deepEqual(json.body, ["field value", ""]);
  assert.deepEqual(json.files.up, [
    { filename: 'a "q".txt', contentType: "text/plain", body: "file\r\nbody" },
    {
      filename: "été.bin",
      contentType: "application/unknown",
      body: "\x00\x01",
    },
  ]);
  assert.equal(json.rawLength, new TextEncoder().encode(body).length);
});

Deno.test("Malformed multipart bodies get 400, never 500", async () => {
  const c = client();
  const b = "XyZ";
  const cases: [string, string][] = [
    ["multipart/form-data", "--x\r\n\r\n--x--"],
    [`multipart/form-data; boundary=${b}`, "no boundary at all"],
    [
      `multipart/form-data; boundary=${b}`,
      `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated`,
    ],
    [
      `multipart/form-data; boundary=${b}`,
      `--${b}\r\nno-colon-line\r\n\r\nv\r\n--${b}--`,
    ],
    [
      `multipart/form-data; boundary=${b}`,
      `--${b}\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--${b}--`,
    ],
    [
      `multipart/form-data; boundary=${b}`,
      `--${b}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--${b}--`,
    ],
    [
      `multipart/form-data; boundary=${b}`,
      `--${b}\r\nContent-Type: text/plain\r\n\r\nv\r\n--${b}--`,
    ],
    [`multipart/form-data; boundary=${b}`, `--${b}garbage`],
    [
      `multipart/form-data; boundary=${b}`,
      `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xff\r\n--${b}--`,
    ],
  ];
  for (const [type, body] of cases) {
    const bytes = Uint8Array.from(body, (ch) => ch.charCodeAt(0));
    const response = await c.fetch("/", {
      method: "POST",
      headers: { "content-type": type },
      body: bytes,
    });
    assert.equal(response.status, 400, body);
    await response.body?.cancel();
  }
});

Deno.test("Hostile multipart bodies are refused quickly: many parts, huge names", async () => {
  const c = client();
  const b = "bnd";
  const manyParts =
    `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n`
      .repeat(10_000) + `--${b}--\r\n`;
  const emptyParts = `--${b}\r\n\r\n\r\n`.repeat(10_000) + `--${b}--\r\n`;
  const longName = `--${b}\r\nContent-Disposition: form-data; name="${
    "a".repeat(20_000)
  }"\r\n\r\nv\r\n--${b}--\r\n`;
  const manyLines = `--${b}\r\n` + "X-H: v\r\n".repeat(2000) +
    `Content-Disposition: form-data; name="a"\r\n\r\nv\r\n--${b}--\r\n`;
  for (const body of [manyParts, emptyParts, longName, manyLines]) {
    const start = performance.now();
    const response = await c.fetch("/", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${b}` },
      body,
    });
    assert.equal(response.status, 400);
    await response.body?.cancel();
    // Generous bound: only catches pathological (quadratic) behaviour.
    assert.ok(performance.now() - start < 2000);
  }
});

Deno.test("Bodies of other types stay raw in request.body", async () => {
  class Raw extends RequestHandler {
    override post(): void {
      this.write({
        text: new TextDecoder().decode(this.request.body),
        args: Object.keys(this.request.bodyArguments).length,
      });
    }
  }
  const c = new AppTestClient(new Application([["/", Raw]], quiet));
  const response = await c.fetch("/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"a":1}',
  });
  assert.deepEqual(await response.json(), { text: '{"a":1}', args: 0 });
});

Deno.test("A body over maxBodySize gets 413, even without Content-Length", async () => {
  let reached = false;
  class Sink extends RequestHandler {
    override post(): void {
      reached = true;
    }
  }
  const c = new AppTestClient(
    new Application([["/", Sink]], { ...quiet, maxBodySize: 1000 }),
  );
  const declared = await c.fetch("/", {
    method: "POST",
    body: "x".repeat(1001),
  });
  assert.equal(declared.status, 413);
  await declared.body?.cancel();
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(300));
    },
  });
  const streamed = await c.fetch("/", {
    method: "POST",
    body: endless,
    // @ts-ignore: Deno needs duplex for streamed request bodies.
    duplex: "half",
  });
  assert.equal(streamed.status, 413);
  await streamed.body?.cancel();
  assert.ok(pulled < 10, "the body was not read past the limit");
  assert.equal(reached, false);
  const fits = await c.fetch("/", { method: "POST", body: "x".repeat(1000) });
  assert.equal(fits.status, 200);
  await fits.body?.cancel();
});

Deno.test("HTTPServerRequest fields: uri, path, query, host, protocol, fullUrl", () => {
  const request = new HTTPServerRequest(
    new Request("https://example.com:8443/a%20b/c?x=1&y#frag", {
      headers: { host: "example.com:8443" },
    }),
  );
  assert.equal(request.method, "GET");
  assert.equal(request.uri, "/a%20b/c?x=1&y");
  assert.equal(request.path, "/a%20b/c");
  assert.equal(request.query, "x=1&y");
  assert.equal(request.host, "example.com:8443");
  assert.equal(request.protocol, "https");
  assert.equal(request.version, "HTTP/1.1");
  assert.equal(request.fullUrl(), "https://example.com:8443/a%20b/c?x=1&y");
  assert.deepEqual({ ...request.queryArguments }, { x: ["1"], y: [""] });
  assert.ok(request.requestTime() >= 0);
  assert.equal(request.remoteIp, "127.0.0.1");
});

Deno.test("HTTPServerRequest trusts proxy headers only with xheaders", () => {
  const headers = {
    "x-forwarded-for": "10.0.0.1, 203.0.113.9",
    "x-forwarded-proto": "https",
  };
  const plain = new HTTPServerRequest(new Request("http://h/", { headers }), {
    remoteAddr: "192.0.2.1",
  });
  assert.equal(plain.remoteIp, "192.0.2.1");
  assert.equal(plain.protocol, "http");
  const proxied = new HTTPServerRequest(new Request("http://h/", { headers }), {
    remoteAddr: "192.0.2.1",
    xheaders: true,
  });
  assert.equal(proxied.remoteIp, "203.0.113.9");
  assert.equal(proxied.protocol, "https");
  const real = new HTTPServerRequest(
    new Request("http://h/", {
      headers: { "x-real-ip": "2001:db8::1", "x-scheme": "ftp" },
    }),
    { remoteAddr: "192.0.2.1", xheaders: true },
  );
  assert.equal(real.remoteIp, "2001:db8::1");
  assert.equal(real.protocol, "http", "unknown schemes are ignored");
  const bogus = new HTTPServerRequest(
    new Request("http://h/", { headers: { "x-real-ip": "<script>" } }),
    { remoteAddr: "192.0.2.1", xheaders: true },
  );
  assert.equal(bogus.remoteIp, "192.0.2.1", "invalid addresses are ignored");
});
