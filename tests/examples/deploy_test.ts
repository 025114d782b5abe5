// The production topology with real processes: Debian's nginx, run
// unprivileged from a temporary prefix with examples/deploy/nginx.conf, in
// front of `deno serve --parallel examples/deploy/main.ts`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Child,
  freePort,
  serveArgs,
  spawn,
  spawnDeno,
  waitForPort,
} from "../_process.ts";
import { selfSigned, type TestCertificate } from "../_tls.ts";

const DEPLOY = new URL("../../examples/deploy/", import.meta.url);
const MAIN = fileURLToPath(new URL("main.ts", DEPLOY));
const NGINX = ["/usr/sbin/nginx", "nginx"];

/** The example config with this test's ports, paths and a 1 s timeout. */
async function siteConfig(
  ports: { http: number; https: number; app: number },
  tls: TestCertificate,
): Promise<string> {
  let text = await Deno.readTextFile(new URL("nginx.conf", DEPLOY));
  const swaps: [string, string][] = [
    ["listen 80;", `listen 127.0.0.1:${ports.http};`],
    ["listen 443 ssl http2;", `listen 127.0.0.1:${ports.https} ssl http2;`],
    ["server 127.0.0.1:8000;", `server 127.0.0.1:${ports.app};`],
    ["/etc/ssl/tornado/cert.pem", tls.certPath],
    ["/etc/ssl/tornado/key.pem", tls.keyPath],
    ["client_header_timeout 10s;", "client_header_timeout 1s;"],
  ];
  for (const [from, to] of swaps) {
    assert.ok(text.includes(from), `nginx.conf no longer has "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

/** A main config that keeps every file nginx writes in `dir`. */
function mainConfig(dir: string): string {
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((name) => `${name}_temp_path ${join(dir, name)};`).join("\n  ");
  return `daemon off;
master_process off;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp}
  include ${join(dir, "site.conf")};
}
`;
}

async function nginxPath(): Promise<string | null> {
  for (const path of NGINX) {
    try {
      const status = await spawn(path, ["-v"]).stop(null);
      if (status.success) return path;
    } catch { /* not there */ }
  }
  return null;
}

interface Topology {
  http: string;
  https: string;
  tls: TestCertificate;
  app: Child;
  nginx: Child;
}

async function withTopology(fn: (t: Topology) => Promise<void>): Promise<void> {
  const nginx = await nginxPath();
  if (nginx === null) {
    throw new Error("nginx is not installed (apt-get install nginx)");
  }
  const dir = await Deno.makeTempDir({ prefix: "tornado_nginx_" });
  const ports = { http: freePort(), https: freePort(), app: freePort() };
  const tls = await selfSigned(dir);
  await Deno.writeTextFile(
    join(dir, "site.conf"),
    await siteConfig(ports, tls),
  );
  await Deno.writeTextFile(join(dir, "nginx.conf"), mainConfig(dir));
  const app = spawnDeno(
    serveArgs(MAIN, ports.app, {
      args: ["--grace_period=1", "--logging=warn"],
    }),
  );
  const proxy = spawn(nginx, [
    "-p",
    dir,
    "-c",
    join(dir, "nginx.conf"),
    "-e",
    join(dir, "error.log"),
  ]);
  try {
    await waitForPort(ports.app);
    await waitForPort(ports.http);
    await fn({
      http: `http://127.0.0.1:${ports.http}`,
      https: `https://localhost:${ports.https}`,
      tls,
      app,
      nginx: proxy,
    });
    assert.equal((await app.stop()).code, 0, app.output());
  } finally {
    await proxy.stop("SIGQUIT");
    await app.stop("SIGKILL");
    await Deno.remove(dir, { recursive: true });
  }
}

async function json(response: Response): Promise<Record<string, unknown>> {
  assert.equal(response.status, 200);
  return await response.json();
}

/**
 * Long polls released by a post that another worker answered. Several
 * polls at once, each on its own upstream connection (nginx keeps them
 * alive), so the connections spread over the workers. Posts repeat until
 * every poll is answered, in case one subscribed late.
 */
async function pollAcrossWorkers(base: string): Promise<boolean> {
  for (const count of [8, 16, 24]) {
    let pending = count;
    const polls = Array.from({ length: count }, async () => {
      const result = await json(await fetch(`${base}/poll`));
      pending--;
      return result;
    });
    const posters = new Map<string, unknown>();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; pending > 0 && i < 20; i++) {
      const text = `hello ${count}-${i}`;
      const posted = await fetch(`${base}/publish`, {
        method: "POST",
        body: new URLSearchParams({ text }),
      });
      posters.set(text, (await json(posted)).worker);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const polled of await Promise.all(polls)) {
      const poster = posters.get(String(polled.message));
      assert.ok(poster, `unexpected message ${polled.message}`);
      if (poster !== polled.worker) return true;
    }
  }
  return false;
}

