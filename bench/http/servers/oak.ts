// Oak (npm): under Deno the npm build takes its Node.js path (node:http),
// since Deno exposes `process` and `global` to npm packages.
import { Application, Router } from "@oakserver/oak";
import { createHmac } from "node:crypto";
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

const app = new Application({ keys: [COOKIE_SECRET] });
const router = new Router();
const scenario = scenarioArg();

switch (scenario) {
  case "plaintext":
    router.get("/", (ctx) => {
      ctx.response.type = "text/plain";
      ctx.response.body = "Hello, World!";
    });
    break;
  case "json":
    router.get("/json", (ctx) => {
      ctx.response.body = { message: "Hello, World!" };
    });
    break;
  case "routing":
    for (let i = 0; i < ROUTE_COUNT; i++) {
      router.get(`/item${i}/:id`, (ctx) => {
        ctx.response.type = "text/plain";
        ctx.response.body = `item ${i} id ${ctx.params.id}`;
      });
    }
    break;
  case "template": {
    const eta = new Eta({ views: TEMPLATE_DIR, cache: true });
    router.get("/template", (ctx) => {
      ctx.response.type = "text/html";
      ctx.response.body = eta.render("page", { title: TITLE, rows: ROWS });
    });
    break;
  }
  case "cookie": {
    // Oak signs `name=value` with HMAC-SHA256 (base64url) in `name.sig`.
    const sig = createHmac("sha256", COOKIE_SECRET)
      .update(`user=${COOKIE_VALUE}`).digest("base64url");
    announceCookie(`user=${COOKIE_VALUE}; user.sig=${sig}`);
    router.get("/cookie", async (ctx) => {
      const user = await ctx.cookies.get("user", { signed: true });
      if (!user) {
        ctx.response.status = 403;
        return;
      }
      ctx.response.type = "text/plain";
      ctx.response.body = user;
    });
    break;
  }
  case "form":
    router.post("/form", async (ctx) => {
      const form = await ctx.request.body.form();
      ctx.response.type = "text/plain";
      ctx.response.body = form.get("field5");
    });
    break;
}

app.use(router.routes());
app.use(router.allowedMethods());
// Oak's node:http server reports the port it was given, not the one it got,
// so a free port is picked first.
const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const port = probe.addr.port;
probe.close();
app.addEventListener("listen", () => announce(port));
await app.listen({ hostname: "127.0.0.1", port });
