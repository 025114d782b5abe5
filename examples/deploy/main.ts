// A production-shaped app for the topology in ./nginx.conf: nginx in front
// (TLS, HTTP/2, header and body timeouts) and one worker per core behind it:
//   deno serve -A --parallel --host 127.0.0.1 --port 8000 examples/deploy/main.ts
// or several `deno run --unstable-net` processes sharing the port
// (--reuse_port; the BroadcastChannel below then reaches one process only).
// It trusts X-Real-IP and X-Scheme from the proxy (--xheaders, on by default
// here: never expose such a process directly), answers /healthz for load
// balancers, and shares long-poll messages between workers through a
// BroadcastChannel.
import {
  Application,
  BroadcastChannelMessageBus,
  define,
  options,
  RequestHandler,
  startApp,
  WebSocketHandler,
} from "../../mod.ts";
import { fileURLToPath } from "node:url";
import { parseFlags } from "../_flags.ts";

if (!options.has("xheaders")) {
  define("xheaders", { default: true, help: "trust X-Real-IP and X-Scheme" });
  define("reuse_port", { default: false, help: "share the port (deno run)" });
}
const flags = parseFlags();
const WORKER = crypto.randomUUID().slice(0, 8);

/** The bus the workers share. */
export const bus: BroadcastChannelMessageBus = new BroadcastChannelMessageBus({
  name: "deploy",
});

/** `/healthz`: 200 while the process serves (503 once it drains). */
class HealthHandler extends RequestHandler {
  override get(): void {
    this.setHeader("Cache-Control", "no-store");
    this.write({ status: "ok", worker: WORKER });
  }
}

/** What the app sees of the client, through the proxy. */
class WhoamiHandler extends RequestHandler {
  override get(): void {
    const secure = this.request.protocol === "https";
    this.setCookie("visited", "1", { secure, httpOnly: true });
    this.write({
      remoteIp: this.request.remoteIp,
      protocol: this.request.protocol,
      worker: WORKER,
    });
  }
}

/** A long poll for the next message on any worker. */
class PollHandler extends RequestHandler {
  #stop = new AbortController();
  override async get(): Promise<void> {
    const signal = this.#stop.signal;
    const message = await new Promise<unknown>((resolve) => {
      const unsubscribe = bus.subscribe("news", (m) => {
        unsubscribe();
        resolve(m.data);
      });
      signal.addEventListener("abort", () => (unsubscribe(), resolve(null)));
    });
    if (!signal.aborted) this.write({ message, worker: WORKER });
  }
  override onConnectionClose(): void {
    this.#stop.abort();
  }
}

class PublishHandler extends RequestHandler {
  override async post(): Promise<void> {
    await bus.publish("news", this.getArgument("text"));
    this.write({ worker: WORKER });
  }
}

class EchoSocket extends WebSocketHandler {
  override onMessage(message: string | Uint8Array): void {
    this.writeMessage(message);
  }
}

/** The application. */
export const app: Application = new Application([
  ["/healthz", HealthHandler],
  ["/whoami", WhoamiHandler],
  ["/poll", PollHandler],
  ["/publish", PublishHandler],
  ["/ws", EchoSocket],
], {
  staticPath: fileURLToPath(new URL("./static", import.meta.url)),
  xheaders: options.get("xheaders") as boolean,
  debug: flags.debug,
  logFormat: flags.logFormat,
});

export default startApp(import.meta, app, {
  ...flags.start,
  reusePort: options.get("reuse_port") as boolean,
  buses: [bus],
});
