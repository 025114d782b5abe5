/**
 * {@linkcode KvMessageBus}: a `MessageBus` kept in Deno KV, for Deno Deploy
 * (where `BroadcastChannel` does not cross isolates) or several local
 * processes sharing one KV file. Deno KV is unstable: run locally with
 * `--unstable-kv` (or `"unstable": ["kv"]` in deno.json).
 *
 * @example A bus for the chat example on KV
 * ```ts ignore
 * import { KvMessageBus } from "@tornado-deno/tornado/kv";
 *
 * const bus = await KvMessageBus.open({ path: Deno.env.get("KV_PATH") });
 * // Hand `bus` to your handlers, as examples/chat does with any MessageBus.
 * ```
 *
 * @module
 */
export { KvMessageBus, type KvMessageBusOptions } from "./kv_message_bus.ts";
