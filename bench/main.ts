// `deno task bench`: the HTTP scenarios, the template race and the long-poll
// probe (10,000 clients when the open-files limit allows, else 2,000), then
// the README's `## Benchmarks` section. Extra arguments go to the HTTP part
// (e.g. `--quick`).
import { runHttp } from "./http/run.ts";
import { runTemplates } from "./templates.ts";
import { runLongpoll } from "./longpoll/compare.ts";
import { updateReadme } from "./report.ts";

const started = performance.now();
console.log("== HTTP scenarios");
await runHttp(Deno.args);
console.log("\n== Template engines (in-process)");
await runTemplates(Deno.args.includes("--quick") ? ["--quick"] : []);
console.log("\n== Long polling");
const limits = await Deno.readTextFile("/proc/self/limits");
const openFiles = Number(/Max open files\s+(\d+)/.exec(limits)?.[1] ?? 1024);
const clients = openFiles >= 11_000 ? 10_000 : 2_000;
if (clients < 10_000) {
  console.log(
    `(open-files limit ${openFiles}: 2,000 clients; \`ulimit -n 11000\` allows 10,000)`,
  );
}
await runLongpoll([`--clients=${clients}`]);
await updateReadme();
console.log(
  `\nDone in ${((performance.now() - started) / 60_000).toFixed(1)} min; ` +
    "results in bench/results/, README.md updated",
);
