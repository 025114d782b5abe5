// Runs the chat demo: `deno task chat` (one process, in-memory bus).
// `PORT` picks the port (default 8888).
import { MemoryMessageBus } from "../../mod.ts";
import { makeChatApp } from "./app.ts";

if (import.meta.main) {
  const port = Number(Deno.env.get("PORT") ?? 8888);
  makeChatApp(new MemoryMessageBus()).listen(port, {
    onListen: ({ port }) => console.log(`Chat on http://localhost:${port}/`),
  });
}
