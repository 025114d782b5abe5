import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
  UIModule,
  url,
} from "../../web/mod.ts";
import { DictLoader } from "../../template/mod.ts";
import { CSVLocale } from "../../locale/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";

const TEMPLATES = fileURLToPath(
  new URL("../testdata/templates", import.meta.url),
);
const quiet: ApplicationSettings = { logFunction: () => {} };

class Page extends RequestHandler<string> {
  override getCurrentUser(): string | null {
    return this.getCookie("user");
  }
  override get(): void {
    this.render("page.html", {
      title: "Tom & <Jerry>",
      items: ["<b>", "a&b"],
    });
  }
}

Deno.test("RequestHandler.render() renders files with inheritance, includes and escaping", async () => {
  const c = new AppTestClient(
    new Application([["/page", Page]], { ...quiet, templatePath: TEMPLATES }),
  );
  const response = await c.fetch("/page", { headers: { cookie: "user=ann" } });
  assert.equal(
    response.headers.get("content-type"),
    "text/html; charset=UTF-8",
  );
  const html = await response.text();
  assert.match(html, /<title>Tom &amp; &lt;Jerry&gt; - Site<\/title>/);
  assert.match(html, /<h1>Tom &amp; &lt;Jerry&gt;<\/h1>/);
  assert.match(html, /<li>&lt;b&gt;<\/li><li>a&amp;b<\/li>/);
  assert.match(html, /<footer>Sign out \/page ann<\/footer>/);
});

Deno.test("RequestHandler.renderString() returns text; render() after finish is refused", async () => {
  class Twice extends RequestHandler {
    override get(): void {
      const text = this.renderString("box.html", {
        label: "x",
        setResources: () => "",
      });
      this.finish(text.trim());
      assert.throws(() => this.render("box.html"), /after finish/);
    }
  }
  const c = new AppTestClient(
    new Application([["/", Twice]], { ...quiet, templatePath: TEMPLATES }),
  );
  assert.equal(await (await c.fetch("/")).text(), '<div class="box">x</div>');
});

Deno.test("UI modules add their CSS to <head> and JavaScript before </body>, once per page", async () => {
  class Entry extends UIModule {
    override render(text: string): string {
      return `<p class="entry">${text}</p>`;
    }
    override embeddedCss(): string {
      return ".entry { margin: 0 }";
    }
    override embeddedJavascript(): string {
      return "console.log('entry');";
    }
    override cssFiles(): string[] {
      return ["entry.css", "https://cdn.example/e.css"];
    }
    override htmlBody(): string {
      return "<!-- entry body -->";
    }
  }
  class Modules extends RequestHandler {
    override get(): void {
      this.render("modules.html", { entries: ["one", "two"] });
    }
  }
  const c = new AppTestClient(
    new Application([["/", Modules]], {
      ...quiet,
      templatePath: TEMPLATES,
      uiModules: { Entry },
      xsrfCookies: true,
      staticPath: TEMPLATES,
    }),
  );
  const logs: string[] = [];
  const saved = console.error;
  console.error = (...args: unknown[]) => logs.push(args.map(String).join(" "));
  let html: string;
  try {
    html = await (await c.fetch("/")).text();
  } finally {
    console.error = saved;
  }
  const head = html.slice(0, html.indexOf("</head>"));
  const tail = html.slice(html.lastIndexOf("</body>") - 400);
  assert.equal(html.match(/\.entry \{ margin: 0 \}/g)?.length, 1);
  assert.match(
    head,
    /<style type="text\/css">\n\.entry \{ margin: 0 \}\n\.box \{ color: red \}\n<\/style>/,
  );
  assert.match(
    head,
    /<link href="\/static\/entry\.css" type="text\/css" rel="stylesheet"\/>/,
  );
  assert.match(head, /<link href="https:\/\/cdn\.example\/e\.css"/);
  assert.match(
    tail,
    /<script src="\/static\/box\.js" type="text\/javascript"><\/script>/,
  );
  assert.match(tail, /\/\/<!\[CDATA\[\nconsole\.log\('entry'\);\n\/\/\]\]>/);
  assert.match(tail, /<!-- entry body -->\n<\/body>/);
  assert.match(html, /<p class="entry">one<\/p><p class="entry">two<\/p>/);
  assert.match(html, /<div class="box">boxed<\/div>/);
  assert.match(html, /<div class="box">again<\/div>/);
  assert.match(
    html,
    /see <a href="http:\/\/example\.com">http:\/\/example\.com<\/a>/,
  );
  assert.match(html, /<input type="hidden" name="_xsrf" value="2\|[^"]+"\/>/);
});

