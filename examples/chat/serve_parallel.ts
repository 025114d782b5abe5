// The chat demo for `deno serve --parallel examples/chat/serve_parallel.ts`:
// every worker gets its own copy of this module, and the workers share
// messages through a BroadcastChannel.
import { BroadcastChannelMessageBus } from "../../mod.ts";
import { makeChatApp } from "./app.ts";

export default makeChatApp(new BroadcastChannelMessageBus({ name: "chat" }), {
  logFunction: () => {},
});
