// What the results are measured on, and small helpers the drivers share.

/** The machine, for the results: CPU model, cores, memory, Deno, kernel. */
export async function machine(): Promise<Record<string, string | number>> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? "unknown";
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const kb = Number(/MemTotal:\s*(\d+)/.exec(meminfo)?.[1] ?? 0);
  return {
    cpu: model.trim(),
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round(kb / 1024 / 1024),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    os: `${Deno.build.os} ${Deno.osRelease()}`,
  };
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Whether a program is on the PATH (or at an absolute path). */
export function hasProgram(name: string): boolean {
  try {
    const out = new Deno.Command("sh", {
      args: ["-c", `command -v ${name}`],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return out.success;
  } catch {
    return false;
  }
}

/** `taskset -c <core>` before a command, when taskset exists and 2+ cores. */
export function pinned(core: number, command: string[]): string[] {
  if (navigator.hardwareConcurrency >= 2 && hasProgram("taskset")) {
    return ["taskset", "-c", String(core), ...command];
  }
  return command;
}

/** Reads the VmRSS of a process, in KiB. */
export async function rssKiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(/VmRSS:\s*(\d+)/.exec(status)?.[1] ?? NaN);
}

/** The results folder. */
export const RESULTS_DIR: string =
  new URL("./results/", import.meta.url).pathname;

/** Writes a result file as pretty JSON. */
export async function writeResult(name: string, data: unknown): Promise<void> {
  await Deno.mkdir(RESULTS_DIR, { recursive: true });
  await Deno.writeTextFile(
    `${RESULTS_DIR}${name}`,
    JSON.stringify(data, null, 2) + "\n",
  );
}

/** Formats a ratio as `0.93x`. */
export function ratio(value: number, base: number): string {
  return base > 0 ? `${(value / base).toFixed(2)}x` : "n/a";
}

/** Formats a whole number with thousands separators. */
export function whole(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** The bench's own config (its npm imports), for the processes it starts. */
export const BENCH_CONFIG: string =
  new URL("./deno.json", import.meta.url).pathname;
