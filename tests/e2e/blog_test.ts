// The blog in a real browser (Chromium through puppeteer-core): every flow
// of issue 16, against a fresh database on a free port. One browser for the
// whole file; each step screenshots the open pages when it fails.
import assert from "node:assert/strict";
import { E2EBrowser, step, type TrackedPage } from "./_browser.ts";
import {
  chat,
  type Dom,
  EXPECTED_STATUS_ERROR,
  signUp,
  submit,
  text,
  visit,
  waitForText,
} from "./_pages.ts";
import { type RunningBlog, startBlog } from "../../examples/blog/app.ts";

// Browser globals for the code inside page.evaluate() (see _pages.ts).
declare const document: Dom;
declare const DOMParser: Dom;
declare const window: Dom;

/** What the steps share: the blog, the browser, two users' pages. */
interface Scene {
  base: string;
  browser: E2EBrowser;
  alice: TrackedPage;
  bob: TrackedPage;
  /** The path and id of Alice's first post, once written. */
  postPath: string;
  postId: string;
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
      const scene: Scene = {
        base: blog.baseUrl,
        browser,
        alice: await browser.newPage(),
        bob: await browser.newPage({ isolated: true }),
        postPath: "",
        postId: "",
      };
      for (const [name, fn] of STEPS) {
        await step(t, browser, name, () => fn(scene));
      }
    } finally {
      await browser.close(); // first: the server waits for its open streams
      await blog?.stop();
      await Deno.remove(data, { recursive: true });
    }
  },
});

const STEPS: [string, (s: Scene) => Promise<void>][] = [
  ["sign up, sign out and sign in with a session cookie", accounts],
  ["a post in Markdown with <script> is rendered safely", safeMarkdown],
  ["the author edits the post", authorEdits],
  [
    "another user gets 403 editing it, and a forged form without _xsrf gets 403",
    forbiddenEdits,
  ],
  [
    "languages: Accept-Language es, es-MX, es-419, fr, fr-CA, and a link that sticks",
    languages,
  ],
  [
    "two pages see each other's comments and new posts live (SSE)",
    liveUpdates,
  ],
  [
    "chat over the websocket, and over long polling when forced",
    chatTransports,
  ],
  [
    "empty and oversized chat messages get a clear refusal",
    chatRefusals,
  ],
  ["the Atom feed parses as XML", atomFeed],
  [
    "every page fits a phone screen (no sideways scrolling)",
    phoneLayout,
  ],
  ["no console errors on any page", noConsoleErrors],
];

/** Step: sign up, sign out and sign in with a session cookie. */
async function accounts(s: Scene): Promise<void> {
  await signUp(s.alice, s.base, "Alice");
  await Promise.all([
    s.alice.page.waitForNavigation(),
    s.alice.page.click("form.signout button"),
  ]);
  assert.equal(await s.alice.page.$(".who"), null);
  await visit(s.alice.page, s.base, "/auth/signin");
  const wrong = await submit(s.alice.page, "form[action='/auth/signin']", {
    email: "alice@example.com",
    password: "not-her-password",
  });
  assert.equal(wrong, 403);
  assert.match(await text(s.alice.page, ".error"), /Wrong email or password/);
  s.alice.errors.length = 0; // the 403 above is expected
  const right = await submit(s.alice.page, "form[action='/auth/signin']", {
    email: "alice@example.com",
    password: "Alice-password",
  });
  assert.equal(right, 200);
  assert.equal(await text(s.alice.page, ".who"), "Alice");
  const session = (await s.alice.page.cookies()).find((c) =>
    c.name === "blog_user"
  );
  assert.ok(session, "the session cookie is set");
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, "Lax");
}

