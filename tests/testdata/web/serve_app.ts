// An application served by `deno serve` in tests/web/deno_serve_test.ts.
import { Application, RequestHandler } from "../../../mod.ts";

class Hello extends RequestHandler {
  override get(name: string): void {
    this.write({ hello: name, ip: this.request.remoteIp });
  }
}

const app: Application = new Application([["/hello/(\\w+)", Hello]], {
  logFunction: () => {},
});
export default app;
