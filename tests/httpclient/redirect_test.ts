// Expected behaviour checked against Tornado 6.2's simple_httpclient: with
// max_redirects=2 a redirect loop is hit 3 times and fails with
// "HTTP 302: Found"; a POST answered by 301/302/303 continues as a GET
// without a body, by 307/308 as a POST with its body.
import assert from "node:assert/strict";
import { AsyncHTTPClient, HTTPClientError } from "../../httpclient/mod.ts";
import { withServer } from "./_server.ts";

async function router(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body = await request.text();
  if (url.pathname === "/loop") {
    return new Response(null, { status: 302, headers: { Location: "/loop" } });
  }
  const hop = url.pathname.match(/^\/hop\/(\d+)$/);
  if (hop) {
    const n = Number(hop[1]);
    return n === 0 ? new Response("arrived") : new Response(null, {
      status: 301,
      headers: { Location: `/hop/${n - 1}` },
    });
  }
  if (url.pathname === "/post") {
    return new Response(null, {
      status: Number(url.searchParams.get("s")),
      headers: { Location: "/echo" },
    });
  }
  if (url.pathname === "/no-location") {
    return new Response("here", { status: 302 });
  }
  return Response.json({
    method: request.method,
    body,
    contentType: request.headers.get("content-type"),
    auth: request.headers.get("authorization"),
  });
}

Deno.test("AsyncHTTPClient.fetch() follows a redirect chain and reports effectiveUrl", async () => {
  await withServer(router, async (base) => {
    using client = new AsyncHTTPClient();
    const response = await client.fetch(`${base}/hop/3`);
    assert.equal(response.code, 200);
    assert.equal(response.text, "arrived");
    assert.equal(response.effectiveUrl, `${base}/hop/0`);
    assert.equal(response.request.url, `${base}/hop/3`);
  });
});

Deno.test("AsyncHTTPClient.fetch() stops after maxRedirects with the 3xx as error", async () => {
  let hits = 0;
  await withServer((request) => {
    hits++;
    return router(request);
  }, async (base) => {
    using client = new AsyncHTTPClient();
    const error = await client.fetch(`${base}/loop`, { maxRedirects: 2 })
      .then(() => assert.fail("no error"), (e: unknown) => e);
    assert.ok(error instanceof HTTPClientError);
    assert.equal(error.code, 302);
    assert.equal(error.message, "HTTP 302: Found");
    assert.equal(hits, 3);
    assert.equal(error.response?.effectiveUrl, `${base}/loop`);

    hits = 0;
    await assert.rejects(client.fetch(`${base}/loop`), { code: 302 });
    assert.equal(hits, 6, "the default maxRedirects is 5");

    const last = await client.fetch(`${base}/hop/5`);
    assert.equal(last.text, "arrived", "exactly 5 redirects are followed");
  });
});

Deno.test("AsyncHTTPClient.fetch() with followRedirects false returns or throws the 3xx", async () => {
  await withServer(router, async (base) => {
    using client = new AsyncHTTPClient();
    await assert.rejects(
      client.fetch(`${base}/hop/1`, { followRedirects: false }),
      { code: 301, message: "HTTP 301: Moved Permanently" },
    );
    const response = await client.fetch(`${base}/hop/1`, {
      followRedirects: false,
      raiseError: false,
    });
    assert.equal(response.code, 301);
    assert.equal(response.headers.get("location"), "/hop/0");
    assert.equal(response.effectiveUrl, `${base}/hop/1`);

    const noLocation = await client.fetch(`${base}/no-location`, {
      raiseError: false,
    });
    assert.equal(noLocation.code, 302);
    assert.equal(noLocation.text, "here");
  });
});

