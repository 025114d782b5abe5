// A real redis-server for the tests, on a free loopback port: started,
// killed and restarted (empty) on the same port, optionally with a
// password or TLS. Tests are ignored with a message when it is missing.
import { join } from "node:path";
import { freePort, waitForPort } from "../_process.ts";

export const REDIS_SERVER = "/usr/bin/redis-server";

/** Whether redis-server is installed (warns once when it is not). */
export const hasRedis: boolean = (() => {
  try {
    Deno.statSync(REDIS_SERVER);
    return true;
  } catch {
    console.warn(`SKIPPED Redis tests: ${REDIS_SERVER} is missing`);
    return false;
  }
})();

/** Options of {@linkcode RedisServer.start}. */
export interface RedisServerOptions {
  password?: string;
  /** Serve TLS only, with a throwaway CA made by openssl. */
  tls?: boolean;
}

/** One redis-server process (restartable on the same port). */
export class RedisServer {
  readonly port: number;
  readonly url: string;
  /** The CA's PEM certificate when started with `tls`. */
  readonly ca: string | undefined;
  #args: string[];
  #child: Deno.ChildProcess | undefined;
  #dir: string | undefined;

  private constructor(
    port: number,
    args: string[],
    url: string,
    ca?: string,
    dir?: string,
  ) {
    this.port = port;
    this.#args = args;
    this.url = url;
    this.ca = ca;
    this.#dir = dir;
  }

  /** Starts a server and waits until it accepts connections. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const port = freePort();
    const args = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    if (options.password !== undefined) {
      args.push("--requirepass", options.password);
    }
    const auth = options.password === undefined ? "" : `:${options.password}@`;
    let server: RedisServer;
    if (options.tls) {
      const dir = await Deno.makeTempDir({ prefix: "redis-tls-" });
      await makeCertificates(dir);
      args.push(
        "--port",
        "0",
        "--tls-port",
        String(port),
        "--tls-cert-file",
        join(dir, "server.crt"),
        "--tls-key-file",
        join(dir, "server.key"),
        "--tls-ca-cert-file",
        join(dir, "ca.crt"),
        "--tls-auth-clients",
        "no",
      );
      const ca = await Deno.readTextFile(join(dir, "ca.crt"));
      server = new RedisServer(
        port,
        args,
        `rediss://${auth}localhost:${port}`,
        ca,
        dir,
      );
    } else {
      args.push("--port", String(port));
      server = new RedisServer(port, args, `redis://${auth}127.0.0.1:${port}`);
    }
    await server.restart();
    return server;
  }

  /** Starts it again (empty) after `kill()`. */
  async restart(): Promise<void> {
    this.#child = new Deno.Command(REDIS_SERVER, {
      args: this.#args,
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForPort(this.port);
  }

  /** Freezes it (SIGSTOP): connections stay open, nothing answers. */
  pause(): void {
    this.#child?.kill("SIGSTOP");
  }

  /** Lets it run again after `pause()` (SIGCONT). */
  resume(): void {
    this.#child?.kill("SIGCONT");
  }

  /** Kills it at once (SIGKILL): its data is lost. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined) return;
    child.kill("SIGKILL");
    await child.status;
  }

  /** Kills it and removes its files. */
  async stop(): Promise<void> {
    await this.kill();
    if (this.#dir !== undefined) {
      await Deno.remove(this.#dir, { recursive: true });
    }
  }
}

async function openssl(dir: string, args: string[]): Promise<void> {
  const { success, stderr } = await new Deno.Command("openssl", {
    args,
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(
      `openssl ${args[0]} failed: ${new TextDecoder().decode(stderr)}`,
    );
  }
}

// A CA and a server certificate for "localhost", valid for a day.
async function makeCertificates(dir: string): Promise<void> {
  await openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-subj",
    "/CN=Test CA",
  ]);
  await openssl(dir, [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=localhost",
  ]);
  await Deno.writeTextFile(
    join(dir, "ext.cnf"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
  );
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.crt",
    "-days",
    "1",
    "-extfile",
    "ext.cnf",
  ]);
}
