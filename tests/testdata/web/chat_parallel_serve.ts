// For tests/web/message_bus_parallel_test.ts: the chat demo under
// `deno serve --parallel`, plus GET /worker naming the worker (each worker
// runs its own copy of this module, so its own random id).
import { RequestHandler, startApp } from "../../../mod.ts";
import { app, bus } from "../../../examples/chat/main.ts";

const WORKER_ID = crypto.randomUUID();

class WorkerHandler extends RequestHandler {
  override get(): void {
    this.write(WORKER_ID);
  }
}

app.addHandlers(".*", [["/worker", WorkerHandler]]);

export default startApp(import.meta, app, { buses: [bus], gracePeriod: 1 });
