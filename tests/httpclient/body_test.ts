import assert from "node:assert/strict";
import { AsyncHTTPClient, HTTPClientError } from "../../httpclient/mod.ts";
import { gzip, withServer } from "./_server.ts";

Deno.test("AsyncHTTPClient.fetch() decompresses gzip and renames Content-Encoding as Tornado", async () => {
  const text = "hello ".repeat(100);
  const compressed = await gzip(text);
  let acceptEncoding: string | null = null;
  await withServer((request) => {
    acceptEncoding = request.headers.get("accept-encoding");
    return new Response(compressed, {
      headers: { "Content-Encoding": "gzip", "Content-Type": "text/plain" },
    });
  }, async (base) => {
    using client = new AsyncHTTPClient();
    const response = await client.fetch(base);
    assert.match(acceptEncoding ?? "", /gzip/);
    assert.equal(response.text, text);
    assert.equal(response.headers.get("content-encoding"), null);
    assert.equal(response.headers.get("x-consumed-content-encoding"), "gzip");
  });
});

Deno.test("AsyncHTTPClient.fetch() with decompressResponse false asks for identity and keeps raw bytes", async () => {
  const compressed = await gzip("raw please");
  let acceptEncoding: string | null = null;
  await withServer((request) => {
    acceptEncoding = request.headers.get("accept-encoding");
    return new Response(compressed, {
      headers: { "Content-Encoding": "gzip" },
    });
  }, async (base) => {
    using client = new AsyncHTTPClient();
    const response = await client.fetch(base, {
      decompressResponse: false,
      headers: { "Accept-Encoding": "gzip" },
    });
    assert.equal(acceptEncoding, "identity");
    assert.deepEqual(response.body, compressed);
    assert.equal(response.headers.get("content-encoding"), "gzip");
  });
});

Deno.test("AsyncHTTPClient.fetch() fails with 599 past maxBodySize", async () => {
  const big = "x".repeat(10_000);
  await withServer(() => new Response(big), async (base) => {
    using client = new AsyncHTTPClient();
    const error = await client.fetch(base, { maxBodySize: 1000 }).then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof HTTPClientError);
    assert.equal(error.code, 599);
    assert.equal(
      error.message,
      "HTTP 599: Response body exceeds maxBodySize of 1000 bytes",
    );
    const exact = await client.fetch(base, { maxBodySize: 10_000 });
    assert.equal(exact.body.length, 10_000);
    using small = new AsyncHTTPClient({ defaults: { maxBodySize: 9_999 } });
    await assert.rejects(small.fetch(base), { code: 599 });
  });
});

Deno.test("AsyncHTTPClient.fetch() bounds the body after decompression", async () => {
  const text = "a".repeat(100_000);
  const compressed = await gzip(text);
  assert.ok(compressed.length < 1000);
  await withServer(
    () => new Response(compressed, { headers: { "Content-Encoding": "gzip" } }),
    async (base) => {
      using client = new AsyncHTTPClient();
      await assert.rejects(client.fetch(base, { maxBodySize: 50_000 }), {
        message: "HTTP 599: Response body exceeds maxBodySize of 50000 bytes",
      });
      const response = await client.fetch(base, { maxBodySize: 100_000 });
      assert.equal(response.text, text);
    },
  );
});

Deno.test("AsyncHTTPClient.fetch() stops reading an endless body past maxBodySize", async () => {
  let pulls = 0;
  await withServer(() => {
    const chunk = new Uint8Array(1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(chunk);
      },
    });
    return new Response(body);
  }, async (base) => {
    using client = new AsyncHTTPClient();
    await assert.rejects(client.fetch(base, { maxBodySize: 64 * 1024 }), {
      code: 599,
    });
  });
  assert.ok(pulls < 10_000, `the server was pulled ${pulls} times`);
});

Deno.test("HTTPResponse.json() parses the body and text decodes UTF-8", async () => {
  await withServer(() => Response.json({ a: [1, "é"] }), async (base) => {
    using client = new AsyncHTTPClient();
    const response = await client.fetch(base);
    assert.deepEqual(response.json(), { a: [1, "é"] });
    assert.equal(response.text, '{"a":[1,"é"]}');
  });
  await withServer(() => new Response("not json"), async (base) => {
    using client = new AsyncHTTPClient();
    const response = await client.fetch(base);
    assert.throws(() => response.json(), SyntaxError);
  });
});
