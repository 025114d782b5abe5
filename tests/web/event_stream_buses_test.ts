// RequestHandler.sendEvent() with every MessageBus: an event published on
// one bus (another worker, process or machine) reaches an event-stream
// client served from another bus of the same kind.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BroadcastChannelMessageBus,
  MemoryMessageBus,
  type MessageBus,
} from "../../web/mod.ts";
import { KvMessageBus } from "../../kv/mod.ts";
import { RedisMessageBus } from "../../redis/mod.ts";
import { withServer } from "../../testing/mod.ts";
import { hasRedis, RedisServer } from "../redis/_redis_server.ts";
import { feedApp, readEvents } from "./_event_feed.ts";

/** Two buses that share messages, and how to free them. */
type Pair = [MessageBus, MessageBus, () => Promise<void>];

const KINDS: { name: string; available: boolean; pair(): Promise<Pair> }[] = [
  {
    name: "MemoryMessageBus",
    available: true,
    pair() {
      const bus = new MemoryMessageBus();
      return Promise.resolve([bus, bus, () => bus.close()]);
    },
  },
  {
    name: "BroadcastChannelMessageBus",
    available: true,
    pair() {
      const a = new BroadcastChannelMessageBus({ name: "sse-buses" });
      const b = new BroadcastChannelMessageBus({ name: "sse-buses" });
      return Promise.resolve([a, b, async () => {
        await a.close();
        await b.close();
      }]);
    },
  },
  {
    name: "KvMessageBus",
    available: true,
    async pair() {
      const dir = await Deno.makeTempDir({ prefix: "sse-kv-" });
      const path = join(dir, "bus.db");
      const a = await KvMessageBus.open({ path, pollInterval: 20 });
      const b = await KvMessageBus.open({ path, pollInterval: 20 });
      return [a, b, async () => {
        await a.close();
        await b.close();
        await Deno.remove(dir, { recursive: true });
      }];
    },
  },
  {
    name: "RedisMessageBus",
    available: hasRedis,
    async pair() {
      const server = await RedisServer.start();
      const a = await RedisMessageBus.connect({ url: server.url });
      const b = await RedisMessageBus.connect({ url: server.url });
      return [a, b, async () => {
        await a.close();
        await b.close();
        await server.stop();
      }];
    },
  },
];

for (const kind of KINDS) {
  Deno.test({
    name:
      `RequestHandler.sendEvent() streams what another ${kind.name} publishes`,
    ignore: !kind.available,
    async fn() {
      const [publisher, worker, free] = await kind.pair();
      const left = Promise.withResolvers<void>();
      try {
        await withServer(feedApp(worker, left.resolve), async (baseUrl) => {
          const response = await fetch(`${baseUrl}/feed`);
          const text = readEvents(response.body!, 2);
          const listening = Date.now() + 5000;
          while (!(await isListening(worker)) && Date.now() < listening) {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          const sent = await publisher.publish("news", { kind: kind.name });
          assert.equal(
            await text,
            `retry: 1000\ndata: \n\nid: ${sent.id}\ndata: {"kind":"${kind.name}"}\n\n`,
          );
          await left.promise;
        });
      } finally {
        await free();
      }
    },
  });
}

/** Whether the feed has subscribed (buses without a count: a short wait). */
async function isListening(bus: MessageBus): Promise<boolean> {
  const counted = bus as { listenerCount?: (channel: string) => number };
  if (typeof counted.listenerCount === "function") {
    return counted.listenerCount("news") > 0;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return true;
}
