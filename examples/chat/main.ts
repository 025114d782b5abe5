// The chat demo, one entry file for every way of running it:
//   deno task chat                                    (deno run, one process)
//   deno serve --parallel -A examples/chat/main.ts    (one worker per core)
// Environment:
//   CHAT_BUS  the message bus (see bus.ts; default "broadcast": the workers
//             of one process share messages through a BroadcastChannel, a
//             single process has no peers on it, which is harmless), e.g.
//             CHAT_BUS=redis://127.0.0.1:6379 or CHAT_BUS=kv:chat.db
//   CHAT_REDIS_CA  a PEM file: the CA of a rediss:// server (private CA)
//   PORT, HOST  the port and address for `deno run` (or --port=...)
// SIGTERM closes the bus so the process exits.
import { startApp } from "../../mod.ts";
import { parseFlags } from "../_flags.ts";
import { makeChatApp } from "./app.ts";
import { openChatBus } from "./bus.ts";

/** An environment variable, or `undefined` without `--allow-env`. */
function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

const flags = parseFlags();
const port = env("PORT");
const hostname = env("HOST");

/** The bus the room uses. */
const redisCa = env("CHAT_REDIS_CA");
export const bus = await openChatBus(
  env("CHAT_BUS") ?? "broadcast",
  redisCa === undefined ? {} : { redisCa: await Deno.readTextFile(redisCa) },
);

/** The chat application. */
export const app = makeChatApp(bus, {
  debug: flags.debug,
  logFormat: flags.logFormat,
});

export default startApp(import.meta, app, {
  ...flags.start,
  ...(port === undefined ? {} : { port: Number(port) }),
  ...(hostname === undefined ? {} : { hostname }),
  buses: [bus],
});