Deno.test("uiMethods, escape helpers and getTemplateNamespace() reach templates", async () => {
  class Helpers extends RequestHandler {
    override getTemplateNamespace(): Record<string, unknown> {
      return { ...super.getTemplateNamespace(), site: "Example" };
    }
    override get(): void {
      this.render("helpers.html");
    }
  }
  const c = new AppTestClient(
    new Application([
      ["/", Helpers],
      url("/p/(\\d+)", Page, {}, "page"),
    ], {
      ...quiet,
      templatePath: TEMPLATES,
      uiMethods: {
        shout: (handler: RequestHandler, text: string) =>
          `${text.toUpperCase()}@${handler.request.path}`,
      },
    }),
  );
  const text = (await (await c.fetch("/")).text()).trim();
  assert.equal(
    text,
    "HI@/|a+b|{&quot;a&quot;: &quot;&lt;\\/x&gt;&quot;}|a b|/p/3|Helpers|Example",
  );
});

Deno.test("A template error gives a 500 whose log names the template and line", async () => {
  class Broken extends RequestHandler {
    override get(): void {
      this.render("broken.html");
    }
  }
  const logs: string[] = [];
  const saved = console.error;
  console.error = (...args: unknown[]) =>
    logs.push(
      args.map((a) => a instanceof Error ? a.message : String(a)).join(" "),
    );
  try {
    const c = new AppTestClient(
      new Application([["/", Broken]], { ...quiet, templatePath: TEMPLATES }),
    );
    const response = await c.fetch("/");
    assert.equal(response.status, 500);
    await response.body?.cancel();
  } finally {
    console.error = saved;
  }
  assert.ok(logs.some((l) => /broken\.html:2/.test(l)), logs.join("\n"));
});

Deno.test("render() without templatePath or templateLoader fails clearly", async () => {
  class NoPath extends RequestHandler {
    override get(): void {
      assert.throws(
        () => this.render("x.html"),
        /"templatePath" setting is missing/,
      );
      this.write("ok");
    }
  }
  const c = new AppTestClient(new Application([["/", NoPath]], quiet));
  assert.equal(await (await c.fetch("/")).text(), "ok");
});

Deno.test("templateLoader, autoescape and compiledTemplateCache settings", async () => {
  const sources: Record<string, string> = { "t.html": "{{ v }}" };
  const loader = new DictLoader(sources);
  class T extends RequestHandler {
    override get(): void {
      this.render("t.html", { v: "<i>" });
    }
  }
  const cached = new AppTestClient(
    new Application([["/", T]], { ...quiet, templateLoader: loader }),
  );
  assert.equal(await (await cached.fetch("/")).text(), "&lt;i&gt;");

  const raw = new AppTestClient(
    new Application([["/", T]], {
      ...quiet,
      templateLoader: new DictLoader({ "t.html": "{{ v }}" }, {
        autoescape: null,
      }),
    }),
  );
  assert.equal(await (await raw.fetch("/")).text(), "<i>");

  // With compiledTemplateCache off (debug), edits show on the next request.
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/t.html`, "one {{ v }}");
    const debug = new AppTestClient(
      new Application([["/", T]], {
        ...quiet,
        templatePath: dir,
        debug: true,
        autoescape: null,
      }),
    );
    assert.equal(await (await debug.fetch("/")).text(), "one <i>");
    await Deno.writeTextFile(`${dir}/t.html`, "two {{ v }}");
    assert.equal(await (await debug.fetch("/")).text(), "two <i>");
    const production = new AppTestClient(
      new Application([["/", T]], { ...quiet, templatePath: dir }),
    );
    assert.equal(await (await production.fetch("/")).text(), "two &lt;i&gt;");
    await Deno.writeTextFile(`${dir}/t.html`, "three {{ v }}");
    assert.equal(
      await (await production.fetch("/")).text(),
      "two &lt;i&gt;",
      "compiled once and cached",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RequestHandler.getTemplateNamespace() binds its helpers once per handler, anew when the locale changes", async () => {
  const seen: boolean[] = [];
  class Page extends RequestHandler {
    override get(): void {
      const first = this.getTemplateNamespace();
      const second = this.getTemplateNamespace();
      seen.push(first.staticUrl === second.staticUrl, first._ === second._);
      this.locale = new CSVLocale("es_LA", {});
      const third = this.getTemplateNamespace();
      seen.push(third._ === first._, third.locale === this.locale);
      this.write(this.renderString("page.html", { n: 2 }));
    }
  }
  const app = new Application([["/", Page]], {
    logFunction: () => {},
    templateLoader: new DictLoader({
      "page.html": "{{ n }} {{ locale.code }}",
    }),
  });
  const response = await new AppTestClient(app).fetch("/");
  assert.equal(await response.text(), "2 es_LA");
  assert.deepEqual(seen, [true, true, false, true]);
});
