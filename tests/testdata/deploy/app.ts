// For tests/examples/deploy_no_eval_test.ts: an app shaped for Deno Deploy
// (and any host that forbids eval): the entry file only does
// `export default makeApp(precompiled)`, templates come precompiled,
// secrets from the environment, nothing is written to disk.
import {
  Application,
  Loader,
  type PrecompiledTemplates,
  RequestHandler,
} from "../../../mod.ts";
import { fileURLToPath } from "node:url";

class PageHandler extends RequestHandler {
  override get(): void {
    this.render("page.html", { name: "<Deploy>", items: ["a", "b"] });
  }
}

/** Proves that code generation from strings is off in this process. */
class EvalHandler extends RequestHandler {
  override get(): void {
    try {
      new Function("return 1");
      this.write("eval allowed");
    } catch (error) {
      this.write(`eval refused: ${(error as Error).name}`);
    }
  }
}

/** The app, rendering from `precompiled`. */
export function makeApp(precompiled: PrecompiledTemplates): Application {
  const templates = fileURLToPath(new URL("./templates", import.meta.url));
  return new Application([
    ["/", PageHandler],
    ["/eval", EvalHandler],
  ], {
    templateLoader: new Loader(templates, { precompiled }),
    cookieSecret: Deno.env.get("COOKIE_SECRET") ?? "",
    xsrfCookies: true,
    logFunction: () => {},
  });
}
