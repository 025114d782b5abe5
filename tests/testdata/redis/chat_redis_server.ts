// For tests/redis: one chat server process on a RedisMessageBus.
// Usage: deno run -A chat_redis_server.ts PORT REDIS_URL
// Prints "ready" once it listens; runs until killed.
import { RedisMessageBus } from "../../../redis/mod.ts";
import { makeChatApp } from "../../../examples/chat/app.ts";

const [port, url] = Deno.args;
const bus = await RedisMessageBus.connect({ url: url!, prefix: "chat-test" });
makeChatApp(bus, { logFunction: () => {} }).listen(Number(port), {
  hostname: "127.0.0.1",
  onListen: () => console.log("ready"),
});
