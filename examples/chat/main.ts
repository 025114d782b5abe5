// Runs the chat demo: `deno task chat`. Environment:
//   CHAT_BUS  the message bus (see bus.ts; default "memory"), e.g.
//             CHAT_BUS=redis://127.0.0.1:6379 or CHAT_BUS=kv:chat.db
//   PORT      the port (default 8888); HOST the address (default all)
import { makeChatApp } from "./app.ts";
import { openChatBus } from "./bus.ts";

if (import.meta.main) {
  const port = Number(Deno.env.get("PORT") ?? 8888);
  const hostname = Deno.env.get("HOST");
  const bus = await openChatBus(Deno.env.get("CHAT_BUS") ?? "memory");
  makeChatApp(bus).listen(port, {
    ...(hostname === undefined ? {} : { hostname }),
    onListen: ({ port }) => console.log(`Chat on http://localhost:${port}/`),
  });
}
