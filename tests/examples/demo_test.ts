import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadTranslations } from "../../locale/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";
import { app } from "../../examples/demo/main.ts";

const TRANSLATIONS = fileURLToPath(
  new URL("../../examples/demo/translations", import.meta.url),
);

/** The translation registry is module state: load the demo's, then reset. */
async function withDemoTranslations(fn: () => Promise<void>): Promise<void> {
  await loadTranslations(TRANSLATIONS);
  const empty = await Deno.makeTempDir();
  try {
    await fn();
  } finally {
    await loadTranslations(empty);
    await Deno.remove(empty);
  }
}

function formToken(html: string): string {
  const match = /name="_xsrf" value="([^"]+)"/.exec(html);
  assert.ok(match, "the form has an XSRF field");
  return match[1]!.replaceAll("&#39;", "'").replaceAll("&quot;", '"');
}

Deno.test("demo: the home page follows Accept-Language and ?lang=", async () => {
  await withDemoTranslations(async () => {
    const c = new AppTestClient(app);
    const page = async (path: string, language?: string) =>
      await (await c.fetch(path, {
        headers: language ? { "accept-language": language } : {},
      })).text();
    const spanish = await page("/", "es-ES,es;q=0.9");
    assert.match(spanish, /<html lang="es">/);
    assert.match(spanish, /<h1>Hola, mundo<\/h1>/);
    assert.match(spanish, /visitantes? hoy/);
    assert.match(spanish, /Servido en Español/);
    const french = await page("/", "fr-FR");
    assert.match(french, /<h1>Bonjour, le monde<\/h1>/);
    const english = await page("/");
    assert.match(english, /<h1>Hello, world<\/h1>/);
    const chosen = await page("/?lang=fr_FR", "es-ES");
    assert.match(chosen, /Bonjour/);
    assert.match(english, /href="\/static\/site\.css\?v=[0-9a-f]{128}"/);
  });
});

Deno.test("demo: the guestbook needs the XSRF token and escapes entries", async () => {
  await withDemoTranslations(async () => {
    const c = new AppTestClient(app);
    const form = await (await c.fetch("/guestbook")).text();
    const token = formToken(form);
    const refused = await c.fetch("/guestbook", {
      method: "POST",
      body: new URLSearchParams({ name: "x", message: "no token" }),
    });
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
    const signed = await c.fetch("/guestbook", {
      method: "POST",
      body: new URLSearchParams({
        _xsrf: token,
        name: "<script>alert(1)</script>",
        message: "see https://deno.com",
      }),
    });
    assert.equal(signed.status, 303);
    await signed.body?.cancel();
    const html = await (await c.fetch("/guestbook")).text();
    assert.match(html, /<b>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/b>/);
    assert.match(
      html,
      /<a href="https:\/\/deno\.com">https:\/\/deno\.com<\/a>/,
    );
    assert.ok(!html.includes("<script>alert"));
    assert.match(html, /<style type="text\/css">\n\.entry \{/);
  });
});

Deno.test("demo: sign in with a signed cookie, @authenticated account page", async () => {
  await withDemoTranslations(async () => {
    const c = new AppTestClient(app);
    const anonymous = await c.fetch("/account");
    assert.equal(anonymous.status, 302);
    assert.equal(
      anonymous.headers.get("location"),
      "/login?next=%2Faccount",
    );
    const form = await (await c.fetch("/login?next=%2Faccount")).text();
    const login = await c.fetch("/login", {
      method: "POST",
      body: new URLSearchParams({
        _xsrf: formToken(form),
        name: "Ann",
        next: "/account",
      }),
    });
    assert.equal(login.status, 302);
    assert.equal(login.headers.get("location"), "/account");
    await login.body?.cancel();
    const account = await (await c.fetch("/account")).text();
    assert.match(account, /Welcome back, Ann/);
    const out = await c.fetch("/logout");
    await out.body?.cancel();
    assert.equal((await c.fetch("/account")).status, 302);
  });
});