/** Step: a post in Markdown with <script> is rendered safely. */
async function safeMarkdown(s: Scene): Promise<void> {
  await visit(s.alice.page, s.base, "/compose");
  const status = await submit(s.alice.page, "form.compose", {
    title: "Hello, Tornado!",
    markdown: "Some **bold** text.\n\n<script>window.pwned = 1</script>\n\n" +
      '[click](javascript:window.pwned=2) <img src=x onerror="window.pwned=3">',
  });
  assert.equal(status, 200);
  s.postPath = new URL(s.alice.page.url()).pathname;
  assert.equal(s.postPath, "/entry/hello-tornado");
  const body = ".entry .body";
  assert.equal(await text(s.alice.page, `${body} strong`), "bold");
  assert.match(
    await text(s.alice.page, body),
    /<script>window.pwned = 1<\/script>/,
  );
  assert.equal(await s.alice.page.$(`${body} script, ${body} img`), null);
  const hrefs = await s.alice.page.$$eval(
    `${body} a`,
    (as) => as.map((a) => a.getAttribute("href")),
  );
  assert.ok(
    hrefs.every((h) => !h?.startsWith("javascript:")),
    String(hrefs),
  );
  assert.equal(await s.alice.page.evaluate(() => "pwned" in window), false);
  s.postId = await s.alice.page.$eval(".entry", (el) => el.id.slice(5));
}

/** Step: the author edits the post. */
async function authorEdits(s: Scene): Promise<void> {
  await Promise.all([
    s.alice.page.waitForNavigation(),
    s.alice.page.click(".entry a.edit"),
  ]);
  const status = await submit(s.alice.page, "form.compose", {
    title: "Hello again, Tornado",
  });
  assert.equal(status, 200);
  assert.equal(new URL(s.alice.page.url()).pathname, s.postPath);
  assert.equal(await text(s.alice.page, ".entry h2"), "Hello again, Tornado");
}

