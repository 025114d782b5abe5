import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  ErrorHandler,
  RequestHandler,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };

class Form extends RequestHandler {
  override get(): void {
    this.write({ token: this.xsrfToken, html: this.xsrfFormHtml() });
  }
  override post(): void {
    this.write("accepted");
  }
  override put(): void {
    this.write("put");
  }
  override delete(): void {
    this.write("deleted");
  }
}

function setup(settings: ApplicationSettings = {}) {
  return new AppTestClient(
    new Application([["/", Form]], {
      ...quiet,
      xsrfCookies: true,
      ...settings,
    }),
  );
}

async function warnings(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const saved = console.warn;
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    await fn();
  } finally {
    console.warn = saved;
  }
  return lines;
}

Deno.test("xsrfToken sets the _xsrf cookie once and masks the token per request", async () => {
  const c = setup();
  const first = await c.fetch("/");
  const cookies = first.headers.getSetCookie();
  assert.equal(cookies.length, 1);
  assert.match(
    cookies[0]!,
    /^_xsrf=2\|[0-9a-f]{8}\|[0-9a-f]{32}\|\d+; Path=\/$/,
  );
  const { token, html } = await first.json();
  assert.match(token, /^2\|[0-9a-f]{8}\|[0-9a-f]{32}\|\d+$/);
  assert.equal(html, `<input type="hidden" name="_xsrf" value="${token}"/>`);
  const second = await c.fetch("/");
  assert.deepEqual(second.headers.getSetCookie(), [], "the cookie is kept");
  const again = (await second.json()).token;
  assert.notEqual(again, token, "a new mask per request");
  // Both masked tokens are valid.
  for (const t of [token, again]) {
    const response = await c.fetch("/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _xsrf: t }),
    });
    assert.equal(await response.text(), "accepted");
  }
});

Deno.test("XSRF accepts the X-XSRFToken and X-CSRFToken headers", async () => {
  const c = setup();
  const { token } = await (await c.fetch("/")).json();
  for (const header of ["X-XSRFToken", "X-CSRFToken"]) {
    const response = await c.fetch("/", {
      method: "PUT",
      headers: { [header]: token },
    });
    assert.equal(await response.text(), "put", header);
  }
});

Deno.test("XSRF refuses POST, PUT, PATCH, DELETE without a matching token (403)", async () => {
  const c = setup();
  const { token } = await (await c.fetch("/")).json();
  const logs = await warnings(async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await c.fetch("/", { method });
      assert.equal(response.status, 403, method);
      await response.body?.cancel();
    }
    const wrong = await c.fetch("/", {
      method: "POST",
      headers: { "x-xsrftoken": "2|00000000|" + "0".repeat(32) + "|1" },
    });
    assert.equal(wrong.status, 403);
    await wrong.body?.cancel();
    const garbage = await c.fetch("/", {
      method: "POST",
      headers: { "x-xsrftoken": "2|zz|" },
    });
    assert.equal(garbage.status, 403);
    await garbage.body?.cancel();
    c.clearCookies();
    const noCookie = await c.fetch("/", {
      method: "POST",
      headers: { "x-xsrftoken": token },
    });
    assert.equal(noCookie.status, 403);
    await noCookie.body?.cancel();
  });
  assert.ok(logs.some((l) => l.includes("'_xsrf' argument missing from POST")));
  assert.ok(
    logs.some((l) => l.includes("XSRF cookie does not match POST argument")),
  );
  assert.ok(
    logs.some((l) => l.includes("'_xsrf' argument has invalid format")),
  );
  assert.ok(
    logs.some((l) => l.includes("'_xsrf' cookie missing from request")),
  );
});

Deno.test("XSRF leaves GET, HEAD and OPTIONS alone, and is off by default", async () => {
  const c = setup();
  const get = await c.fetch("/");
  assert.equal(get.status, 200);
  await get.body?.cancel();
  const off = new AppTestClient(new Application([["/", Form]], quiet));
  const post = await off.fetch("/", { method: "POST" });
  assert.equal(await post.text(), "accepted");
});

Deno.test("checkXsrfCookie() can be overridden", async () => {
  class Api extends Form {
    override checkXsrfCookie(): void {
      if (this.request.headers.get("authorization") !== "Bearer ok") {
        super.checkXsrfCookie();
      }
    }
  }
  const c = new AppTestClient(
    new Application([["/", Api]], { ...quiet, xsrfCookies: true }),
  );
  const response = await c.fetch("/", {
    method: "POST",
    headers: { authorization: "Bearer ok" },
  });
  assert.equal(await response.text(), "accepted");
  await warnings(async () => {
    const refused = await c.fetch("/", { method: "POST" });
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
  });
});

Deno.test("xsrfCookieOptions and xsrfCookieVersion shape the cookie and token", async () => {
  const c = setup({
    xsrfCookieOptions: { httpOnly: true, secure: true, sameSite: "Strict" },
    xsrfCookieVersion: 1,
  });
  const response = await c.fetch("/");
  assert.match(
    response.headers.getSetCookie()[0]!,
    /^_xsrf=[0-9a-f]{32}; HttpOnly; Path=\/; SameSite=Strict; Secure$/,
  );
  const { token } = await response.json();
  assert.match(token, /^[0-9a-f]{32}$/);
});

Deno.test("XSRF: ErrorHandler routes and the default 404 answer their status, not 403", async () => {
  const c = new AppTestClient(
    new Application([
      ["/", Form],
      ["/gone", ErrorHandler, { statusCode: 410 }],
    ], { ...quiet, xsrfCookies: true }),
  );
  const cases: [string, string, number][] = [
    ["POST", "/nowhere", 404],
    ["DELETE", "/nowhere", 404],
    ["POST", "/gone", 410],
    ["PUT", "/gone", 410],
    ["POST", "/", 403], // a real handler still checks
  ];
  await warnings(async () => {
    for (const [method, path, status] of cases) {
      const response = await c.fetch(path, { method, body: "x=1" });
      assert.equal(response.status, status, `${method} ${path}`);
      await response.body?.cancel();
    }
  });
});
