import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  authenticated,
  createSignedValue,
  HTTPError,
  RequestHandler,
  type Route,
} from "../../web/mod.ts";
import { loadTranslations, Locale } from "../../locale/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };
const SECRET = "61oETzKXQAGaYdkL5gEmGeJJFuYh7EQnp2XdTP1o/Vo=";

function clientFor(
  routes: Route[],
  settings: ApplicationSettings = {},
): AppTestClient {
  return new AppTestClient(new Application(routes, { ...quiet, ...settings }));
}

Deno.test("RequestHandler.setCookie() sends Set-Cookie; getCookie() reads it back", async () => {
  class Set_ extends RequestHandler {
    override get(): void {
      this.setCookie("a", "1");
      this.setCookie("b", "two", { httpOnly: true, path: "/x", maxAge: 60 });
      this.setCookie("a", "3"); // the last value of a name wins
    }
  }
  class Get extends RequestHandler {
    override get(): void {
      this.write({
        a: this.getCookie("a"),
        missing: this.getCookie("missing"),
        fallback: this.getCookie("missing", "dflt"),
      });
    }
  }
  const c = clientFor([["/set", Set_], ["/get", Get]]);
  const set = await c.fetch("/set");
  assert.deepEqual(set.headers.getSetCookie(), [
    "b=two; HttpOnly; Max-Age=60; Path=/x",
    "a=3; Path=/",
  ]);
  await set.body?.cancel();
  assert.deepEqual(await (await c.fetch("/get")).json(), {
    a: "3",
    missing: null,
    fallback: "dflt",
  });
});

Deno.test("RequestHandler.setCookie() refuses values that would break the header", async () => {
  class Bad extends RequestHandler {
    override get(): void {
      for (const value of ["a\r\nb", "a\nSet-Cookie: x=1", "a\x00b"]) {
        assert.throws(() => this.setCookie("n", value), TypeError);
      }
      assert.throws(() => this.setCookie("a;b", "v"), TypeError);
      this.write("checked");
    }
  }
  assert.equal(
    await (await clientFor([["/", Bad]]).fetch("/")).text(),
    "checked",
  );
});

Deno.test("A malformed Cookie header never gives a 500", async () => {
  class Read extends RequestHandler {
    override get(): void {
      this.write({ ok: this.getCookie("ok"), n: this.request.cookies.size });
    }
  }
  const c = clientFor([["/", Read]]);
  for (
    const header of [
      "=;;;=== ; ok=1",
      '"unterminated; ok=1',
      "ok=1; " + "x".repeat(100_000),
      "\u00ff\u00fe=1; ok=1",
    ]
  ) {
    const response = await c.fetch("/", { headers: { cookie: header } });
    assert.equal(response.status, 200, header.slice(0, 30));
    assert.equal((await response.json()).ok, "1");
  }
});

Deno.test("RequestHandler.clearCookie() and clearAllCookies() expire cookies", async () => {
  class Clear extends RequestHandler {
    override get(which: string): void {
      if (which === "one") this.clearCookie("a", { path: "/p" });
      else this.clearAllCookies();
    }
  }
  const c = clientFor([["/(\\w+)", Clear]]);
  const one = await c.fetch("/one");
  const [line] = one.headers.getSetCookie();
  assert.match(line!, /^a=""; expires=[^;]+ GMT; Path=\/p$/);
  const expires = Date.parse(line!.split("expires=")[1]!.split(";")[0]!);
  assert.ok(expires < Date.now() - 364 * 86400_000);
  await one.body?.cancel();
  const all = await c.fetch("/all", { headers: { cookie: "x=1; y=2" } });
  assert.deepEqual(
    all.headers.getSetCookie().map((l) => l.split("=")[0]),
    ["x", "y"],
  );
  await all.body?.cancel();
});

Deno.test("Cookies set before an error survive the error page", async () => {
  class Fails extends RequestHandler {
    override get(): void {
      this.setCookie("seen", "1");
      throw new HTTPError(400);
    }
  }
  const response = await clientFor([["/", Fails]]).fetch("/");
  assert.equal(response.status, 400);
  assert.deepEqual(response.headers.getSetCookie(), ["seen=1; Path=/"]);
  await response.body?.cancel();
});

