// For tests/web/tracing_test.ts, run with OTEL_DENO=true: a route with a
// path argument that calls an upstream through AsyncHTTPClient, a named
// route and a handler that throws. Args: port, upstream URL.
import {
  Application,
  AsyncHTTPClient,
  RequestHandler,
  startApp,
  url,
} from "../../../mod.ts";

const [port = "0", upstream = ""] = Deno.args;
const client = new AsyncHTTPClient();

class PostHandler extends RequestHandler {
  override async get(id: string): Promise<void> {
    const response = await client.fetch(`${upstream}?post=${id}`);
    this.write(`post ${id}: ${response.text}`);
  }
}

class NamedHandler extends RequestHandler {
  override get(id: string): void {
    this.write(`named ${id}`);
  }
}

class BoomHandler extends RequestHandler {
  override get(): void {
    throw new Error("boom in a handler");
  }
}

const app = new Application([
  url("/post/([^/]+)", PostHandler),
  url("/named/([0-9]+)", NamedHandler, {}, "named-route"),
  url("/boom", BoomHandler),
], { logFunction: () => {} });

export default startApp(import.meta, app, {
  port: Number(port),
  hostname: "127.0.0.1",
  gracePeriod: 1,
  onShutdown: () => client.close(),
});
