// Long polling on this framework: GET /wait holds until POST /publish;
// GET /count says how many are waiting. Prints `PORT <n>` when listening.
import { Application, RequestHandler } from "../../web/mod.ts";

type Waiter = (message: string | null) => void;
const waiters = new Set<Waiter>();

class WaitHandler extends RequestHandler {
  #waiter: Waiter | undefined;

  override async get(): Promise<void> {
    const message = await new Promise<string | null>((resolve) => {
      this.#waiter = resolve;
      waiters.add(resolve);
    });
    if (message === null) return; // the client left
    this.setHeader("Content-Type", "text/plain; charset=UTF-8");
    this.write(message);
  }

  override onConnectionClose(): void {
    if (this.#waiter !== undefined) {
      waiters.delete(this.#waiter);
      this.#waiter(null);
    }
  }
}

class PublishHandler extends RequestHandler {
  override post(): void {
    const message = this.getArgument("message");
    const count = waiters.size;
    for (const waiter of waiters) waiter(message);
    waiters.clear();
    this.write(String(count));
  }
}

class CountHandler extends RequestHandler {
  override get(): void {
    this.write(String(waiters.size));
  }
}

/** `/memory`: the process's memory figures (V8 heap, external, RSS). */
class MemoryHandler extends RequestHandler {
  override get(): void {
    this.write({ ...Deno.memoryUsage() });
  }
}

Deno.addSignalListener("SIGTERM", () => Deno.exit(0));
new Application([
  ["/wait", WaitHandler],
  ["/publish", PublishHandler],
  ["/count", CountHandler],
  ["/memory", MemoryHandler],
], { logFunction: () => {} }).listen(0, {
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(`PORT ${port}`),
});