Deno.test("Signed cookies round-trip and reject tampering; aliases agree", async () => {
  class Sign extends RequestHandler {
    override get(): void {
      this.setSignedCookie("user", "ann|admin");
    }
  }
  class Read extends RequestHandler {
    override get(): void {
      this.write({
        signed: this.getSignedCookie("user"),
        secure: this.getSecureCookie("user"),
        wrongName: this.getSignedCookie("other", {
          value: this.getCookie("user"),
        }),
      });
    }
  }
  const settings = { cookieSecret: SECRET };
  const c = clientFor([["/sign", Sign], ["/read", Read]], settings);
  const signed = await c.fetch("/sign");
  const [line] = signed.headers.getSetCookie();
  assert.match(
    line!,
    /^user=2\|1:0\|10:\d+\|4:user\|12:YW5ufGFkbWlu\|[0-9a-f]{64}; expires=/,
  );
  const expires = Date.parse(line!.split("expires=")[1]!.split(";")[0]!);
  assert.ok(Math.abs(expires - (Date.now() + 30 * 86400_000)) < 5000);
  await signed.body?.cancel();
  assert.deepEqual(await (await c.fetch("/read")).json(), {
    signed: "ann|admin",
    secure: "ann|admin",
    wrongName: null,
  });
  const value = c.getCookie("user")!;
  const tampered = value.replace("YW5ufGFkbWlu", "Ym9ifGFkbWlu");
  const forged = await c.fetch("/read", {
    headers: { cookie: `user="${tampered}"` },
  });
  assert.equal((await forged.json()).signed, null);
});

