// How many waiting long-poll connections one server process holds, and at
// what memory cost. Starts bench/longpoll/server.ts, opens N raw sockets
// that each wait on POST /a/message/updates, reads the server's RSS, then
// posts one message and times the fan-out to every waiter.
//
//   deno run -A bench/longpoll/probe.ts 2000 10000
//
// Needs `ulimit -n` above the largest N (both processes hold N sockets).
//
// Measured 2026-11-26, Deno 2.9.6, 2 shared cores, ulimit -n 20000:
//   2000 waiters: RSS 44.5 -> 124.2 MiB (~41 KiB each), fan-out 108 ms
//  10000 waiters: RSS 43.5 -> 346.7 MiB (~31 KiB each), fan-out 306 ms
// Every waiter answered exactly once and none was left subscribed.
const counts = Deno.args.length > 0 ? Deno.args.map(Number) : [2000, 10000];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The chat app checks XSRF: send the same token as cookie and header.
const XSRF_TOKEN = "5f".repeat(16);
const XSRF_HEADERS = {
  cookie: `_xsrf=${XSRF_TOKEN}`,
  "x-xsrftoken": XSRF_TOKEN,
};

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function stats(
  base: string,
): Promise<{ waiters: number; rssKb: number }> {
  return await (await fetch(`${base}/stats`)).json();
}

async function probe(n: number): Promise<void> {
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./server.ts", import.meta.url).pathname,
      String(port),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
  await reader.read(); // "ready"
  const conns: Deno.TcpConn[] = [];
  try {
    const idle = await stats(base);
    const first = await (await fetch(`${base}/a/message/new`, {
      method: "POST",
      headers: XSRF_HEADERS,
      body: new URLSearchParams({ body: "start" }),
    })).json();
    const body = `cursor=${first.id}`;
    const request = encoder.encode(
      `POST /a/message/updates HTTP/1.1\r\nHost: x\r\nCookie: _xsrf=${XSRF_TOKEN}\r\nX-XSRFToken: ${XSRF_TOKEN}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    const started = performance.now();
    for (let i = 0; i < n; i += 200) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(200, n - i) }, async () => {
          const conn = await Deno.connect({ hostname: "127.0.0.1", port });
          await conn.write(request);
          return conn;
        }),
      );
      conns.push(...batch);
    }
    let s = await stats(base);
    while (s.waiters < n) {
      await new Promise((r) => setTimeout(r, 100));
      s = await stats(base);
    }
    const connectMs = performance.now() - started;
    const answers = conns.map(async (conn) => {
      const buf = new Uint8Array(4096);
      let text = "";
      while (!text.includes('"messages"')) {
        const got = await conn.read(buf);
        if (got === null) break;
        text += decoder.decode(buf.subarray(0, got));
      }
      return text.includes('"body":"go"');
    });
    const posted = performance.now();
    await fetch(`${base}/a/message/new`, {
      method: "POST",
      headers: XSRF_HEADERS,
      body: new URLSearchParams({ body: "go" }),
    }).then((r) => r.body?.cancel());
    const ok = (await Promise.all(answers)).filter(Boolean).length;
    const fanOutMs = performance.now() - posted;
    const after = await stats(base);
    console.log(
      `${n} waiters: idle RSS ${(idle.rssKb / 1024).toFixed(1)} MiB, ` +
        `waiting RSS ${(s.rssKb / 1024).toFixed(1)} MiB ` +
        `(${((s.rssKb - idle.rssKb) / n).toFixed(1)} KiB per waiter), ` +
        `all waiting after ${connectMs.toFixed(0)} ms, ` +
        `${ok}/${n} answered in ${fanOutMs.toFixed(0)} ms, ` +
        `waiters left ${after.waiters}`,
    );
  } finally {
    for (const conn of conns) {
      try {
        conn.close();
      } catch { /* closed */ }
    }
    server.kill("SIGKILL");
    await server.status;
    await reader.cancel();
  }
}

console.log(
  `ulimit -n: ${
    new TextDecoder().decode(
      (await new Deno.Command("sh", { args: ["-c", "ulimit -n"] }).output())
        .stdout,
    ).trim()
  }`,
);
for (const n of counts) await probe(n);
