// Writes the latest results (bench/results/*.json) into the `## Benchmarks`
// section of README.md, leaving the rest of the README as it is.
import { RESULTS_DIR, whole } from "./_machine.ts";

const README = new URL("../README.md", import.meta.url).pathname;

// Result files are read loosely: each field is checked where it is shown.
// deno-lint-ignore no-explicit-any
type Loose = Record<string, any>;

async function readJson(name: string): Promise<Loose | null> {
  try {
    return JSON.parse(await Deno.readTextFile(`${RESULTS_DIR}${name}`));
  } catch {
    return null;
  }
}

function x(value: number | null | undefined): string {
  return value === null || value === undefined ? "n/a" : `${value.toFixed(2)}x`;
}

/** The markdown of the benchmark section from the latest results. */
export async function benchmarkSection(): Promise<string> {
  const http = await readJson("http.json");
  const templates = await readJson("templates.json");
  const longpoll = await readJson("longpoll.json");
  const out: string[] = ["## Benchmarks", ""];
  out.push(
    "`deno task bench` runs everything (under 15 minutes on 2 cores);",
    "`deno task bench:http`, `bench:templates` and `bench:longpoll` run one part.",
    "Results are in `bench/results/`. Figures from one machine: compare ratios,",
    "not absolute numbers.",
    "",
  );
  const m = (http ?? templates ?? longpoll)?.machine;
  if (m) {
    out.push(
      `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Deno ${m.deno}, ${m.os}.`,
      "",
    );
  }
  if (http) {
    const fws = Object.keys(http.frameworks);
    out.push(
      `### HTTP (${http.date.slice(0, 10)})`,
      "",
      `${http.load}, ${http.connections} connections; servers ${http.servers};`,
      `${http.warmup}s warm-up, then ${http.rounds} alternating rounds of ${http.duration}s, median kept;`,
      "each response checked once before timing. Requests/s (ratio to raw Deno.serve):",
      "",
      `| scenario | ${fws.map((fw) => http.frameworks[fw]).join(" | ")} |`,
      `| --- | ${fws.map(() => "---:").join(" | ")} |`,
    );
    for (
      const [scenario, row] of Object.entries<Loose>(
        http.scenarios,
      )
    ) {
      const cells = fws.map((fw) => {
        const r = row[fw];
        return !r || r.rps === null
          ? "error"
          : `${whole(r.rps)} (${x(r.ratioToRaw)})`;
      });
      out.push(`| ${scenario} | ${cells.join(" | ")} |`);
    }
    out.push("");
    const cpuRows = Object.entries<Loose>(http.scenarios).filter(([, row]) =>
      fws.some((fw) => row[fw]?.cpuMicrosPerRequest)
    );
    if (cpuRows.length > 0) {
      out.push(
        "Server CPU time per request in the same runs, µs (requests per CPU-second, as a ratio to raw Deno.serve's):",
        "",
        `| scenario | ${fws.map((fw) => http.frameworks[fw]).join(" | ")} |`,
        `| --- | ${fws.map(() => "---:").join(" | ")} |`,
      );
      for (const [scenario, row] of cpuRows) {
        const cells = fws.map((fw) => {
          const r = row[fw];
          return !r || !r.cpuMicrosPerRequest
            ? "n/a"
            : `${r.cpuMicrosPerRequest.toFixed(2)} (${x(r.cpuRatioToRaw)})`;
        });
        out.push(`| ${scenario} | ${cells.join(" | ")} |`);
      }
      out.push("");
    }
    for (const note of http.notes ?? []) out.push(`- ${note}`);
    out.push("");
  }
  if (templates) {
    out.push(
      `### Template engines in-process (${templates.date.slice(0, 10)})`,
      "",
      `The same page (a title and 100 rows, every value HTML-escaped), ${templates.rounds} alternating rounds of ${templates.roundMs} ms, median kept:`,
      "",
      "| engine | renders/s | ratio to hand-written |",
      "| --- | ---: | ---: |",
    );
    for (
      const [name, r] of Object.entries<Loose>(templates.engines)
    ) {
      out.push(`| ${name} | ${whole(r.opsPerSecond)} | ${x(r.ratioToHand)} |`);
    }
    out.push("");
  }
  if (longpoll) {
    out.push(
      `### Long polling (${longpoll.date.slice(0, 10)})`,
      "",
      `${
        whole(longpoll.clients)
      } clients hold a GET open, then one publish releases them all:`,
      "",
      `| server | RSS before | RSS waiting | per connection | publish to all | errors | kept after ${
        whole(longpoll.stormClients ?? 0)
      } dropped polls |`,
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (
      const [name, r] of Object.entries<Loose>(longpoll.servers)
    ) {
      const kept = r.dropped?.retainedKiB;
      out.push(
        `| ${r.label ?? name} | ${(r.rssBeforeKiB / 1024).toFixed(1)} MiB | ${
          (r.rssWaitingKiB / 1024).toFixed(1)
        } MiB | ${r.perConnectionKiB.toFixed(1)} KiB | ${
          r.publishMs === null ? "n/a" : r.publishMs.toFixed(0) + " ms"
        } | ${r.errors} | ${
          kept === undefined ? "n/a" : (kept / 1024).toFixed(1) + " MiB"
        } |`,
      );
    }
    out.push("");
    for (const note of longpoll.notes ?? []) out.push(`- ${note}`);
    out.push("");
  }
  const summary = await Deno.readTextFile(`${RESULTS_DIR}summary.md`)
    .catch(() => null);
  if (summary !== null) out.push(summary.trim(), "");
  return out.join("\n");
}

/** Replaces (or appends) the `## Benchmarks` section of README.md. */
export async function updateReadme(): Promise<void> {
  const readme = await Deno.readTextFile(README);
  const section = await benchmarkSection();
  const start = readme.indexOf("\n## Benchmarks\n");
  let next: string;
  if (start === -1) {
    const license = readme.indexOf("\n## License\n");
    next = license === -1
      ? `${readme.trimEnd()}\n\n${section}`
      : `${readme.slice(0, license + 1)}${section}\n${
        readme.slice(license + 1)
      }`;
  } else {
    const after = readme.indexOf("\n## ", start + 1);
    next = `${readme.slice(0, start + 1)}${section}${
      after === -1 ? "" : "\n" + readme.slice(after + 1)
    }`;
  }
  await Deno.writeTextFile(README, next.endsWith("\n") ? next : next + "\n");
  // Let deno fmt lay out the tables, so `deno fmt --check` stays clean.
  await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", README],
    stdout: "null",
    stderr: "null",
  }).output();
}

if (import.meta.main) await updateReadme();
