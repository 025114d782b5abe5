// The HTTP benchmark: every scenario against raw Deno.serve, this framework,
// Hono and Oak, with wrk (or a Deno client when wrk is missing) pinned to
// core 1 and the servers to core 0. Usage:
//   deno run -A bench/http/run.ts [--quick] [--duration=5] [--rounds=3]
//     [--connections=50] [--scenarios=plaintext,json] [--frameworks=raw,tornado]
//     [--client=deno] (the Deno load client even when wrk is there)
//     [--dry] (print only: results/ and README.md are left as they are)
// Besides requests/s, each server's CPU time per request is read from
// /proc/<pid>/stat around every round: unlike requests/s, it barely moves
// when other processes share the machine.
import { parseArgs } from "node:util";
import {
  FORM_BODY,
  FORM_FIELD5,
  isTemplatePage,
  ROUTE_PATH,
} from "../_data.ts";
import {
  BENCH_CONFIG,
  hasProgram,
  machine,
  median,
  pinned,
  ratio,
  whole,
  writeResult,
} from "../_machine.ts";
import { type ServerProcess, startProcess } from "../_process.ts";
import { SCENARIOS } from "./servers/_common.ts";
import { updateReadme } from "../report.ts";

const FRAMEWORKS = [
  "raw",
  "raw_headers",
  "tornado",
  "tornado_default",
  "hono",
  "oak",
] as const;
const LABELS: Record<string, string> = {
  raw: "raw Deno.serve",
  raw_headers: "raw + Tornado's headers",
  tornado: "Tornado for Deno",
  tornado_default: "Tornado for Deno, default settings (access log on)",
  hono: "Hono",
  oak: "Oak (npm, node:http)",
};

interface Probe {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
  check(body: string): boolean;
}

function probeFor(scenario: string, cookie: string | undefined): Probe {
  switch (scenario) {
    case "plaintext":
      return {
        method: "GET",
        path: "/",
        headers: {},
        check: (b) => b === "Hello, World!",
      };
    case "json":
      return {
        method: "GET",
        path: "/json",
        headers: {},
        check: (b) =>
          JSON.stringify(JSON.parse(b)) === '{"message":"Hello, World!"}',
      };
    case "routing":
      return {
        method: "GET",
        path: ROUTE_PATH,
        headers: {},
        check: (b) => b === "item 73 id 42",
      };
    case "template":
      return {
        method: "GET",
        path: "/template",
        headers: {},
        check: isTemplatePage,
      };
    case "cookie":
      return {
        method: "GET",
        path: "/cookie",
        headers: { Cookie: cookie ?? "" },
        check: (b) => b === "user-42",
      };
    case "form":
      return {
        method: "POST",
        path: "/form",
        body: FORM_BODY,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        check: (b) => b === FORM_FIELD5,
      };
  }
  throw new Error(`Unknown scenario "${scenario}"`);
}

function luaScript(probe: Probe): string {
  const lines = [`wrk.method = ${JSON.stringify(probe.method)}`];
  if (probe.body !== undefined) {
    lines.push(`wrk.body = ${JSON.stringify(probe.body)}`);
  }
  for (const [name, value] of Object.entries(probe.headers)) {
    lines.push(
      `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`,
    );
  }
  return lines.join("\n") + "\n";
}

interface Load {
  rps: number;
  errors: number;
  detail: string;
  /** Requests completed, when the client says. */
  requests?: number;
}

/** CPU time (user + system) a process has used, in microseconds. */
async function cpuMicros(pid: number): Promise<number | null> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15, in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

async function runWrk(
  url: string,
  script: string,
  seconds: number,
  connections: number,
): Promise<Load> {
  const command = pinned(1, [
    "wrk",
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "-s",
    script,
    url,
  ]);
  const out = await new Deno.Command(command[0]!, {
    args: command.slice(1),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0);
  let errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0);
  const socket =
    /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
      .exec(text);
  if (socket) errors += socket.slice(1).reduce((a, b) => a + Number(b), 0);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  return { rps, errors, detail: text, requests };
}

