/**
 * {@linkcode RedisMessageBus}: a `MessageBus` shared by several server
 * processes or machines through Redis (the `redis` npm package). Kept out
 * of the root module so the core has no dependencies: import it from
 * `@tornado-deno/tornado/redis`.
 *
 * @example Long polling across processes (needs a Redis server)
 * ```ts ignore
 * import { RedisMessageBus } from "@tornado-deno/tornado/redis";
 *
 * const bus = await RedisMessageBus.connect({ url: Deno.env.get("REDIS_URL") });
 * // Hand `bus` to your handlers, as examples/chat does with any MessageBus.
 * ```
 *
 * @module
 */
export {
  RedisMessageBus,
  type RedisMessageBusOptions,
} from "./redis_message_bus.ts";
