// A server with a handler that overrides onConnectionClose(): one request
// answered, one dropped by its client; prints what the handlers saw.
import { Application, RequestHandler } from "../../../web/mod.ts";

let closed = 0;
let finished = 0;
let release: (() => void) | undefined;
class Poll extends RequestHandler {
  override get(): Promise<void> | void {
    if (this.getArgument("wait", "") === "") return this.write("now");
    return new Promise((resolve) => release = resolve);
  }
  override onConnectionClose(): void {
    closed++;
    release?.();
  }
  override onFinish(): void {
    finished++;
  }
}
const app = new Application([["/", Poll]], { logFunction: () => {} });
const server = app.listen(0, { hostname: "127.0.0.1" });
const base = `http://127.0.0.1:${server.addr.port}/`;
await (await fetch(base)).text();
const dropped = new AbortController();
const waiting = fetch(`${base}?wait=1`, { signal: dropped.signal })
  .catch(() => null);
await new Promise((resolve) => setTimeout(resolve, 200));
dropped.abort();
await waiting;
for (let i = 0; i < 100 && closed === 0; i++) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await server.shutdown();
console.log(`served: closed ${closed}, finished ${finished}`);