Deno.test("AsyncHTTPClient.fetch() turns POST into GET on 301, 302 and 303 as Tornado", async () => {
  await withServer(router, async (base) => {
    using client = new AsyncHTTPClient();
    const expected: Record<number, { method: string; body: string }> = {
      301: { method: "GET", body: "" },
      302: { method: "GET", body: "" },
      303: { method: "GET", body: "" },
      307: { method: "POST", body: "data" },
      308: { method: "POST", body: "data" },
    };
    for (const [status, want] of Object.entries(expected)) {
      const response = await client.fetch(`${base}/post?s=${status}`, {
        method: "POST",
        body: "data",
      });
      const got = response.json() as Record<string, unknown>;
      assert.equal(got.method, want.method, `status ${status}`);
      assert.equal(got.body, want.body, `status ${status}`);
      if (want.method === "GET") assert.equal(got.contentType, null);
    }
  });
});

Deno.test("AsyncHTTPClient.fetch() keeps auth on same-origin redirects and drops it across origins", async () => {
  await withServer(router, async (other) => {
    await withServer((request) => {
      const url = new URL(request.url);
      if (url.pathname === "/away") {
        return new Response(null, {
          status: 302,
          headers: { Location: `${other}/echo` },
        });
      }
      if (url.pathname === "/here") {
        return new Response(null, {
          status: 302,
          headers: { Location: "/echo" },
        });
      }
      return router(request);
    }, async (base) => {
      using client = new AsyncHTTPClient({
        defaults: { authUsername: "u", authPassword: "p" },
      });
      const same = (await client.fetch(`${base}/here`)).json() as {
        auth: string | null;
      };
      assert.equal(same.auth, "Basic " + btoa("u:p"));
      const away = (await client.fetch(`${base}/away`)).json() as {
        auth: string | null;
      };
      assert.equal(away.auth, null);
    });
  });
});

Deno.test("AsyncHTTPClient.fetch() drops every credential on cross-origin redirects, keeps them same-origin", async () => {
  const seen = (request: Request): Response =>
    Response.json({
      method: request.method,
      authorization: request.headers.get("authorization"),
      proxy: request.headers.get("proxy-authorization"),
      cookie: request.headers.get("cookie"),
    });
  await withServer(seen, async (other) => {
    await withServer((request) => {
      const url = new URL(request.url);
      const code = Number(url.searchParams.get("code"));
      if (url.pathname === "/away") {
        return new Response(null, {
          status: code,
          headers: { Location: `${other}/echo` },
        });
      }
      if (url.pathname === "/here") {
        return new Response(null, {
          status: code,
          headers: { Location: "/echo" },
        });
      }
      return seen(request);
    }, async (base) => {
      using client = new AsyncHTTPClient();
      const headers = {
        "Authorization": "Bearer secret",
        "Proxy-Authorization": "Basic cHJveHk6cGFzcw==",
        "Cookie": "session=1",
      };
      const basic = "Basic " + btoa("u:p");
      for (const code of [301, 302, 303, 307, 308]) {
        const away =
          (await client.fetch(`${base}/away?code=${code}`, { headers }))
            .json();
        assert.deepEqual(away, {
          method: "GET",
          authorization: null,
          proxy: null,
          cookie: null,
        }, `${code} across origins`);
        const awayBasic = (await client.fetch(`${base}/away?code=${code}`, {
          authUsername: "u",
          authPassword: "p",
        })).json() as { authorization: string | null };
        assert.equal(awayBasic.authorization, null, `${code} basic auth`);
        const userinfo = base.replace("http://", "http://u:p@");
        const awayUrl = (await client.fetch(`${userinfo}/away?code=${code}`))
          .json() as { authorization: string | null };
        assert.equal(awayUrl.authorization, null, `${code} URL credentials`);
        const here =
          (await client.fetch(`${base}/here?code=${code}`, { headers }))
            .json();
        assert.deepEqual(here, {
          method: "GET",
          authorization: "Bearer secret",
          proxy: "Basic cHJveHk6cGFzcw==",
          cookie: "session=1",
        }, `${code} same origin`);
        const hereBasic = (await client.fetch(`${userinfo}/here?code=${code}`))
          .json() as { authorization: string | null };
        assert.equal(
          hereBasic.authorization,
          basic,
          `${code} same-origin URL credentials`,
        );
      }
    });
  });
});
