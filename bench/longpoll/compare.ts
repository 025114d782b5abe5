// Long-poll probe: K clients hold GET /wait open on this framework and on raw
// Deno.serve; one POST /publish releases them all. Reports the server's RSS
// (VmRSS) before and while they wait, the time until every client has its
// response, and errors. Then a storm: --storm clients (default 5,000) start a
// long poll and all drop at once; reported: the RSS the server keeps after
// every handler has heard of it, against the RSS before the storm. Usage:
//   deno run -A bench/longpoll/compare.ts [--clients=2000] [--full] (10,000)
//     [--storm=5000] [--dry] (print only)
// Each client is a socket of this process and of the server: the open-files
// limit (`ulimit -n`) must exceed K plus some spare.
import { parseArgs } from "node:util";
import {
  BENCH_CONFIG,
  machine,
  pinned,
  rssKiB,
  whole,
  writeResult,
} from "../_machine.ts";
import { startProcess } from "../_process.ts";
import { updateReadme } from "../report.ts";

const SERVERS: Record<string, string> = {
  raw: "raw Deno.serve",
  tornado: "Tornado for Deno",
};
const MESSAGE = "new-message-42";
const ENCODER = new TextEncoder();

function openFilesLimit(): number {
  const limits = Deno.readTextFileSync("/proc/self/limits");
  const m = /Max open files\s+(\d+|unlimited)/.exec(limits);
  return m?.[1] === "unlimited" ? Infinity : Number(m?.[1] ?? 1024);
}

interface Client {
  conn: Deno.TcpConn;
  done: Promise<number | null>; // time the full response arrived, or null
}

async function openClient(
  port: number,
  publishedAt: { t: number },
): Promise<Client> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    ENCODER.encode("GET /wait HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
  );
  const done = (async () => {
    const buffer = new Uint8Array(4096);
    let text = "";
    try {
      while (true) {
        const n = await conn.read(buffer);
        if (n === null) return null;
        text += new TextDecoder().decode(buffer.subarray(0, n));
        if (text.includes(MESSAGE)) {
          return text.startsWith("HTTP/1.1 200") && publishedAt.t > 0
            ? performance.now()
            : null;
        }
      }
    } catch {
      return null;
    }
  })();
  return { conn, done };
}

async function waitingCount(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/count`);
  return Number(await response.text());
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Opens `count` long polls, 250 at a time; each that fails is an error. */
async function openClients(
  port: number,
  count: number,
  publishedAt: { t: number },
): Promise<{ clients: Client[]; errors: number }> {
  const clients: Client[] = [];
  let errors = 0;
  for (let i = 0; i < count; i += 250) {
    const batch = await Promise.allSettled(
      Array.from(
        { length: Math.min(250, count - i) },
        () => openClient(port, publishedAt),
      ),
    );
    for (const b of batch) {
      if (b.status === "fulfilled") clients.push(b.value);
      else errors++;
    }
  }
  return { clients, errors };
}

/** Reads the server's waiter count every 50 ms until `enough` or `deadline`. */
async function pollWaiting(
  port: number,
  deadline: number,
  enough: (waiting: number) => boolean,
): Promise<number> {
  let waiting = await waitingCount(port);
  while (!enough(waiting) && performance.now() < deadline) {
    await sleep(50);
    waiting = await waitingCount(port);
  }
  return waiting;
}

function closeAll(clients: readonly Client[]): void {
  for (const c of clients) {
    try {
      c.conn.close();
    } catch { /* closed */ }
  }
}

/**
 * Opens `count` long polls, closes them all at once, waits until the server
 * counts no waiter, and reads the RSS it keeps.
 */
async function storm(port: number, pid: number, count: number) {
  await sleep(1000);
  const before = await rssKiB(pid);
  const opened = await openClients(port, count, { t: 0 });
  if (opened.errors > 0) {
    throw new Error(`Cannot open ${count} long polls: ${opened.errors} failed`);
  }
  const deadline = performance.now() + 60_000;
  await pollWaiting(port, deadline, (waiting) => waiting >= count);
  const waiting = await rssKiB(pid);
  closeAll(opened.clients);
  const left = await pollWaiting(port, deadline, (waiting) => waiting <= 0);
  // Let the server settle (its GC runs when idle), then read what it keeps.
  await sleep(3000);
  const after = await rssKiB(pid);
  return {
    clients: count,
    rssBeforeKiB: before,
    rssWaitingKiB: waiting,
    rssAfterKiB: after,
    retainedKiB: after - before,
    waitersLeft: left,
  };
}

let stormClients = 5_000;

async function probe(name: string, clients: number) {
  const server = await startProcess(pinned(0, [
    Deno.execPath(),
    "run",
    "--config",
    BENCH_CONFIG,
    "--allow-net",
    "--allow-read",
    "--allow-env",
    new URL(`./server_${name}.ts`, import.meta.url).pathname,
  ]));
  const pid = server.child.pid;
  try {
    // Warm-up: a small round so both servers have compiled their paths.
    await round(server.port, 200, { measure: false });
    await sleep(500);
    const before = await rssKiB(pid);
    const result = await round(server.port, clients, {
      measure: true,
      onWaiting: async () => await rssKiB(pid),
    });
    const dropped = stormClients > 0
      ? await storm(server.port, pid, stormClients)
      : {};
    return { label: SERVERS[name], rssBeforeKiB: before, ...result, dropped };
  } finally {
    await server.stop();
  }
}

async function round(
  port: number,
  count: number,
  options: { measure: boolean; onWaiting?: () => Promise<number> },
) {
  const publishedAt = { t: 0 };
  const opened = await openClients(port, count, publishedAt);
  const clients = opened.clients;
  let errors = opened.errors;
  const deadline = performance.now() + 60_000;
  const waiting = await pollWaiting(
    port,
    deadline,
    (waiting) => waiting >= clients.length,
  );
  await sleep(300);
  const rssWaiting = options.onWaiting ? await options.onWaiting() : 0;
  publishedAt.t = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/publish`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `message=${MESSAGE}`,
  });
  const released = Number(await response.text());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), 30_000);
  });
  const times = await Promise.race([
    Promise.all(clients.map((c) => c.done)),
    timeout,
  ]);
  clearTimeout(timer);
  let last = 0;
  if (times === "timeout") {
    errors += clients.length;
  } else {
    for (const t of times) {
      if (t === null) errors++;
      else last = Math.max(last, t);
    }
  }
  closeAll(clients);
  if (!options.measure) return { clients: count, errors };
  return {
    clients: count,
    waitingSeen: waiting,
    released,
    rssWaitingKiB: rssWaiting,
    publishMs: times === "timeout" || last === 0
      ? null
      : Number((last - publishedAt.t).toFixed(1)),
    errors,
  };
}