/** Sends a request head one byte at a time; resolves when nginx hangs up. */
async function slowloris(port: number): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const started = Date.now();
  const head = new TextEncoder().encode(
    "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(100),
  );
  const closed = (async () => {
    const buffer = new Uint8Array(1024);
    try {
      while (await conn.read(buffer) !== null) { /* a 408, then the end */ }
    } catch { /* reset */ }
  })();
  let done = false;
  void closed.then(() => done = true);
  try {
    for (let i = 0; i < head.length && !done; i++) {
      await conn.write(head.subarray(i, i + 1)).catch(() => done = true);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await closed;
    return Date.now() - started;
  } finally {
    try {
      conn.close();
    } catch { /* closed */ }
  }
}

Deno.test("examples/deploy behind nginx: TLS, xheaders, workers, websocket, static, slowloris", async () => {
  await withTopology(async ({ http, https, tls }) => {
    // HTTPS and HTTP/2 at nginx, from 127.0.0.2: the app reads X-Real-IP
    // and X-Scheme, and sets its cookie Secure.
    const curl = spawn("curl", [
      "-sS",
      "--http2",
      "--interface",
      "127.0.0.2",
      "--cacert",
      tls.certPath,
      "--resolve",
      `localhost:${new URL(https).port}:127.0.0.1`,
      "-D",
      "-",
      `${https}/whoami`,
    ]);
    assert.equal((await curl.stop(null)).code, 0, curl.output());
    assert.match(curl.output(), /^HTTP\/2 200/);
    assert.match(
      curl.output(),
      /set-cookie: visited=1; HttpOnly; Path=\/; Secure/i,
    );
    assert.match(curl.output(), /"remoteIp":"127\.0\.0\.2","protocol":"https"/);

    const whoami = await json(await fetch(`${http}/whoami`));
    assert.equal(whoami.protocol, "http");

    assert.ok(
      await pollAcrossWorkers(http),
      "every post hit the poller's worker",
    );

    const ws = new WebSocket(`${http.replace("http", "ws")}/ws`);
    const echoed = new Promise<string>((resolve, reject) => {
      ws.onmessage = (event) => resolve(String(event.data));
      ws.onerror = () => reject(new Error("websocket failed"));
    });
    ws.onopen = () => ws.send("through the proxy");
    assert.equal(await echoed, "through the proxy");
    const wsClosed = new Promise((resolve) => ws.onclose = resolve);
    ws.close();
    await wsClosed;

    const file = await fetch(`${http}/static/hello.txt`);
    assert.equal(
      await file.text(),
      "Served by Tornado for Deno behind nginx.\n",
    );
    const etag = file.headers.get("etag");
    assert.ok(etag);
    const again = await fetch(`${http}/static/hello.txt`, {
      headers: { "if-none-match": etag },
    });
    assert.equal(again.status, 304);
    await again.body?.cancel();

    // A slowloris connection is cut by nginx (client_header_timeout 1s)
    // while the app keeps answering.
    const cut = slowloris(Number(new URL(http).port));
    const health = await json(await fetch(`${http}/healthz`));
    assert.equal(health.status, "ok");
    const ms = await cut;
    assert.ok(
      ms >= 900 && ms < 4000,
      `nginx cut the connection after ${ms} ms`,
    );
  });
});

Deno.test("examples/deploy without --xheaders ignores X-Real-IP and X-Scheme", async () => {
  const port = freePort();
  const app = spawnDeno([
    "run",
    "-A",
    MAIN,
    `--port=${port}`,
    "--xheaders=false",
    "--logging=warn",
  ]);
  try {
    await waitForPort(port);
    const response = await fetch(`http://127.0.0.1:${port}/whoami`, {
      headers: { "x-real-ip": "203.0.113.9", "x-scheme": "https" },
    });
    const body = await json(response);
    assert.equal(body.remoteIp, "127.0.0.1");
    assert.equal(body.protocol, "http");
    assert.doesNotMatch(response.headers.get("set-cookie") ?? "", /Secure/);
    assert.equal((await app.stop()).code, 0, app.output());
  } finally {
    await app.stop("SIGKILL");
  }
});

Deno.test("examples/deploy: the --reuse_port command in nginx.conf runs two processes on one port", async () => {
  const conf = await Deno.readTextFile(new URL("nginx.conf", DEPLOY));
  const line = conf.match(/^#\s+deno run (.*) --reuse_port$/m);
  assert.ok(line, "nginx.conf shows no `deno run ... --reuse_port` command");
  const port = freePort();
  const args = ["run", ...line[1]!.split(/\s+/), "--reuse_port"].map((arg) =>
    arg === "examples/deploy/main.ts"
      ? MAIN
      : arg.replace(/^--port=\d+$/, `--port=${port}`)
  );
  const children = [spawnDeno(args), spawnDeno(args)];
  try {
    const deadline = Date.now() + 20_000;
    while (
      children.some((child) => !child.output().includes("Listening on")) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitForPort(port);
    const workers = new Set<string>();
    for (let i = 0; i < 100 && workers.size < 2; i++) {
      // A new connection each time: the kernel spreads connections.
      const health = await (await fetch(`http://127.0.0.1:${port}/healthz`, {
        headers: { connection: "close" },
      })).json();
      workers.add(health.worker);
    }
    assert.equal(workers.size, 2, children.map((c) => c.output()).join("\n"));
  } finally {
    for (const child of children) await child.stop("SIGKILL");
  }
});
