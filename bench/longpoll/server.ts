// The chat demo on a MemoryMessageBus, plus GET /stats (waiting listeners
// and this process's RSS). Usage: deno run -A server.ts PORT
import { MemoryMessageBus, RequestHandler } from "../../mod.ts";
import { CHANNEL, makeChatApp } from "../../examples/chat/app.ts";

const bus = new MemoryMessageBus();
const app = makeChatApp(bus, { logFunction: () => {} });

class Stats extends RequestHandler {
  override async get(): Promise<void> {
    const status = await Deno.readTextFile("/proc/self/status");
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    this.write({ waiters: bus.listenerCount(CHANNEL), rssKb: rss });
  }
}
app.addHandlers(".*", [["/stats", Stats]]);
app.listen(Number(Deno.args[0] ?? 8899), {
  hostname: "127.0.0.1",
  onListen: () => console.log("ready"),
});
