// For tests/web/graceful_shutdown_test.ts: one entry file run with
// `deno run` and `deno serve --parallel`, with a slow request, a long poll
// that never ends by itself, a stream and a websocket, and a
// BroadcastChannel bus that would keep the process alive if not closed.
import {
  Application,
  BroadcastChannelMessageBus,
  RequestHandler,
  startApp,
  WebSocketHandler,
} from "../../../mod.ts";

const grace = Number(Deno.args[0] ?? "1");
const port = Number(Deno.args[1] ?? "0");
const bus = new BroadcastChannelMessageBus({ name: "shutdown-test" });

class Slow extends RequestHandler {
  override async get(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 700));
    this.write("slow done");
  }
}

class Poll extends RequestHandler {
  #stop = new AbortController();
  override async get(): Promise<void> {
    const signal = this.#stop.signal;
    await new Promise<void>((resolve) => {
      const unsubscribe = bus.subscribe("news", () => resolve());
      signal.addEventListener("abort", () => (unsubscribe(), resolve()));
    });
    if (!signal.aborted) this.write("news");
  }
  override onConnectionClose(): void {
    this.#stop.abort();
  }
}

class Stream extends RequestHandler {
  override async get(): Promise<void> {
    for (let i = 0;; i++) {
      this.write(`tick ${i}\n`);
      await this.flush();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

class Echo extends WebSocketHandler {
  override onMessage(message: string | Uint8Array): void {
    this.writeMessage(message);
  }
}

const app = new Application([
  ["/slow", Slow],
  ["/poll", Poll],
  ["/stream", Stream],
  ["/ws", Echo],
], { logFunction: () => {} });

export default startApp(import.meta, app, {
  port,
  hostname: "127.0.0.1",
  gracePeriod: grace,
  buses: [bus],
  onShutdown: () => console.log("buses closed"),
});
