// The files of a new project, as `init/mod.ts` writes them.

/** The version range a new project imports. */
export const PACKAGE = "jsr:@tornado-deno/tornado@^0.1.0";

/**
 * `deno.json`: the import map entry, the unstable flag and the start, dev,
 * serve and test tasks.
 */
export function denoJson(specifier: string): string {
  const config = {
    imports: { "@tornado-deno/tornado": specifier },
    // request.signal aborts only when the client leaves (Deno's new
    // behaviour, which the framework expects), without Deno's notice.
    unstable: ["no-legacy-abort"],
    tasks: {
      start: "deno run --allow-net --allow-read --allow-env main.ts",
      dev: "deno run --allow-net --allow-read --allow-env " +
        "--watch=templates/,static/ main.ts --debug",
      serve:
        "deno serve --allow-net --allow-read --allow-env --parallel main.ts",
      test: "deno test --allow-net --allow-read --allow-env",
    },
  };
  return JSON.stringify(config, null, 2) + "\n";
}

/** `main.ts`: one entry file for deno run, deno serve and Deploy. */
export const MAIN_TS =
  `// One entry file: \`deno task start\` listens (--port, --debug; --help
// lists them), \`deno task serve\` serves it on every core, Deno Deploy serves
// the default export. SIGTERM/SIGINT shut down gracefully.
import { fileURLToPath } from "node:url";
import {
  Application,
  define,
  options,
  parseCommandLine,
  RequestHandler,
  startApp,
} from "@tornado-deno/tornado";

if (!options.has("port")) {
  define("port", { type: "integer", default: 8000, help: "listen port" });
  define("debug", { default: false, help: "reload templates, tracebacks" });
}
try {
  parseCommandLine();
} catch (error) {
  console.error("error: " + (error as Error).message + " (--help lists them)");
  Deno.exit(2);
}

class HomeHandler extends RequestHandler {
  override get(): void {
    this.render("index.html", { name: this.getArgument("name", "world") });
  }
}

class HealthHandler extends RequestHandler {
  override get(): void {
    this.write({ status: "ok" });
  }
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The secret that signs cookies: set COOKIE_SECRET before deploying. */
function cookieSecret(): string {
  const secret = Deno.env.get("COOKIE_SECRET");
  if (secret !== undefined && secret !== "") return secret;
  console.warn("COOKIE_SECRET is not set: using a development secret");
  return "development secret: set COOKIE_SECRET";
}

/** The application, exported for the tests. */
export const app: Application = new Application([
  ["/", HomeHandler],
  ["/healthz", HealthHandler],
], {
  templatePath: here("./templates"),
  staticPath: here("./static"),
  cookieSecret: cookieSecret(),
  xsrfCookies: true,
  debug: options.get("debug") as boolean,
});

export default startApp(import.meta, app, {
  port: options.get("port") as number,
});
`;

/** `main_test.ts`: the app driven through AppTestClient, no socket. */
export const MAIN_TEST_TS = `import assert from "node:assert/strict";
import { AppTestClient } from "@tornado-deno/tornado";
import { app } from "./main.ts";

Deno.test("the home page greets by name", async () => {
  const client = new AppTestClient(app);
  const response = await client.fetch("/?name=Deno");
  assert.equal(response.status, 200);
  assert.match(await response.text(), /Hello, Deno!/);
});

Deno.test("/healthz answers ok", async () => {
  const response = await new AppTestClient(app).fetch("/healthz");
  assert.deepEqual(await response.json(), { status: "ok" });
});
`;

/** `templates/index.html`. */
export const INDEX_HTML = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <title>Hello</title>
    <link rel="stylesheet" href="{{ staticUrl("style.css") }}">
  </head>
  <body>
    <h1>Hello, {{ name }}!</h1>
    <p>Edit <code>templates/index.html</code> and <code>main.ts</code>.</p>
  </body>
</html>
`;

/** `static/style.css`. */
export const STYLE_CSS =
  `body { font-family: system-ui, sans-serif; margin: 2rem; }
`;