/** Runs the probe; returns the results written to longpoll.json. */
export async function runLongpoll(
  argv: string[],
): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: "string" },
      full: { type: "boolean", default: false },
      storm: { type: "string", default: "5000" },
      dry: { type: "boolean", default: false },
    },
  });
  const clients = Number(values.clients ?? (values.full ? 10_000 : 2_000));
  stormClients = Number(values.storm);
  const limit = openFilesLimit();
  if (limit < Math.max(clients, stormClients) + 200) {
    throw new Error(
      `Cannot hold ${clients} connections: the open-files limit is ${limit}; run \`ulimit -n ${
        clients + 1000
      }\` first`,
    );
  }
  // This process is the client: keep it off the server's core.
  if (navigator.hardwareConcurrency >= 2) {
    await new Deno.Command("taskset", {
      args: ["-a", "-cp", "1", String(Deno.pid)],
      stdout: "null",
      stderr: "null",
    }).output().catch(() => {});
  }
  const servers: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(SERVERS)) {
    const r = await probe(name, clients);
    const per = (Number(r.rssWaitingKiB) - r.rssBeforeKiB) / clients;
    servers[name] = { ...r, perConnectionKiB: Number(per.toFixed(2)) };
    console.log(
      `  ${SERVERS[name]}: RSS ${whole(r.rssBeforeKiB / 1024)} -> ${
        whole(Number(r.rssWaitingKiB) / 1024)
      } MiB (${
        per.toFixed(1)
      } KiB per connection), publish to all ${r.publishMs} ms, ${r.errors} errors`,
    );
    const d = r.dropped as Record<string, number>;
    if (d.clients !== undefined) {
      console.log(
        `    storm of ${d.clients} dropped polls: RSS ${
          whole(d.rssBeforeKiB! / 1024)
        } -> ${whole(d.rssWaitingKiB! / 1024)} -> ${
          whole(d.rssAfterKiB! / 1024)
        } MiB, ${
          (d.retainedKiB! / 1024).toFixed(1)
        } MiB kept, ${d.waitersLeft} waiters left`,
      );
    }
  }
  const raw = servers.raw!.perConnectionKiB as number;
  const ours = servers.tornado!.perConnectionKiB as number;
  const kept = (name: string) =>
    (servers[name]!.dropped as { retainedKiB?: number }).retainedKiB ?? 0;
  const retainedRatio = kept("raw") > 0 ? kept("tornado") / kept("raw") : null;
  console.log(
    `  memory per waiting connection: ${
      (ours / raw).toFixed(2)
    }x raw Deno.serve; kept after the storm: ${
      retainedRatio?.toFixed(2) ?? "n/a"
    }x raw's`,
  );
  const data = {
    date: new Date().toISOString(),
    machine: await machine(),
    clients,
    memoryRatioToRaw: Number((ours / raw).toFixed(3)),
    stormClients,
    retainedRatioToRaw: retainedRatio === null
      ? null
      : Number(retainedRatio.toFixed(3)),
    notes: [
      "Clients are raw sockets of one Deno process pinned to core 1; servers are pinned to core 0.",
      "RSS is VmRSS from /proc/<pid>/status, after a 200-client warm-up round and while every client waits.",
      "The storm runs in the same server after the publish round: its clients send a long poll, then all close their sockets at once; the server's RSS is read 3 s after it counts no waiter.",
    ],
    servers,
  };
  if (!values.dry) await writeResult("longpoll.json", data);
  return data;
}

if (import.meta.main) {
  await runLongpoll(Deno.args);
  if (!Deno.args.includes("--dry")) await updateReadme();
}