async function runDenoClient(
  url: string,
  probe: Probe,
  seconds: number,
  connections: number,
): Promise<Load> {
  const client = new URL("./_client.ts", import.meta.url).pathname;
  const command = pinned(1, [
    Deno.execPath(),
    "run",
    "--config",
    BENCH_CONFIG,
    "--allow-net",
    client,
    JSON.stringify({ url, probe, seconds, connections }),
  ]);
  const out = await new Deno.Command(command[0]!, {
    args: command.slice(1),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const result = JSON.parse(text) as { rps: number; errors: number };
  return { ...result, detail: text };
}

async function checkOnce(server: ServerProcess, probe: Probe): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${server.port}${probe.path}`, {
    method: probe.method,
    headers: probe.headers,
    ...(probe.body === undefined ? {} : { body: probe.body }),
  });
  const body = await response.text();
  if (response.status !== 200 || !probe.check(body)) {
    throw new Error(
      `Wrong response: status ${response.status}, body ${
        JSON.stringify(body.slice(0, 300))
      }`,
    );
  }
}

/** One framework's figures for a scenario, as http.json keeps them. */
interface RowEntry {
  rps: number | null;
  rounds: number[];
  ratioToRaw: number | null;
  cpuMicrosPerRequest: number | null;
  cpuRounds: number[];
  cpuRatioToRaw: number | null;
  error?: string;
}

/** The medians and ratios to raw of one scenario's rounds. */
function scenarioRow(
  frameworks: readonly string[],
  figures: Record<string, number[]>,
  cpu: Record<string, number[]>,
  errors: Record<string, string>,
): Record<string, RowEntry> {
  const raw = figures.raw ? median(figures.raw) : 0;
  const rawCpu = cpu.raw ? median(cpu.raw) : 0;
  const row: Record<string, RowEntry> = {};
  for (const fw of frameworks) {
    const rps = figures[fw] ? median(figures[fw]) : 0;
    const us = cpu[fw] ? median(cpu[fw]) : 0;
    const ok = errors[fw] === undefined;
    row[fw] = {
      rps: ok ? Math.round(rps) : null,
      rounds: (figures[fw] ?? []).map(Math.round),
      ratioToRaw: ok && raw > 0 ? Number((rps / raw).toFixed(3)) : null,
      cpuMicrosPerRequest: ok && us > 0 ? Number(us.toFixed(2)) : null,
      cpuRounds: (cpu[fw] ?? []).map((v) => Number(v.toFixed(2))),
      // Requests per CPU-second against raw's: the throughput ratio a
      // server would reach with a core of its own.
      cpuRatioToRaw: ok && us > 0 && rawCpu > 0
        ? Number((rawCpu / us).toFixed(3))
        : null,
      ...(ok ? {} : { error: errors[fw]! }),
    };
  }
  return row;
}

/** The console line of one scenario's row (`raw`: raw's median rps). */
function rowSummary(
  frameworks: readonly string[],
  row: Record<string, RowEntry>,
  raw: number,
): string {
  return frameworks.map((fw) => {
    const r = row[fw]!;
    return `${fw} ${r.rps === null ? "ERROR" : whole(r.rps)} (${
      r.rps === null ? "-" : ratio(r.rps, raw)
    }; ${r.cpuMicrosPerRequest ?? "-"} µs CPU/req, ${
      r.cpuRatioToRaw?.toFixed(2) ?? "-"
    }x)`;
  }).join(", ");
}

/** Runs the HTTP benchmark; returns the results written to http.json. */
export async function runHttp(
  argv: string[],
): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      duration: { type: "string" },
      rounds: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string", default: "50" },
      scenarios: { type: "string", default: SCENARIOS.join(",") },
      frameworks: { type: "string", default: FRAMEWORKS.join(",") },
      client: { type: "string", default: "wrk" },
      dry: { type: "boolean", default: false },
    },
  });
  const quick = values.quick;
  const duration = Number(values.duration ?? (quick ? 2 : 5));
  const rounds = Number(values.rounds ?? (quick ? 2 : 3));
  const warmup = Number(values.warmup ?? (quick ? 1 : 2));
  const connections = Number(values.connections);
  const scenarios = values.scenarios.split(",");
  const frameworks = values.frameworks.split(",");
  const useWrk = values.client === "wrk" && hasProgram("wrk");
  const tmp = await Deno.makeTempDir({ prefix: "bench_http_" });
  const serversDir = new URL("./servers/", import.meta.url).pathname;
  const results: Record<string, Record<string, unknown>> = {};
  console.log(
    `HTTP: ${
      useWrk ? "wrk" : "Deno fetch client (weaker than wrk)"
    }, ${connections} connections, ` +
      `${warmup}s warm-up, ${rounds} rounds of ${duration}s, median kept`,
  );
  try {
    for (const scenario of scenarios) {
      const servers = new Map<string, ServerProcess>();
      const figures: Record<string, number[]> = {};
      const cpu: Record<string, number[]> = {};
      const errors: Record<string, string> = {};
      try {
        for (const fw of frameworks) {
          servers.set(
            fw,
            await startProcess(pinned(0, [
              Deno.execPath(),
              "run",
              "--config",
              BENCH_CONFIG,
              "--allow-net",
              "--allow-read",
              "--allow-env",
              "--allow-sys",
              `${serversDir}${fw}.ts`,
              scenario,
            ])),
          );
        }
        const probes = new Map<string, Probe>();
        const scripts = new Map<string, string>();
        for (const [fw, server] of servers) {
          const cookie = server.lines.find((l) => l.startsWith("COOKIE "))
            ?.slice(7);
          const probe = probeFor(scenario, cookie);
          probes.set(fw, probe);
          const script = `${tmp}/${scenario}_${fw}.lua`;
          await Deno.writeTextFile(script, luaScript(probe));
          scripts.set(fw, script);
          try {
            await checkOnce(server, probe);
          } catch (error) {
            errors[fw] = (error as Error).message;
            console.error(`  ${scenario}/${fw}: ${errors[fw]}`);
          }
        }
        const live = frameworks.filter((fw) => errors[fw] === undefined);
        const load = (fw: string, seconds: number) => {
          const url = `http://127.0.0.1:${servers.get(fw)!.port}${
            probes.get(fw)!.path
          }`;
          return useWrk
            ? runWrk(url, scripts.get(fw)!, seconds, connections)
            : runDenoClient(url, probes.get(fw)!, seconds, connections);
        };
        for (const fw of live) await load(fw, warmup);
        for (let round = 0; round < rounds; round++) {
          // Alternate: each round starts one framework further along.
          const order = live.map((_, i) => live[(i + round) % live.length]!);
          for (const fw of order) {
            const pid = servers.get(fw)!.child.pid;
            const before = await cpuMicros(pid);
            const result = await load(fw, duration);
            const after = await cpuMicros(pid);
            if (before !== null && after !== null && result.requests) {
              (cpu[fw] ??= []).push((after - before) / result.requests);
            }
            if (result.errors > 0 || result.rps === 0) {
              errors[fw] = `${result.errors} errors in round ${round + 1}`;
              console.error(
                `  ${scenario}/${fw}: ${errors[fw]}\n${result.detail}`,
              );
            }
            (figures[fw] ??= []).push(result.rps);
          }
        }
      } finally {
        await Promise.all([...servers.values()].map((s) => s.stop()));
      }
      const row = scenarioRow(frameworks, figures, cpu, errors);
      results[scenario] = row;
      const raw = figures.raw ? median(figures.raw) : 0;
      console.log(`  ${scenario}: ${rowSummary(frameworks, row, raw)}`);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  const data = {
    date: new Date().toISOString(),
    machine: await machine(),
    load: useWrk
      ? "wrk -t1 (pinned to core 1)"
      : "Deno fetch client (pinned to core 1)",
    servers: "pinned to core 0",
    connections,
    duration,
    rounds,
    warmup,
    frameworks: Object.fromEntries(
      frameworks.map((fw) => [fw, LABELS[fw] ?? fw]),
    ),
    notes: [
      '"raw + Tornado\'s headers" is a reference, not a framework: the raw handlers sending Content-Type and an ETag (SHA-1 of the body, per response), as this framework does by default. It hashes every response with node:crypto SHA-1, which is most of its gap; this framework remembers the ETag of string bodies up to 64 K characters (the benchmark template page is the same on every request, so it hits that cache; a page that differs per request pays the SHA-1, about 6 µs for 10 KB here), and a raw server sending a constant ETag beside Content-Type loses only about 10%.',
      "Tornado for Deno runs with logFunction: () => {} (Hono and raw Deno.serve log nothing); every other setting is a default, so its responses carry an ETag (SHA-1 of the body). The default-settings column is the same server with the access log on, writing to a pipe the driver drains.",
      "CPU per request is the server process's user + system time over a round divided by the requests wrk completed in it; its ratio (raw's CPU per request over the server's) is the throughput ratio each server would reach on a core of its own, and moves far less than requests/s when other work shares the machine.",
      "Oak is the npm build (@oakserver/oak 14.1.0): under Deno it takes its Node.js path and serves through node:http.",
      "Hono 4 runs on Deno.serve; Hono and Oak render the page with Eta, Tornado for Deno with its Template/Loader, raw with string concatenation and a char-loop escape.",
    ],
    scenarios: results,
  };
  if (!values.dry) await writeResult("http.json", data);
  console.log("\n" + httpTable(data));
  return data;
}

/** The markdown table of an http.json result. */
export function httpTable(data: {
  frameworks: Record<string, string>;
  scenarios: Record<string, Record<string, unknown>>;
}): string {
  const fws = Object.keys(data.frameworks);
  const head = `| scenario | ${
    fws.map((fw) => `${data.frameworks[fw]} req/s (ratio)`).join(" | ")
  } |`;
  const sep = `| --- | ${fws.map(() => "---:").join(" | ")} |`;
  const rows = Object.entries(data.scenarios).map(([scenario, row]) => {
    const cells = fws.map((fw) => {
      const r = row[fw] as
        | { rps: number | null; ratioToRaw: number | null }
        | undefined;
      if (!r || r.rps === null) return "error";
      return `${whole(r.rps)} (${
        r.ratioToRaw === null ? "n/a" : r.ratioToRaw.toFixed(2) + "x"
      })`;
    });
    return `| ${scenario} | ${cells.join(" | ")} |`;
  });
  return [head, sep, ...rows].join("\n");
}

if (import.meta.main) {
  await runHttp(Deno.args);
  if (!Deno.args.includes("--dry")) await updateReadme();
}
