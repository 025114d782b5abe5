// The blog in a real browser (Chromium through puppeteer-core): every flow
// of issue 16, against a fresh database on a free port. One browser for the
// whole file; each step screenshots the open pages when it fails.
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { E2EBrowser, step, type TrackedPage } from "./_browser.ts";
import { type RunningBlog, startBlog } from "../../examples/blog/app.ts";

// Browser globals for the code inside page.evaluate(): the tests are
// type-checked without the DOM library, which clashes with Deno's types.
// deno-lint-ignore no-explicit-any
type Dom = any;
declare const document: Dom;
declare const DOMParser: Dom;
declare const window: Dom;

const EXPECTED_STATUS_ERROR =
  /^Failed to load resource: the server responded with a status of 40[034]/;

/** Goes to `path` and returns the response status. */
async function visit(page: Page, base: string, path: string): Promise<number> {
  const response = await page.goto(base + path, { waitUntil: "load" });
  return response?.status() ?? 0;
}

/** Fills a form's fields by name, submits it and waits for the next page. */
async function submit(
  page: Page,
  selector: string,
  fields: Record<string, string>,
): Promise<number> {
  for (const [name, value] of Object.entries(fields)) {
    const input = `${selector} [name="${name}"]`;
    await page.$eval(input, (el) => ((el as Dom).value = ""));
    await page.type(input, value);
  }
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.$eval(selector, (form) => (form as Dom).requestSubmit()),
  ]);
  return response?.status() ?? 0;
}

async function text(page: Page, selector: string): Promise<string> {
  return await page.$eval(selector, (el) => el.textContent ?? "");
}

/** Signs up a new author from the sign-up page. */
async function signUp(tp: TrackedPage, base: string, name: string) {
  await visit(tp.page, base, "/auth/signup");
  const status = await submit(tp.page, "form[action='/auth/signup']", {
    name,
    email: `${name.toLowerCase()}@example.com`,
    password: `${name}-password`,
  });
  assert.equal(status, 200);
  assert.equal(await text(tp.page, ".who"), name);
}

/** Types a chat message and sends it. */
async function chat(page: Page, message: string): Promise<void> {
  await page.type("#chat-body", message);
  await page.click("#chat-form button");
}

/** Waits until `selector`'s text includes `expected`. */
async function waitForText(page: Page, selector: string, expected: string) {
  await page.waitForFunction(
    (s: string, e: string) =>
      [...document.querySelectorAll(s)].some((el: Dom) =>
        el.textContent?.includes(e)
      ),
    {},
    selector,
    expected,
  );
}

Deno.test({
  name:
    "the blog in Chromium: accounts, posts, XSRF, languages, live comments, chat, feed",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const browser = await E2EBrowser.launch();
    const data = await Deno.makeTempDir({ prefix: "blog-e2e-data-" });
    let blog: RunningBlog | undefined;
    try {
      blog = await startBlog(data);
      await flows(t, browser, blog.baseUrl);
    } finally {
      await browser.close(); // first: the server waits for its open streams
      await blog?.stop();
      await Deno.remove(data, { recursive: true });
    }
  },
});

