import assert from "node:assert/strict";
import {
  AsyncHTTPClient,
  HTTPClientError,
  HTTPRequest,
} from "../../httpclient/mod.ts";
import { withRawServer, withServer } from "./_server.ts";

function echo(request: Request): Promise<Response> {
  return request.text().then((body) =>
    Response.json({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
    })
  );
}

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

Deno.test("AsyncHTTPClient.fetch() returns code, reason, headers, body and timing", async () => {
  await withServer(
    () => new Response("héllo", { status: 201, headers: { "X-Test": "yes" } }),
    async (base) => {
      using client = new AsyncHTTPClient();
      const response = await client.fetch(`${base}/path?q=1`);
      assert.equal(response.code, 201);
      assert.equal(response.reason, "Created");
      assert.equal(response.headers.get("x-test"), "yes");
      assert.deepEqual(response.body, new TextEncoder().encode("héllo"));
      assert.equal(response.text, "héllo");
      assert.equal(response.effectiveUrl, `${base}/path?q=1`);
      assert.ok(response.requestTime > 0 && response.requestTime < 5);
      assert.equal(response.request.url, `${base}/path?q=1`);
      assert.equal(response.error, null);
    },
  );
});

Deno.test("AsyncHTTPClient.fetch() sends method, headers and each body type", async () => {
  await withServer(echo, async (base) => {
    using client = new AsyncHTTPClient();
    let sent = (await client.fetch(base, {
      method: "POST",
      body: "a=1&b=2",
      headers: { "X-One": "1" },
    })).json() as Echo;
    assert.equal(sent.method, "POST");
    assert.equal(sent.body, "a=1&b=2");
    assert.equal(sent.headers["x-one"], "1");
    // Tornado's default content type for a POST body
    assert.equal(
      sent.headers["content-type"],
      "application/x-www-form-urlencoded",
    );

    sent = (await client.fetch(base, {
      method: "PUT",
      body: new Uint8Array([104, 105]),
      headers: [["Content-Type", "application/octet-stream"]],
    })).json() as Echo;
    assert.equal(sent.method, "PUT");
    assert.equal(sent.body, "hi");
    assert.equal(sent.headers["content-type"], "application/octet-stream");

    sent = (await client.fetch(base, {
      method: "patch",
      body: new URLSearchParams({ x: "a b" }),
    })).json() as Echo;
    assert.equal(sent.method, "PATCH");
    assert.equal(sent.body, "x=a+b");
    assert.equal(
      sent.headers["content-type"],
      "application/x-www-form-urlencoded",
    );

    sent = (await client.fetch(base, { method: "DELETE" })).json() as Echo;
    assert.equal(sent.method, "DELETE");
  });
});

Deno.test("AsyncHTTPClient.fetch() accepts an HTTPRequest and merges options over it", async () => {
  await withServer(echo, async (base) => {
    using client = new AsyncHTTPClient();
    const request = new HTTPRequest(`${base}/r`, {
      method: "POST",
      body: "x",
      headers: { "X-A": "a", "X-B": "b" },
    });
    let response = await client.fetch(request);
    assert.equal(response.request, request);
    assert.equal((response.json() as Echo).method, "POST");

    response = await client.fetch(request, {
      body: "y",
      headers: { "X-B": "override" },
    });
    const sent = response.json() as Echo;
    assert.equal(sent.body, "y");
    assert.equal(sent.headers["x-a"], "a");
    assert.equal(sent.headers["x-b"], "override");
    assert.equal(request.body, "x", "the original request is unchanged");
  });
});

Deno.test("AsyncHTTPClient defaults apply where the request sets nothing", async () => {
  await withServer(echo, async (base) => {
    using client = new AsyncHTTPClient({
      defaults: {
        userAgent: "Default/1.0",
        headers: { "X-Default": "d", "X-Both": "default" },
        authUsername: "def",
      },
    });
    let sent = (await client.fetch(base, {
      headers: { "X-Both": "request" },
    })).json() as Echo;
    assert.equal(sent.headers["user-agent"], "Default/1.0");
    assert.equal(sent.headers["x-default"], "d");
    assert.equal(sent.headers["x-both"], "request");
    assert.equal(sent.headers["authorization"], "Basic " + btoa("def:"));

    sent = (await client.fetch(base, { userAgent: "Mine/2" }))
      .json() as Echo;
    assert.equal(sent.headers["user-agent"], "Mine/2");
  });
});

Deno.test("AsyncHTTPClient.fetch() sends basic auth from options or the URL", async () => {
  await withServer(echo, async (base) => {
    using client = new AsyncHTTPClient();
    let sent = (await client.fetch(base, {
      authUsername: "Aladdin",
      authPassword: "open sesame",
    })).json() as Echo;
    assert.equal(
      sent.headers["authorization"],
      "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    );

    sent = (await client.fetch(base, {
      authUsername: "usér",
      authPassword: "pw",
    })).json() as Echo;
    // UTF-8 bytes, as Tornado's encode_username_password
    assert.equal(sent.headers["authorization"], "Basic dXPDqXI6cHc=");

    const withUserinfo = base.replace("://", "://u%40x:p%3Aw@");
    const response = await client.fetch(withUserinfo + "/a", {
      authUsername: "ignored",
    });
    sent = response.json() as Echo;
    assert.equal(sent.headers["authorization"], "Basic " + btoa("u@x:p:w"));
    assert.ok(!sent.url.includes("@"));
  });
});

Deno.test("AsyncHTTPClient.fetch() throws HTTPClientError for non-2xx unless raiseError is false", async () => {
  await withServer(
    () => new Response("gone", { status: 404 }),
    async (base) => {
      using client = new AsyncHTTPClient();
      const error = await client.fetch(base).then(
        () => assert.fail("no error"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof HTTPClientError);
      assert.equal(error.code, 404);
      assert.equal(error.message, "HTTP 404: Not Found");
      assert.equal(error.response?.text, "gone");

      const response = await client.fetch(base, { raiseError: false });
      assert.equal(response.code, 404);
      assert.equal(response.text, "gone");
      assert.throws(() => response.rethrow(), { code: 404 });

      using lenient = new AsyncHTTPClient({ defaults: { raiseError: false } });
      assert.equal((await lenient.fetch(base)).code, 404);
    },
  );
});

Deno.test("AsyncHTTPClient.fetch() rejects a body on GET and bad settings", async () => {
  using client = new AsyncHTTPClient();
  await assert.rejects(
    client.fetch("http://127.0.0.1:9/", { body: "x" }),
    { name: "TypeError", message: "Cannot send a body with a GET request" },
  );
  await assert.rejects(
    client.fetch("ftp://127.0.0.1/"),
    TypeError,
  );
  await assert.rejects(
    client.fetch("http://127.0.0.1:9/", { requestTimeout: -1 }),
    RangeError,
  );
  assert.throws(() => new AsyncHTTPClient({ maxClients: 0 }), RangeError);
});

Deno.test("HTTPResponse.reason is the standard phrase, as Deno's fetch exposes no other", async () => {
  using client = new AsyncHTTPClient();
  await withRawServer(
    "HTTP/1.1 201 Made It\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
    async (base) => {
      const response = await client.fetch(base);
      assert.equal(response.code, 201);
      assert.equal(response.reason, "Created");
      assert.equal(response.text, "ok");
    },
  );
  await withRawServer(
    "HTTP/1.1 299 Odd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    async (base) => {
      const response = await client.fetch(base);
      assert.equal(response.code, 299);
      assert.equal(response.reason, "Unknown");
    },
  );
});
