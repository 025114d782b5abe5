import assert from "node:assert/strict";
import { AsyncHTTPClient } from "../../httpclient/mod.ts";
import { sleep, withServer } from "./_server.ts";

Deno.test("AsyncHTTPClient with maxClients 1 runs requests one at a time in FIFO order", async () => {
  const arrived: string[] = [];
  let inFlight = 0;
  let peak = 0;
  await withServer(async (request) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    arrived.push(new URL(request.url).pathname);
    await sleep(30);
    inFlight--;
    return new Response(new URL(request.url).pathname);
  }, async (base) => {
    using client = new AsyncHTTPClient({ maxClients: 1 });
    const names = ["/a", "/b", "/c", "/d"];
    const texts = await Promise.all(
      names.map((n) => client.fetch(base + n).then((r) => r.text)),
    );
    assert.deepEqual(texts, names);
    assert.deepEqual(arrived, names);
    assert.equal(peak, 1);
  });
});

Deno.test("AsyncHTTPClient with maxClients 2 runs two requests at once", async () => {
  let inFlight = 0;
  let peak = 0;
  await withServer(async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await sleep(50);
    inFlight--;
    return new Response("ok");
  }, async (base) => {
    using client = new AsyncHTTPClient({ maxClients: 2 });
    await Promise.all([1, 2, 3, 4, 5].map(() => client.fetch(base)));
    assert.equal(peak, 2);
  });
});

Deno.test("AsyncHTTPClient fails a request that waits in the queue past its timeout", async () => {
  await withServer(async (request) => {
    await sleep(400, request.signal);
    return new Response("slow");
  }, async (base) => {
    using client = new AsyncHTTPClient({ maxClients: 1 });
    const first = client.fetch(base);
    await assert.rejects(
      client.fetch(base, { connectTimeout: 0.05 }),
      { code: 599, message: "HTTP 599: Timeout in request queue" },
    );
    assert.equal((await first).text, "slow");
    // the slot was handed back: a later request still runs
    assert.equal((await client.fetch(base)).text, "slow");
  });
});

Deno.test("AsyncHTTPClient frees the slot of a failed request", async () => {
  await withServer(
    () => new Response("no", { status: 500 }),
    async (base) => {
      using client = new AsyncHTTPClient({ maxClients: 1 });
      const results = await Promise.allSettled([
        client.fetch(base),
        client.fetch(base),
        client.fetch(base, { raiseError: false }),
      ]);
      assert.deepEqual(results.map((r) => r.status), [
        "rejected",
        "rejected",
        "fulfilled",
      ]);
    },
  );
});
