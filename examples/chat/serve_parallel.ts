// Kept for the older command `deno serve --parallel
// examples/chat/serve_parallel.ts`: the same app as ./main.ts, which now runs
// under deno run and deno serve alike.
import { startApp } from "../../mod.ts";
import { app, bus } from "./main.ts";

export default startApp(import.meta, app, { buses: [bus] });
