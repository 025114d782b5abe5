// Starting a server process, reading the lines it announces, stopping it.

/** A server process started for a benchmark. */
export interface ServerProcess {
  /** The process (its pid is the server's, as taskset execs). */
  readonly child: Deno.ChildProcess;
  /** Lines the server printed before it announced its port. */
  readonly lines: string[];
  /** The port it listens on. */
  readonly port: number;
  /** The last lines of its standard error, for error reports. */
  stderr(): string;
  /** Stops it (SIGTERM, then SIGKILL after a second). */
  stop(): Promise<void>;
}

/**
 * Starts `command` and waits (up to `timeoutMs`) for the line `PORT <n>`.
 *
 * @throws {Error} When the process exits or stays silent.
 */
export async function startProcess(
  command: string[],
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = new Deno.Command(command[0]!, {
    args: command.slice(1),
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  let errText = "";
  (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      errText = (errText + decoder.decode(chunk, { stream: true })).slice(
        -4000,
      );
    }
  })().catch(() => {});
  const lines: string[] = [];
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let port = 0;
  const deadline = Date.now() + timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    while (port === 0 && Date.now() < deadline) {
      const result = await Promise.race([reader.read(), timeout]);
      if (result === null || result.done) break;
      buffer += result.value;
      let nl;
      while ((nl = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^PORT (\d+)$/.exec(line);
        if (m) port = Number(m[1]);
        else lines.push(line);
      }
    }
  } finally {
    clearTimeout(timer);
  }
  // Keep draining stdout so the server never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })().catch(() => {});
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    const killer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 1000);
    await child.status;
    clearTimeout(killer);
  };
  if (port === 0) {
    await stop();
    throw new Error(
      `Cannot start "${command.join(" ")}": no port announced\n${errText}`,
    );
  }
  return { child, lines, port, stderr: () => errText, stop };
}
