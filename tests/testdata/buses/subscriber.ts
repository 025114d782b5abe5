// A subscriber process for the bus tests. Usage:
//   deno run -A subscriber.ts redis|kv URL_OR_PATH CHANNEL [CURSOR]
// Subscribes, reads the history after CURSOR (when given), and prints one
// line per message id, in delivery order; "ready" once subscribed. Runs
// until killed.
import { RedisMessageBus } from "../../../redis/mod.ts";
import { KvMessageBus } from "../../../kv/mod.ts";
import type { BusMessage, MessageBus } from "../../../web/mod.ts";

const [kind, target, channel, cursorText] = Deno.args;
const bus: MessageBus = kind === "redis"
  ? await RedisMessageBus.connect({ url: target!, timeout: 500 })
  : await KvMessageBus.open({ path: target!, pollInterval: 50 });
const encoder = new TextEncoder();
let last = Number(cursorText ?? "0");
let pending: BusMessage[] | null = cursorText === undefined ? null : [];
function print(message: BusMessage): void {
  if (message.id <= last) return; // the cursor and the history overlap
  last = message.id;
  Deno.stdout.writeSync(encoder.encode(`${message.id}\n`));
}
bus.subscribe(channel!, (message) => {
  if (pending !== null) pending.push(message);
  else print(message);
});
const past = await bus.history(channel!, last);
if (pending !== null) {
  for (const message of [...past, ...pending]) print(message);
  pending = null;
}
Deno.stdout.writeSync(encoder.encode("ready\n"));
