// The blog example without a browser: data layer, passwords, session
// cookie, pagination, OAuth pages, and a restart of the real entry file
// that keeps everything. The browser flows are in tests/e2e/blog_test.ts.
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadTranslations, MemoryMessageBus } from "../../mod.ts";
import { AppTestClient } from "../../testing/mod.ts";
import { makeBlogApp } from "../../examples/blog/app.ts";
import { checkPassword, hashPassword } from "../../examples/blog/base.ts";
import { BlogDb, slugify } from "../../examples/blog/db.ts";

/** A blog on a temporary database; translations reset afterwards. */
async function withBlog(
  fn: (client: AppTestClient, db: BlogDb) => Promise<void>,
  settings: Record<string, unknown> = {},
  baseUrl = "http://blog.test",
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const db = new BlogDb(join(dir, "blog.sqlite3"));
  const bus = new MemoryMessageBus();
  try {
    const app = await makeBlogApp({
      db,
      bus,
      cookieSecret: "test secret",
      settings: { logFunction: () => {}, ...settings },
    });
    await fn(new AppTestClient(app, { baseUrl }), db);
  } finally {
    db.close();
    await bus.close();
    await loadTranslations(dir); // no CSV there: resets the registry
    await Deno.remove(dir, { recursive: true });
  }
}

function formToken(html: string): string {
  const match = /name="_xsrf" value="([^"]+)"/.exec(html);
  assert.ok(match, "the page has an XSRF field");
  return match[1]!;
}

async function signUp(client: AppTestClient, name: string): Promise<Response> {
  const form = await (await client.fetch("/auth/signup")).text();
  return await client.fetch("/auth/signup", {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({
      _xsrf: formToken(form),
      name,
      email: `${name}@example.com`,
      password: "correct horse",
    }),
  });
}

