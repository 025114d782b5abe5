// Hono (npm), served by Deno.serve, written as its documentation shows.
import { Hono } from "hono";
import { getSignedCookie } from "hono/cookie";
import { serializeSigned } from "hono/utils/cookie";
import { Eta } from "eta";
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

const app = new Hono();
const scenario = scenarioArg();

switch (scenario) {
  case "plaintext":
    app.get("/", (c) => c.text("Hello, World!"));
    break;
  case "json":
    app.get("/json", (c) => c.json({ message: "Hello, World!" }));
    break;
  case "routing":
    for (let i = 0; i < ROUTE_COUNT; i++) {
      app.get(
        `/item${i}/:id`,
        (c) => c.text(`item ${i} id ${c.req.param("id")}`),
      );
    }
    break;
  case "template": {
    const eta = new Eta({ views: TEMPLATE_DIR, cache: true });
    app.get(
      "/template",
      (c) => c.html(eta.render("page", { title: TITLE, rows: ROWS })),
    );
    break;
  }
  case "cookie": {
    const header = await serializeSigned("user", COOKIE_VALUE, COOKIE_SECRET);
    announceCookie(header.split(";")[0]!);
    app.get("/cookie", async (c) => {
      const user = await getSignedCookie(c, COOKIE_SECRET, "user");
      if (!user) return c.text("Forbidden", 403);
      return c.text(user);
    });
    break;
  }
  case "form":
    app.post("/form", async (c) => {
      const body = await c.req.parseBody();
      return c.text(String(body["field5"]));
    });
    break;
}

Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => announce(port) },
  app.fetch,
);