/** Step: another user gets 403 editing it, and a forged form without _xsrf gets 403. */
async function forbiddenEdits(s: Scene): Promise<void> {
  await signUp(s.bob, s.base, "Bob");
  assert.equal(await visit(s.bob.page, s.base, `/compose?id=${s.postId}`), 403);
  assert.ok(await s.bob.page.$("header.site .brand"), "403 in the layout");
  const viaFetch = await s.bob.page.evaluate(async (id: string) => {
    const xsrf = document.querySelector('meta[name="xsrf"]').content;
    const response = await fetch(`/compose?id=${id}`, {
      method: "POST",
      headers: { "X-XSRFToken": xsrf },
      body: new URLSearchParams({ title: "Mine now", markdown: "x" }),
    });
    return response.status;
  }, s.postId);
  assert.equal(viaFetch, 403);
  await visit(s.bob.page, s.base, "/compose");
  const forged = await Promise.all([
    s.bob.page.waitForNavigation(),
    s.bob.page.evaluate(() => {
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
    await s.bob.page.evaluate(() => document.title),
    "403 · Tornado Blog",
  );
  s.bob.errors.length = 0; // the 403s above are expected
  assert.equal(await visit(s.bob.page, s.base, "/no/such/page"), 404);
  assert.ok(await s.bob.page.$("header.site .brand"), "404 in the layout");
  s.bob.errors.length = 0;
}

/** Step: languages: Accept-Language es, es-MX, es-419, fr, fr-CA, and a link that sticks. */
async function languages(s: Scene): Promise<void> {
  const visitor = await s.browser.newPage({ isolated: true });
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
    await visit(visitor.page, s.base, "/");
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
}

/** Step: two pages see each other's comments and new posts live (SSE). */
async function liveUpdates(s: Scene): Promise<void> {
  await visit(s.alice.page, s.base, s.postPath);
  await visit(s.bob.page, s.base, s.postPath);
  await s.bob.page.type("#comment-body", "Nice post, <b>Alice</b>!");
  await s.bob.page.click("#comment-form button");
  await waitForText(
    s.alice.page,
    "#comments .comment",
    "Nice post, <b>Alice</b>!",
  );
  assert.equal(await s.alice.page.$("#comments .comment b"), null);
  await waitForText(s.bob.page, "#comments .comment", "Nice post");
  await visit(s.bob.page, s.base, "/");
  await visit(s.alice.page, s.base, "/compose");
  await submit(s.alice.page, "form.compose", {
    title: "Live from the press",
    markdown: "Fresh *news*.",
  });
  await waitForText(s.bob.page, "#entries .entry h2", "Live from the press");
}

/** Step: chat over the websocket, and over long polling when forced. */
async function chatTransports(s: Scene): Promise<void> {
  await visit(s.alice.page, s.base, "/chat");
  await visit(s.bob.page, s.base, "/chat");
  await waitForText(s.alice.page, "#transport", "websocket");
  await waitForText(s.bob.page, "#transport", "websocket");
  await chat(s.alice.page, "Hi Bob, over the websocket");
  await waitForText(
    s.bob.page,
    "#inbox .message",
    "Hi Bob, over the websocket",
  );
  await visit(s.bob.page, s.base, "/chat?transport=poll");
  await waitForText(s.bob.page, "#transport", "long polling");
  await chat(s.alice.page, "Still there, Bob?");
  await waitForText(s.bob.page, "#inbox .message", "Still there, Bob?");
  await chat(s.bob.page, "Yes, by long polling");
  await waitForText(s.alice.page, "#inbox .message", "Yes, by long polling");
}

/**
 * Runs in the page: sends an empty and an oversized message over a new
 * websocket and an empty one by POST; returns the refusals.
 */
async function refusalsInBrowser(): Promise<
  { replies: string[]; open: boolean; status: number; error?: string }
> {
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
}

/** Step: empty and oversized chat messages get a clear refusal. */
async function chatRefusals(s: Scene): Promise<void> {
  await chat(s.alice.page, "   ");
  await waitForText(s.alice.page, "#chat-status", "Type a message first");
  const english = await s.alice.page.evaluate(refusalsInBrowser);
  assert.deepEqual(english, {
    replies: [
      "Type a message first",
      "Messages are limited to 500 characters",
    ],
    open: true,
    status: 400,
    error: "Type a message first",
  });
  await visit(s.alice.page, s.base, "/chat?lang=fr");
  const french = await s.alice.page.evaluate(refusalsInBrowser);
  assert.deepEqual(french.replies, [
    "Écrivez d'abord un message",
    "Les messages sont limités à 500 caractères",
  ]);
  assert.equal(french.error, "Écrivez d'abord un message");
  await visit(s.alice.page, s.base, "/chat?lang=en_US");
  s.alice.errors.length = 0; // the 400 above is expected
}

/** Step: the Atom feed parses as XML. */
async function atomFeed(s: Scene): Promise<void> {
  const feed = await s.alice.page.evaluate(async () => {
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
}

/** Step: every page fits a phone screen (no sideways scrolling). */
async function phoneLayout(s: Scene): Promise<void> {
  await s.alice.page.setViewport({ width: 360, height: 740, isMobile: true });
  try {
    for (const path of ["/", "/archive", s.postPath, "/chat", "/compose"]) {
      await visit(s.alice.page, s.base, path);
      const width = await s.alice.page.evaluate(() =>
        document.documentElement.scrollWidth
      );
      assert.ok(width <= 360, `${path} is ${width}px wide`);
    }
  } finally {
    await s.alice.page.setViewport({ width: 1100, height: 800 });
  }
}

/** Step: no console errors on any page. */
async function noConsoleErrors(s: Scene): Promise<void> {
  for (
    const path of [
      "/",
      "/archive",
      s.postPath,
      "/chat",
      "/compose",
      "/auth/github",
    ]
  ) {
    assert.equal(await visit(s.alice.page, s.base, path), 200, path);
  }
  const icon = await s.alice.page.evaluate(async () =>
    (await fetch("/favicon.ico")).status
  );
  assert.equal(icon, 200);
  const unexpected = [...s.alice.errors, ...s.bob.errors].filter((e) =>
    !EXPECTED_STATUS_ERROR.test(e)
  );
  assert.deepEqual(unexpected, []);
  assert.deepEqual(s.alice.errors, []);
}