async function flows(t: Deno.TestContext, browser: E2EBrowser, base: string) {
  const alice = await browser.newPage();
  const bob = await browser.newPage({ isolated: true });
  let postPath = "";
  let postId = "";

  await step(
    t,
    browser,
    "sign up, sign out and sign in with a session cookie",
    async () => {
      await signUp(alice, base, "Alice");
      await Promise.all([
        alice.page.waitForNavigation(),
        alice.page.click("form.signout button"),
      ]);
      assert.equal(await alice.page.$(".who"), null);
      await visit(alice.page, base, "/auth/signin");
      const wrong = await submit(alice.page, "form[action='/auth/signin']", {
        email: "alice@example.com",
        password: "not-her-password",
      });
      assert.equal(wrong, 403);
      assert.match(await text(alice.page, ".error"), /Wrong email or password/);
      alice.errors.length = 0; // the 403 above is expected
      const right = await submit(alice.page, "form[action='/auth/signin']", {
        email: "alice@example.com",
        password: "Alice-password",
      });
      assert.equal(right, 200);
      assert.equal(await text(alice.page, ".who"), "Alice");
      const session = (await alice.page.cookies()).find((c) =>
        c.name === "blog_user"
      );
      assert.ok(session, "the session cookie is set");
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, "Lax");
    },
  );

  await step(
    t,
    browser,
    "a post in Markdown with <script> is rendered safely",
    async () => {
      await visit(alice.page, base, "/compose");
      const status = await submit(alice.page, "form.compose", {
        title: "Hello, Tornado!",
        markdown:
          "Some **bold** text.\n\n<script>window.pwned = 1</script>\n\n" +
          '[click](javascript:window.pwned=2) <img src=x onerror="window.pwned=3">',
      });
      assert.equal(status, 200);
      postPath = new URL(alice.page.url()).pathname;
      assert.equal(postPath, "/entry/hello-tornado");
      const body = ".entry .body";
      assert.equal(await text(alice.page, `${body} strong`), "bold");
      assert.match(
        await text(alice.page, body),
        /<script>window.pwned = 1<\/script>/,
      );
      assert.equal(await alice.page.$(`${body} script, ${body} img`), null);
      const hrefs = await alice.page.$$eval(
        `${body} a`,
        (as) => as.map((a) => a.getAttribute("href")),
      );
      assert.ok(
        hrefs.every((h) => !h?.startsWith("javascript:")),
        String(hrefs),
      );
      assert.equal(await alice.page.evaluate(() => "pwned" in window), false);
      postId = await alice.page.$eval(".entry", (el) => el.id.slice(5));
    },
  );

  await step(t, browser, "the author edits the post", async () => {
    await Promise.all([
      alice.page.waitForNavigation(),
      alice.page.click(".entry a.edit"),
    ]);
    const status = await submit(alice.page, "form.compose", {
      title: "Hello again, Tornado",
    });
    assert.equal(status, 200);
    assert.equal(new URL(alice.page.url()).pathname, postPath);
    assert.equal(await text(alice.page, ".entry h2"), "Hello again, Tornado");
  });

  await step(
    t,
    browser,
    "another user gets 403 editing it, and a forged form without _xsrf gets 403",
    async () => {
      await signUp(bob, base, "Bob");
      assert.equal(await visit(bob.page, base, `/compose?id=${postId}`), 403);
      assert.ok(await bob.page.$("header.site .brand"), "403 in the layout");
      const viaFetch = await bob.page.evaluate(async (id: string) => {
        const xsrf = document.querySelector('meta[name="xsrf"]').content;
        const response = await fetch(`/compose?id=${id}`, {
          method: "POST",
          headers: { "X-XSRFToken": xsrf },
          body: new URLSearchParams({ title: "Mine now", markdown: "x" }),
        });
        return response.status;
      }, postId);
      assert.equal(viaFetch, 403);
      await visit(bob.page, base, "/compose");
      const forged = await Promise.all([
        bob.page.waitForNavigation(),
        bob.page.evaluate(() => {
          const form = document.createElement("form");
          form.method = "post";
          form.action = "/compose";
          for (
            const [name, value] of [["title", "Forged"], ["markdown", "x"]]
          ) {
            const input = document.createElement("input");
            input.name = name!;
            input.value = value!;
            form.append(input);
          }
          document.body.append(form);
          form.submit();
        }),
      ]);
      assert.equal(forged[0]?.status(), 403);
      assert.equal(
        await bob.page.evaluate(() => document.title),
        "403 · Tornado Blog",
      );
      bob.errors.length = 0; // the 403s above are expected
      assert.equal(await visit(bob.page, base, "/no/such/page"), 404);
      assert.ok(await bob.page.$("header.site .brand"), "404 in the layout");
      bob.errors.length = 0;
    },
  );

  await step(
    t,
    browser,
    "languages: Accept-Language es, es-MX, es-419, fr, fr-CA, and a link that sticks",
    async () => {
      const visitor = await browser.newPage({ isolated: true });
      const expected: [string, string, string][] = [
        ["es", "es", "Inicio"],
        ["es-MX,es;q=0.9", "es", "Inicio"],
        ["es-419", "es", "Inicio"],
        ["fr", "fr", "Accueil"],
        ["fr-CA,en;q=0.5", "fr", "Accueil"],
        ["de-DE", "en", "Home"],
      ];
      for (const [header, lang, home] of expected) {
        await visitor.page.setExtraHTTPHeaders({ "Accept-Language": header });
        await visit(visitor.page, base, "/");
        assert.equal(
          await visitor.page.$eval("html", (h) => h.lang),
          lang,
          header,
        );
        assert.equal(await text(visitor.page, "nav.main a"), home, header);
      }
      await Promise.all([
        visitor.page.waitForNavigation(),
        visitor.page.click('.langs a[lang="fr"]'),
      ]);
      assert.equal(await text(visitor.page, "nav.main a"), "Accueil");
      await Promise.all([
        visitor.page.waitForNavigation(),
        visitor.page.click('nav.main a[href="/archive"]'),
      ]);
      assert.equal(await text(visitor.page, "h1"), "Archives");
      assert.ok(await visitor.page.$('meta[name="viewport"]'));
      await visitor.page.close();
      assert.deepEqual(visitor.errors, []);
    },
  );

  await step(
    t,
    browser,
    "two pages see each other's comments and new posts live (SSE)",
    async () => {
      await visit(alice.page, base, postPath);
      await visit(bob.page, base, postPath);
      await bob.page.type("#comment-body", "Nice post, <b>Alice</b>!");
      await bob.page.click("#comment-form button");
      await waitForText(
        alice.page,
        "#comments .comment",
        "Nice post, <b>Alice</b>!",
      );
      assert.equal(await alice.page.$("#comments .comment b"), null);
      await waitForText(bob.page, "#comments .comment", "Nice post");
      await visit(bob.page, base, "/");
      await visit(alice.page, base, "/compose");
      await submit(alice.page, "form.compose", {
        title: "Live from the press",
        markdown: "Fresh *news*.",
      });
      await waitForText(bob.page, "#entries .entry h2", "Live from the press");
    },
  );

  await step(
    t,
    browser,
    "chat over the websocket, and over long polling when forced",
    async () => {
      await visit(alice.page, base, "/chat");
      await visit(bob.page, base, "/chat");
      await waitForText(alice.page, "#transport", "websocket");
      await waitForText(bob.page, "#transport", "websocket");
      await chat(alice.page, "Hi Bob, over the websocket");
      await waitForText(
        bob.page,
        "#inbox .message",
        "Hi Bob, over the websocket",
      );
      await visit(bob.page, base, "/chat?transport=poll");
      await waitForText(bob.page, "#transport", "long polling");
      await chat(alice.page, "Still there, Bob?");
      await waitForText(bob.page, "#inbox .message", "Still there, Bob?");
      await chat(bob.page, "Yes, by long polling");
      await waitForText(alice.page, "#inbox .message", "Yes, by long polling");
    },
  );

  await step(
    t,
    browser,
    "empty and oversized chat messages get a clear refusal",
    async () => {
      await chat(alice.page, "   ");
      await waitForText(alice.page, "#chat-status", "Type a message first");
      const refusals = await alice.page.evaluate(async () => {
        const ws = new WebSocket(`ws://${location.host}/chat/socket`);
        const replies: string[] = [];
        await new Promise((resolve) => ws.onopen = resolve);
        const got = new Promise<void>((resolve) => {
          ws.onmessage = (event: { data: string }) => {
            const { error } = JSON.parse(event.data);
            if (error !== undefined) replies.push(error);
            if (replies.length === 2) resolve();
          };
        });
        ws.send(JSON.stringify({ body: "  \n " }));
        ws.send(JSON.stringify({ body: "x".repeat(501) }));
        await got;
        const open = ws.readyState === WebSocket.OPEN;
        ws.close();
        const xsrf = document.querySelector('meta[name="xsrf"]').content;
        const response = await fetch("/chat/new", {
          method: "POST",
          headers: { "X-XSRFToken": xsrf },
          body: new URLSearchParams({ body: " " }),
        });
        return {
          replies,
          open,
          status: response.status,
          ...(await response.json()),
        };
      });
      assert.deepEqual(refusals, {
        replies: [
          "Type a message first",
          "Messages are limited to 500 characters",
        ],
        open: true,
        status: 400,
        error: "Type a message first",
      });
      alice.errors.length = 0; // the 400 above is expected
    },
  );

  await step(t, browser, "the Atom feed parses as XML", async () => {
    const feed = await alice.page.evaluate(async () => {
      const response = await fetch("/feed.xml");
      const xml = new DOMParser().parseFromString(
        await response.text(),
        "application/xml",
      );
      return {
        type: response.headers.get("content-type"),
        errors: xml.getElementsByTagName("parsererror").length,
        titles: [...xml.querySelectorAll("entry > title")].map((e: Dom) =>
          e.textContent
        ),
        content: xml.querySelector("entry content")?.textContent ?? "",
      };
    });
    assert.equal(feed.type, "application/atom+xml; charset=UTF-8");
    assert.equal(feed.errors, 0);
    assert.deepEqual(feed.titles, [
      "Live from the press",
      "Hello again, Tornado",
    ]);
    assert.match(feed.content, /<em>news<\/em>/);
  });

  await step(
    t,
    browser,
    "every page fits a phone screen (no sideways scrolling)",
    async () => {
      await alice.page.setViewport({ width: 360, height: 740, isMobile: true });
      try {
        for (const path of ["/", "/archive", postPath, "/chat", "/compose"]) {
          await visit(alice.page, base, path);
          const width = await alice.page.evaluate(() =>
            document.documentElement.scrollWidth
          );
          assert.ok(width <= 360, `${path} is ${width}px wide`);
        }
      } finally {
        await alice.page.setViewport({ width: 1100, height: 800 });
      }
    },
  );

  await step(t, browser, "no console errors on any page", async () => {
    for (
      const path of [
        "/",
        "/archive",
        postPath,
        "/chat",
        "/compose",
        "/auth/github",
      ]
    ) {
      assert.equal(await visit(alice.page, base, path), 200, path);
    }
    const icon = await alice.page.evaluate(async () =>
      (await fetch("/favicon.ico")).status
    );
    assert.equal(icon, 200);
    const unexpected = [...alice.errors, ...bob.errors].filter((e) =>
      !EXPECTED_STATUS_ERROR.test(e)
    );
    assert.deepEqual(unexpected, []);
    assert.deepEqual(alice.errors, []);
  });
}
