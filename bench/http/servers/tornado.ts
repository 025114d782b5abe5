// This framework: one Application per scenario, settings as a user would
// give them (the access log silenced, as Hono and raw Deno.serve log nothing).
import {
  Application,
  type ApplicationSettings,
  createSignedValue,
  RequestHandler,
  type Route,
} from "../../../web/mod.ts";
import { Loader } from "../../../template/mod.ts";
import {
  COOKIE_SECRET,
  COOKIE_VALUE,
  ROUTE_COUNT,
  ROWS,
  TITLE,
} from "../../_data.ts";
import {
  announce,
  announceCookie,
  scenarioArg,
  TEMPLATE_DIR,
} from "./_common.ts";

class PlaintextHandler extends RequestHandler {
  override get(): void {
    this.setHeader("Content-Type", "text/plain; charset=UTF-8");
    this.write("Hello, World!");
  }
}

class JsonHandler extends RequestHandler {
  override get(): void {
    this.write({ message: "Hello, World!" });
  }
}

function itemHandler(index: number) {
  return class extends RequestHandler {
    override get(id: string): void {
      this.setHeader("Content-Type", "text/plain; charset=UTF-8");
      this.write(`item ${index} id ${id}`);
    }
  };
}

const loader = new Loader(TEMPLATE_DIR);

class TemplateHandler extends RequestHandler {
  override get(): void {
    this.write(loader.load("page.html").generate({ title: TITLE, rows: ROWS }));
  }
}

class CookieHandler extends RequestHandler {
  override get(): void {
    const user = this.getSignedCookie("user");
    if (user === null) throw new Error("Bad signed cookie");
    this.setHeader("Content-Type", "text/plain; charset=UTF-8");
    this.write(user);
  }
}

class FormHandler extends RequestHandler {
  override post(): void {
    this.setHeader("Content-Type", "text/plain; charset=UTF-8");
    this.write(this.getBodyArgument("field5"));
  }
}

const routes: Record<string, Route[]> = {
  plaintext: [["/", PlaintextHandler]],
  json: [["/json", JsonHandler]],
  routing: Array.from(
    { length: ROUTE_COUNT },
    (_, i) => [`/item${i}/([^/]+)`, itemHandler(i)] as const,
  ),
  template: [["/template", TemplateHandler]],
  cookie: [["/cookie", CookieHandler]],
  form: [["/form", FormHandler]],
};

/** Serves the scenario named on the command line with these settings. */
export function serveTornado(settings: ApplicationSettings): void {
  const scenario = scenarioArg();
  if (scenario === "cookie") {
    announceCookie(
      `user=${createSignedValue(COOKIE_SECRET, "user", COOKIE_VALUE)}`,
    );
  }
  const app = new Application(routes[scenario], {
    cookieSecret: COOKIE_SECRET,
    ...settings,
  });
  app.listen(0, {
    hostname: "127.0.0.1",
    onListen: ({ port }) => announce(port),
  });
}

if (import.meta.main) serveTornado({ logFunction: () => {} });