Deno.test("blog BlogDb: migrations, parameterized queries, unique slugs", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "blog.sqlite3");
  try {
    const db = new BlogDb(path);
    assert.equal(db.version, 2);
    const user = db.createUser("a@example.com", "A", null)!;
    assert.equal(db.createUser("a@example.com", "Again", null), null);
    const title = "Robert'); DROP TABLE posts; --";
    const first = db.createPost(user.id, title, "x", "<p>x</p>");
    const second = db.createPost(user.id, title, "y", "<p>y</p>");
    assert.equal(first.title, title);
    assert.equal(first.slug, "robert-drop-table-posts");
    assert.equal(second.slug, "robert-drop-table-posts-2");
    db.addComment(first.id, user.id, "first!");
    db.close();
    const reopened = new BlogDb(path);
    assert.equal(reopened.version, 2);
    assert.equal(reopened.countPosts(), 2);
    assert.deepEqual(reopened.comments(first.id).map((c) => c.body), [
      "first!",
    ]);
    reopened.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("blog slugify() keeps ASCII words and drops accents", () => {
  assert.equal(slugify("Héllo, Wörld!"), "hello-world");
  assert.equal(slugify("¿¡!?"), "post");
  assert.equal(slugify("a".repeat(100)).length, 60);
});

Deno.test("blog passwords are scrypt hashes checked in constant time", async () => {
  const stored = await hashPassword("correct horse");
  assert.match(stored, /^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(stored, await hashPassword("correct horse")); // salted
  assert.equal(await checkPassword("correct horse", stored), true);
  assert.equal(await checkPassword("wrong horse", stored), false);
  assert.equal(await checkPassword("x", null), false);
  assert.equal(await checkPassword("x", "plain$text"), false);
});

Deno.test("blog session cookie is HttpOnly and SameSite=Lax, and Secure over HTTPS", async () => {
  await withBlog(async (client) => {
    const response = await signUp(client, "ann");
    assert.equal(response.status, 302);
    const cookie = response.headers.getSetCookie().find((c) =>
      c.startsWith("blog_user=")
    );
    assert.match(cookie!, /HttpOnly/);
    assert.match(cookie!, /SameSite=Lax/);
    assert.doesNotMatch(cookie!, /Secure/);
  });
  await withBlog(
    async (client) => {
      const response = await signUp(client, "ann");
      const cookie = response.headers.getSetCookie().find((c) =>
        c.startsWith("blog_user=")
      );
      assert.match(cookie!, /Secure/);
    },
    {},
    "https://blog.test",
  );
});

Deno.test("blog home page is paginated; bad page numbers get 400 and 404", async () => {
  await withBlog(async (client, db) => {
    const user = db.createUser("a@example.com", "A", null)!;
    for (let i = 1; i <= 7; i++) {
      db.createPost(user.id, `Post ${i}`, "x", "<p>x</p>");
    }
    const first = await (await client.fetch("/")).text();
    assert.equal(first.match(/class="entry"/g)?.length, 5);
    assert.match(first, /href="\/\?page=2"/);
    const second = await (await client.fetch("/?page=2")).text();
    assert.equal(second.match(/class="entry"/g)?.length, 2);
    assert.match(second, /Post 1</);
    assert.equal((await client.fetch("/?page=3")).status, 404);
    assert.equal((await client.fetch("/?page=abc")).status, 400);
    const archive = await (await client.fetch("/archive")).text();
    assert.equal(archive.match(/<li>/g)?.length, 7);
  });
});

Deno.test("blog writes need a signed-in user and an XSRF token", async () => {
  await withBlog(async (client) => {
    const compose = await client.fetch("/compose", { redirect: "manual" });
    assert.equal(compose.status, 302);
    assert.equal(
      compose.headers.get("location"),
      "/auth/signin?next=%2Fcompose",
    );
    const page = await (await client.fetch("/auth/signin")).text();
    const anonymous = await client.fetch("/compose", {
      method: "POST",
      body: new URLSearchParams({
        _xsrf: formToken(page),
        title: "t",
        markdown: "m",
      }),
    });
    assert.equal(anonymous.status, 403);
    await signUp(client, "ann");
    const noToken = await client.fetch("/compose", {
      method: "POST",
      body: new URLSearchParams({ title: "t", markdown: "m" }),
    });
    assert.equal(noToken.status, 403);
    assert.match(await noToken.text(), /<header class="site">/);
  });
});

Deno.test("blog OAuth sign-in: a clear page without keys, the provider with them", async () => {
  await withBlog(async (client) => {
    const page = await client.fetch("/auth/github", { redirect: "manual" });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /GITHUB_CLIENT_ID/);
  });
  await withBlog(async (client) => {
    const start = await client.fetch("/auth/github", { redirect: "manual" });
    assert.equal(start.status, 302);
    const target = new URL(start.headers.get("location")!);
    assert.equal(target.origin, "https://github.com");
    assert.equal(target.searchParams.get("client_id"), "id-123");
  }, { githubOauth: { key: "id-123", secret: "s" } });
});

/** Runs examples/blog/main.ts on a free port; resolves to its URL. */
async function startMain(data: string): Promise<[Deno.ChildProcess, string]> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", "examples/blog/main.ts"],
    env: { BLOG_DATA: data, PORT: "0" },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/Listening on (\S+)\//.test(out)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`main.ts exited: ${out}`);
    out += value;
  }
  reader.cancel().catch(() => {});
  const port = new URL(/Listening on (\S+)\//.exec(out)![1]!).port;
  return [child, `http://127.0.0.1:${port}`];
}

/** fetch() with a cookie jar, over a real socket. */
function cookieFetch(jar: Map<string, string>) {
  return async (url: string, init: RequestInit = {}): Promise<Response> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { cookie },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  };
}

async function post(
  go: ReturnType<typeof cookieFetch>,
  url: string,
  fields: Record<string, string>,
): Promise<Response> {
  const token = formToken(await (await go(url)).text());
  const response = await go(url, {
    method: "POST",
    body: new URLSearchParams({ _xsrf: token, ...fields }),
  });
  await response.body?.cancel();
  return response;
}

