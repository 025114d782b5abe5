import assert from "node:assert/strict";
import { AsyncHTTPClient, HTTPClientError } from "../../httpclient/mod.ts";
import { closedPort, sleep, withServer } from "./_server.ts";

Deno.test("AsyncHTTPClient.fetch() fails with 599 when headers are late (connectTimeout)", async () => {
  await withServer(async (request) => {
    await sleep(2000, request.signal);
    return new Response("late");
  }, async (base) => {
    using client = new AsyncHTTPClient();
    const start = performance.now();
    await assert.rejects(
      client.fetch(base, { connectTimeout: 0.1, requestTimeout: 10 }),
      (error: unknown) => {
        assert.ok(error instanceof HTTPClientError);
        assert.equal(error.code, 599);
        assert.equal(error.message, "HTTP 599: Timeout while connecting");
        assert.equal(error.response, undefined);
        return true;
      },
    );
    assert.ok(performance.now() - start < 1500);
  });
});

Deno.test("AsyncHTTPClient.fetch() fails with 599 when the body is late (requestTimeout)", async () => {
  await withServer((request) => {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode("start "));
        await sleep(2000, request.signal);
        controller.close();
      },
    });
    return new Response(body);
  }, async (base) => {
    using client = new AsyncHTTPClient();
    await assert.rejects(
      client.fetch(base, { connectTimeout: 10, requestTimeout: 0.2 }),
      { code: 599, message: "HTTP 599: Timeout during request" },
    );
  });
});

Deno.test("AsyncHTTPClient.fetch() applies timeouts from defaults and 0 turns them off", async () => {
  await withServer(async (request) => {
    await sleep(300, request.signal);
    return new Response("slow");
  }, async (base) => {
    using client = new AsyncHTTPClient({ defaults: { requestTimeout: 0.1 } });
    await assert.rejects(client.fetch(base), {
      message: "HTTP 599: Timeout during request",
    });
    const response = await client.fetch(base, {
      requestTimeout: 0,
      connectTimeout: 0,
    });
    assert.equal(response.text, "slow");
  });
});

Deno.test("AsyncHTTPClient.fetch() fails with 599 on a refused connection, even without raiseError", async () => {
  using client = new AsyncHTTPClient();
  const url = `http://127.0.0.1:${closedPort()}/`;
  const error = await client.fetch(url, { raiseError: false }).then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HTTPClientError);
  assert.equal(error.code, 599);
  assert.match(error.message, /^HTTP 599: Network error: .*refused/i);
  assert.ok(error.cause instanceof TypeError);
});

Deno.test("AsyncHTTPClient.close() fails queued and in-flight requests with 599", async () => {
  await withServer(async (request) => {
    await sleep(2000, request.signal);
    return new Response("never");
  }, async (base) => {
    const client = new AsyncHTTPClient({ maxClients: 1 });
    const both = Promise.allSettled([client.fetch(base), client.fetch(base)]);
    await sleep(50);
    client.close();
    for (const result of await both) {
      assert.equal(result.status, "rejected");
      assert.ok(result.reason instanceof HTTPClientError);
      assert.equal(result.reason.message, "HTTP 599: Client closed");
    }
    await assert.rejects(client.fetch(base), {
      message: "HTTP 599: Client closed",
    });
  });
});
