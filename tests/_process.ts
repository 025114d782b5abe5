// Real processes for the production tests: a free port, a child Deno (or
// any command) that is always killed, and waiting until a port answers.

/** A free TCP port on 127.0.0.1 (closed again, so a child can take it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Resolves once something accepts connections on `port`. */
export async function waitForPort(port: number, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`Nothing listens on port ${port} after ${ms} ms`);
}

/** Whether a connection to `port` is refused. */
export async function refused(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return false;
  } catch {
    return true;
  }
}

/** A child process whose output is collected. */
export interface Child {
  process: Deno.ChildProcess;
  /** Everything written so far to stdout and stderr. */
  output(): string;
  /**
   * Sends a signal (none with `null`) and waits for the exit; SIGKILL
   * after `ms`.
   */
  stop(signal?: Deno.Signal | null, ms?: number): Promise<Deno.CommandStatus>;
}

/** Starts `command` with `args`, collecting its output. */
export function spawn(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Child {
  const process = new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...options,
  }).spawn();
  let text = "";
  const collect = (stream: ReadableStream<Uint8Array>) =>
    stream.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (chunk) => void (text += chunk) }),
    ).catch(() => {});
  const collected = Promise.all([
    collect(process.stdout),
    collect(process.stderr),
  ]);
  let stopped: Promise<Deno.CommandStatus> | undefined;
  return {
    process,
    output: () => text,
    stop(signal = "SIGTERM", ms = 5000) {
      stopped ??= (async () => {
        try {
          if (signal !== null) process.kill(signal);
        } catch { /* already gone */ }
        const timer = setTimeout(() => {
          try {
            process.kill("SIGKILL");
          } catch { /* gone */ }
        }, ms);
        const status = await process.status;
        clearTimeout(timer);
        await collected;
        return status;
      })();
      return stopped;
    },
  };
}

/** Starts `deno <args>` (the Deno running the tests). */
export function spawnDeno(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Child {
  return spawn(Deno.execPath(), args, options);
}

/** Arguments of `deno serve -A [--parallel]` on 127.0.0.1:`port`. */
export function serveArgs(
  file: string,
  port: number,
  options: { parallel?: boolean; args?: string[] } = {},
): string[] {
  return [
    "serve",
    "-A",
    ...(options.parallel === false ? [] : ["--parallel"]),
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    file,
    ...(options.args ?? []),
  ];
}
