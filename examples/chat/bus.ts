// Picks the chat's message bus from one setting (the CHAT_BUS environment
// variable in main.ts):
//   memory (default)        one process
//   broadcast               the workers of one process (deno serve --parallel)
//   redis://... rediss://   several processes or machines on one Redis
//                           (redis://:PASSWORD@HOST:PORT, rediss:// for TLS;
//                           CHAT_REDIS_CA=ca.pem trusts a private CA)
//   kv  or  kv:PATH         Deno KV: the default database (Deno Deploy) or
//                           a local file shared by several processes
import {
  BroadcastChannelMessageBus,
  MemoryMessageBus,
  type MessageBus,
} from "../../mod.ts";

/** Options of {@linkcode openChatBus}. */
export interface ChatBusOptions {
  /** PEM of the CA that signed a `rediss://` server's certificate. */
  redisCa?: string;
}

/**
 * Opens the bus named by `spec`.
 *
 * @throws {TypeError} When `spec` names no bus.
 */
export async function openChatBus(
  spec: string = "memory",
  options: ChatBusOptions = {},
): Promise<MessageBus> {
  if (spec === "memory") return new MemoryMessageBus();
  if (spec === "broadcast") {
    return new BroadcastChannelMessageBus({ name: "chat" });
  }
  if (spec.startsWith("redis://") || spec.startsWith("rediss://")) {
    const { RedisMessageBus } = await import("../../redis/mod.ts");
    return await RedisMessageBus.connect({
      url: spec,
      prefix: "chat",
      ...(options.redisCa === undefined ? {} : { ca: options.redisCa }),
    });
  }
  if (spec === "kv" || spec.startsWith("kv:")) {
    const { KvMessageBus } = await import("../../kv/mod.ts");
    const path = spec.slice(3);
    return await KvMessageBus.open(
      path === "" ? { prefix: "chat" } : {
        path,
        prefix: "chat",
      },
    );
  }
  throw new TypeError(
    `Cannot open the chat bus "${spec}": use memory, broadcast, redis://..., rediss://..., kv or kv:PATH`,
  );
}