Deno.test("blog main.ts creates its data folder and loses nothing on restart", async () => {
  const root = await Deno.makeTempDir();
  const data = join(root, "nested", "data");
  const jar = new Map<string, string>();
  const go = cookieFetch(jar);
  let [child, base] = await startMain(data);
  try {
    const signedUp = await post(go, `${base}/auth/signup`, {
      name: "Persistent Pat",
      email: "pat@example.com",
      password: "correct horse",
    });
    assert.equal(signedUp.status, 302);
    const made = await post(go, `${base}/compose`, {
      title: "Survives restarts",
      markdown: "Kept on *disk*.",
    });
    assert.equal(made.headers.get("location"), "/entry/survives-restarts");
    child.kill();
    await child.status;
    assert.ok((await Deno.stat(join(data, "blog.sqlite3"))).isFile);
    assert.ok((await Deno.stat(join(data, "cookie_secret"))).isFile);
    [child, base] = await startMain(data);
    const page = await (await go(`${base}/entry/survives-restarts`)).text();
    assert.match(page, /<em>disk<\/em>/);
    assert.match(page, /<span class="who">Persistent Pat<\/span>/);
  } finally {
    child.kill();
    await child.status;
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("blog error pages use the site layout and never show a stack trace", async () => {
  const { BaseHandler } = await import("../../examples/blog/base.ts");
  const { Application } = await import("../../mod.ts");
  class Boom extends BaseHandler {
    override get(): void {
      throw new Error("secret internals");
    }
  }
  const dir = await Deno.makeTempDir();
  const db = new BlogDb(join(dir, "blog.sqlite3"));
  const bus = new MemoryMessageBus();
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    const app = new Application([["/boom", Boom, { db, bus }]], {
      templatePath: new URL("../../examples/blog/templates", import.meta.url)
        .pathname,
      staticPath: new URL("../../examples/blog/static", import.meta.url)
        .pathname,
      cookieSecret: "test secret",
      logFunction: () => {},
    });
    const response = await new AppTestClient(app).fetch("/boom");
    assert.equal(response.status, 500);
    const page = await response.text();
    assert.match(page, /<header class="site">/);
    assert.match(page, /Something went wrong on our side/);
    assert.doesNotMatch(page, /secret internals|at .*\.ts:\d+/);
  } finally {
    console.error = original;
    db.close();
    await bus.close();
    await Deno.remove(dir, { recursive: true });
  }
  assert.equal(errors.length, 1, Deno.inspect(errors));
});

Deno.test("blog sign-in redirects only to a path on the site", async () => {
  await withBlog(async (client) => {
    await signUp(client, "ann");
    await client.fetch("/auth/signout", {
      method: "POST",
      body: new URLSearchParams({
        _xsrf: formToken(await (await client.fetch("/")).text()),
      }),
      redirect: "manual",
    });
    const targets: [string, string][] = [
      ["/archive?x=1", "/archive?x=1"],
      ["//evil.example/", "/"],
      ["/\\evil.example/", "/"],
      ["https://evil.example/", "/"],
      ["/ok\nLocation: x", "/"],
    ];
    for (const [next, expected] of targets) {
      const form = await (await client.fetch("/auth/signin")).text();
      const response = await client.fetch("/auth/signin", {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({
          _xsrf: formToken(form),
          email: "ann@example.com",
          password: "correct horse",
          next,
        }),
      });
      assert.equal(response.headers.get("location"), expected, next);
    }
  });
});

Deno.test("blog chat websocket refuses a visitor without a session (403 before the upgrade)", async () => {
  const { startBlog } = await import("../../examples/blog/app.ts");
  const dir = await Deno.makeTempDir();
  const blog = await startBlog(dir);
  try {
    const url = blog.baseUrl.replace("http:", "ws:") + "/chat/socket";
    const socket = new WebSocket(url);
    const closed = await new Promise<CloseEvent>((resolve) => {
      socket.onclose = resolve;
      socket.onerror = () => {};
    });
    assert.equal(closed.wasClean, false);
    const response = await fetch(blog.baseUrl + "/chat/socket", {
      headers: {
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      },
    });
    await response.body?.cancel();
    assert.equal(response.status, 403);
  } finally {
    await blog.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
