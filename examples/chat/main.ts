// The chat demo, one entry file for every way of running it:
//   deno task chat                      (deno run, one process)
//   deno serve --parallel -A examples/chat/main.ts   (one worker per core)
// The workers share messages through a BroadcastChannel (a single process
// has no peers on it, which is harmless); SIGTERM closes it so the process
// exits.
import { BroadcastChannelMessageBus, startApp } from "../../mod.ts";
import { parseFlags } from "../_flags.ts";
import { makeChatApp } from "./app.ts";

const flags = parseFlags();

/** The bus the room uses. */
export const bus: BroadcastChannelMessageBus = new BroadcastChannelMessageBus({
  name: "chat",
});

/** The chat application. */
export const app = makeChatApp(bus, {
  debug: flags.debug,
  logFormat: flags.logFormat,
});

export default startApp(import.meta, app, { ...flags.start, buses: [bus] });