Deno.test("Signed cookies use keyVersion with a map of secrets", async () => {
  class Sign extends RequestHandler {
    override get(): void {
      this.setSignedCookie("k", "v");
    }
  }
  class Read extends RequestHandler {
    override get(): void {
      this.write({ v: this.getSignedCookie("k") });
    }
  }
  const secrets = { 0: "old secret", 1: "new secret" };
  const c = clientFor([["/sign", Sign], ["/read", Read]], {
    cookieSecret: secrets,
    keyVersion: 1,
  });
  const sign = await c.fetch("/sign");
  assert.match(sign.headers.getSetCookie()[0]!, /^k="2\|1:1\|/);
  await sign.body?.cancel();
  assert.deepEqual(await (await c.fetch("/read")).json(), { v: "v" });
  // A value signed with the older key still decodes.
  const old = createSignedValue(secrets, "k", "old", { keyVersion: 0 });
  const response = await c.fetch("/read", { headers: { cookie: `k=${old}` } });
  assert.deepEqual(await response.json(), { v: "old" });
});

Deno.test("Signed cookies without cookieSecret: an error naming the setting", async () => {
  class Sign extends RequestHandler {
    override get(): void {
      assert.throws(
        () => this.setSignedCookie("a", "b"),
        /the "cookieSecret" setting is missing/,
      );
      assert.throws(() => this.getSignedCookie("a"), /"cookieSecret"/);
      this.write("ok");
    }
  }
  assert.equal(await (await clientFor([["/", Sign]]).fetch("/")).text(), "ok");
});

class User extends RequestHandler<string> {
  calls = 0;
  override getCurrentUser(): string | null {
    this.calls++;
    return this.getSignedCookie("user");
  }
}

Deno.test("RequestHandler.currentUser calls getCurrentUser() once, lazily", async () => {
  class Who extends User {
    override get(): void {
      const first = this.currentUser;
      const second = this.currentUser;
      this.write({ first, second, calls: this.calls });
    }
  }
  class Never extends User {
    override get(): void {
      this.write({ calls: this.calls });
    }
  }
  const cookie = `user=${createSignedValue(SECRET, "user", "ann")}`;
  const c = clientFor([["/who", Who], ["/never", Never]], {
    cookieSecret: SECRET,
  });
  const who = await c.fetch("/who", { headers: { cookie } });
  assert.deepEqual(await who.json(), { first: "ann", second: "ann", calls: 1 });
  assert.deepEqual(await (await c.fetch("/never")).json(), { calls: 0 });
});

Deno.test("RequestHandler.currentUser can be set from an async prepare()", async () => {
  class AsyncUser extends RequestHandler<{ name: string }> {
    override async prepare(): Promise<void> {
      const name = await Promise.resolve(this.getCookie("name"));
      this.currentUser = name === null ? null : { name };
    }
    @authenticated
    override get(): void {
      this.write("hello " + this.currentUser!.name);
    }
  }
  const c = clientFor([["/", AsyncUser]], { loginUrl: "/login" });
  const ok = await c.fetch("/", { headers: { cookie: "name=bo" } });
  assert.equal(await ok.text(), "hello bo");
  const anonymous = await c.fetch("/");
  assert.equal(anonymous.status, 302);
  await anonymous.body?.cancel();
});

Deno.test("@authenticated redirects GET/HEAD to loginUrl with next=, 403 for others", async () => {
  class Page extends User {
    @authenticated
    override get(): void {
      this.write("secret page");
    }
    @authenticated
    override head(): void {}
    @authenticated
    override post(): void {
      this.write("posted");
    }
  }
  const settings = { cookieSecret: SECRET, loginUrl: "/login" };
  const c = clientFor([["/page", Page]], settings);
  const get = await c.fetch("/page?a=1&b=2");
  assert.equal(get.status, 302);
  assert.equal(
    get.headers.get("location"),
    "/login?next=%2Fpage%3Fa%3D1%26b%3D2",
  );
  const head = await c.fetch("/page", { method: "HEAD" });
  assert.equal(head.status, 302);
  const post = await c.fetch("/page", { method: "POST" });
  assert.equal(post.status, 403);
  await post.body?.cancel();
  const cookie = `user=${createSignedValue(SECRET, "user", "ann")}`;
  const signedIn = await c.fetch("/page", { headers: { cookie } });
  assert.equal(await signedIn.text(), "secret page");

  const absolute = clientFor([["/page", Page]], {
    ...settings,
    loginUrl: "https://login.example.com/in",
  });
  const away = await absolute.fetch("http://app.example/page?x=1");
  assert.equal(
    away.headers.get("location"),
    "https://login.example.com/in?next=http%3A%2F%2Fapp.example%2Fpage%3Fx%3D1",
  );
  const withQuery = clientFor([["/page", Page]], {
    ...settings,
    loginUrl: "/login?via=page",
  });
  const kept = await withQuery.fetch("/page");
  assert.equal(kept.headers.get("location"), "/login?via=page");
});

Deno.test("@authenticated builds next= as Tornado's urlencode, before a fragment of loginUrl", async () => {
  class Page extends User {
    @authenticated
    override get(): void {}
  }
  const c = clientFor([["/.*", Page]], {
    cookieSecret: SECRET,
    loginUrl: "/login#top",
  });
  const response = await c.fetch("/acc~ount?x=1%20y&z=*");
  // Python: urlencode(dict(next="/acc~ount?x=1%20y&z=*")), fragment last.
  assert.equal(
    response.headers.get("location"),
    "/login?next=%2Facc~ount%3Fx%3D1%2520y%26z%3D%2A#top",
  );
});

Deno.test("@authenticated without loginUrl fails with a clear error", async () => {
  class Page extends User {
    @authenticated
    override get(): void {}
  }
  const logs: string[] = [];
  const saved = console.error;
  console.error = (...args: unknown[]) => logs.push(args.map(String).join(" "));
  try {
    const response = await clientFor([["/", Page]], { cookieSecret: SECRET })
      .fetch("/");
    assert.equal(response.status, 500);
    await response.body?.cancel();
  } finally {
    console.error = saved;
  }
  assert.ok(logs.some((l) => l.includes('the "loginUrl" setting is missing')));
});

Deno.test("RequestHandler.getLoginUrl() can be overridden", async () => {
  class Page extends User {
    override getLoginUrl(): string {
      return "/signin";
    }
    @authenticated
    override get(): void {}
  }
  const response = await clientFor([["/p", Page]], { cookieSecret: SECRET })
    .fetch("/p");
  assert.equal(response.headers.get("location"), "/signin?next=%2Fp");
});

Deno.test("RequestHandler.locale follows Accept-Language, getUserLocale() wins", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/es_ES.csv`,
      '"Sign out","Cerrar sesión"\n',
    );
    await Deno.writeTextFile(
      `${dir}/fr_FR.csv`,
      '"Sign out","Se déconnecter"\n',
    );
    await loadTranslations(dir);
    class Page extends RequestHandler {
      override getUserLocale(): Locale | null {
        const lang = this.getArgument("lang", null);
        return lang === null ? null : Locale.get(lang);
      }
      override get(): void {
        this.write({
          code: this.locale.code,
          text: this.locale.translate("Sign out"),
        });
      }
    }
    const c = clientFor([["/", Page]]);
    const fetchJson = async (path: string, header?: string) =>
      await (await c.fetch(path, {
        headers: header === undefined ? {} : { "accept-language": header },
      })).json();
    assert.deepEqual(await fetchJson("/", "fr-FR,fr;q=0.9,es;q=0.8"), {
      code: "fr_FR",
      text: "Se déconnecter",
    });
    // Tornado matches "es" only to a locale named "es", so "es-ES" is needed.
    assert.equal((await fetchJson("/", "de;q=1, es;q=0.5")).code, "en_US");
    assert.deepEqual(await fetchJson("/", "de;q=1, es-ES;q=0.5"), {
      code: "es_ES",
      text: "Cerrar sesión",
    });
    assert.equal((await fetchJson("/", ";;;q=x,,")).code, "en_US");
    assert.equal((await fetchJson("/")).code, "en_US");
    assert.equal((await fetchJson("/?lang=es_ES", "fr")).code, "es_ES");
  } finally {
    await loadTranslations(await Deno.makeTempDir());
    await Deno.remove(dir, { recursive: true });
  }
});
