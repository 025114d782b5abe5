import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  HTTPError,
  type Route,
} from "../../web/mod.ts";
import { AppTestClient, withServer } from "../../testing/mod.ts";
import { websocketConnect, WebSocketHandler } from "../../websocket/mod.ts";

const quiet: ApplicationSettings = { logFunction: () => {} };

function wsUrl(baseUrl: string, path: string): string {
  return baseUrl.replace("http:", "ws:") + path;
}

/** Waits until `check()` holds (polling), failing after a second. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(check(), "condition not reached in time");
}

class Echo extends WebSocketHandler {
  override onMessage(message: string | Uint8Array): void {
    this.writeMessage(message);
  }
}

const HANDSHAKE = {
  upgrade: "websocket",
  connection: "Upgrade",
  "sec-websocket-version": "13",
  "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
};

async function serve<T>(
  routes: Route[],
  fn: (baseUrl: string) => Promise<T>,
  settings: ApplicationSettings = {},
): Promise<T> {
  return await withServer(
    new Application(routes, { ...quiet, ...settings }),
    fn,
  );
}

Deno.test("WebSocketHandler echoes text and binary messages", async () => {
  await serve([["/echo", Echo]], async (baseUrl) => {
    const conn = await websocketConnect(wsUrl(baseUrl, "/echo"));
    await conn.writeMessage("héllo");
    assert.equal(await conn.readMessage(), "héllo");
    await conn.writeMessage(new Uint8Array([0, 1, 255]));
    assert.deepEqual(await conn.readMessage(), new Uint8Array([0, 1, 255]));
    await conn.writeMessage("as bytes", { binary: true });
    assert.deepEqual(
      await conn.readMessage(),
      new TextEncoder().encode("as bytes"),
    );
    await conn.writeMessage({ a: 1 });
    assert.equal(await conn.readMessage(), '{"a":1}');
    await conn.close();
    assert.equal(await conn.readMessage(), null);
  });
});

Deno.test("WebSocketHandler.open() gets the route's arguments; prepare() runs before", async () => {
  const events: string[] = [];
  class Room extends WebSocketHandler {
    override prepare(): void {
      events.push(`prepare ${this.request.headers.get("cookie")}`);
    }
    override async open(room: string): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push(`open ${room}`);
      this.writeMessage(`welcome to ${room}`);
    }
    override onMessage(message: string | Uint8Array): void {
      events.push(`message ${message}`);
    }
  }
  await serve([["/room/(\\w+)", Room]], async (baseUrl) => {
    const conn = await websocketConnect(wsUrl(baseUrl, "/room/lobby"), {
      headers: { cookie: "user=ann" },
    });
    await conn.writeMessage("early"); // sent before open() has finished
    assert.equal(await conn.readMessage(), "welcome to lobby");
    await until(() => events.length === 3);
    assert.deepEqual(events, [
      "prepare user=ann",
      "open lobby",
      "message early",
    ]);
    await conn.close();
  });
});

Deno.test("WebSocketHandler.onMessage() handles async messages one at a time, in order", async () => {
  const seen: string[] = [];
  let running = 0;
  let overlapped = false;
  class Slow extends WebSocketHandler {
    override async onMessage(message: string | Uint8Array): Promise<void> {
      running++;
      if (running > 1) overlapped = true;
      await new Promise((resolve) => setTimeout(resolve, 10 - seen.length));
      seen.push(String(message));
      running--;
      if (seen.length === 5) this.writeMessage("done");
    }
  }
  await serve([["/", Slow]], async (baseUrl) => {
    const conn = await websocketConnect(wsUrl(baseUrl, "/"));
    for (const m of ["a", "b", "c", "d", "e"]) await conn.writeMessage(m);
    assert.equal(await conn.readMessage(), "done");
    assert.deepEqual(seen, ["a", "b", "c", "d", "e"]);
    assert.equal(overlapped, false);
    await conn.close();
  });
});

Deno.test("WebSocketHandler.closeCode and closeReason come from the client; onClose() runs once", async () => {
  const closes: [number | null, string | null][] = [];
  class Watch extends WebSocketHandler {
    override onClose(): void {
      closes.push([this.closeCode, this.closeReason]);
    }
  }
  await serve([["/", Watch]], async (baseUrl) => {
    const conn = await websocketConnect(wsUrl(baseUrl, "/"));
    await conn.close(4001, "going away");
    await until(() => closes.length === 1);
    const plain = await websocketConnect(wsUrl(baseUrl, "/"));
    await plain.close();
    await until(() => closes.length === 2);
  });
  assert.deepEqual(closes, [[4001, "going away"], [1000, ""]]);
});

Deno.test("WebSocketHandler.close() sends its code and reason to the client", async () => {
  let handler: WebSocketHandler | undefined;
  class Closer extends WebSocketHandler {
    override open(): void {
      handler = this;
      this.close(4002, "bye");
    }
  }
  await serve([["/", Closer]], async (baseUrl) => {
    const conn = await websocketConnect(wsUrl(baseUrl, "/"));
    assert.equal(await conn.readMessage(), null);
    assert.equal(conn.closeCode, 4002);
    assert.equal(conn.closeReason, "bye");
    assert.throws(() => conn.writeMessage("late"), {
      name: "WebSocketClosedError",
    });
    await until(() => handler?.closeCode !== undefined);
    assert.throws(() => handler!.writeMessage("late"), {
      name: "WebSocketClosedError",
      message: "Cannot write a message: the websocket is closed",
    });
    assert.throws(() => handler!.ping(), { name: "WebSocketClosedError" });
  });
});

Deno.test("WebSocketHandler.ping() says Deno cannot send pings", async () => {
  const errors: string[] = [];
  class Pinger extends WebSocketHandler {
    override open(): void {
      try {
        this.ping();
      } catch (error) {
        errors.push((error as Error).message);
      }
      this.writeMessage("opened");
    }
  }
  await serve([["/", Pinger]], async (baseUrl) => {
    const conn = await websocketConnect(wsUrl(baseUrl, "/"));
    assert.equal(await conn.readMessage(), "opened");
    await conn.close();
  });
  assert.match(errors[0] ?? "", /^Cannot send a ping: Deno's websocket API/);
});

Deno.test("WebSocketHandler closes with 1009 when a message passes websocketMaxMessageSize", async () => {
  const got: number[] = [];
  class Sized extends WebSocketHandler {
    override onMessage(message: string | Uint8Array): void {
      got.push(message.length);
      this.writeMessage("ok");
    }
  }
  await serve([["/", Sized]], async (baseUrl) => {
    const conn = await websocketConnect(wsUrl(baseUrl, "/"));
    await conn.writeMessage("x".repeat(100));
    assert.equal(await conn.readMessage(), "ok");
    await conn.writeMessage("é".repeat(51)); // 102 bytes in UTF-8
    assert.equal(await conn.readMessage(), null);
    assert.equal(conn.closeCode, 1009);
  }, { websocketMaxMessageSize: 100 });
  assert.deepEqual(got, [100]);
});

Deno.test("WebSocketHandler closes with 1011 when onMessage() throws", async () => {
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args[0]);
  class Broken extends WebSocketHandler {
    override onMessage(): void {
      throw new Error("boom");
    }
  }
  try {
    await serve([["/", Broken]], async (baseUrl) => {
      const conn = await websocketConnect(wsUrl(baseUrl, "/"));
      await conn.writeMessage("x");
      assert.equal(await conn.readMessage(), null);
      assert.equal(conn.closeCode, 1011);
    });
  } finally {
    console.error = original;
  }
  assert.deepEqual(logged, ["Uncaught exception in onMessage()"]);
});

Deno.test("WebSocketHandler closes with 1008 and one log line when onMessage() throws an HTTPError 4xx", async () => {
  const warned: unknown[] = [];
  const errors: unknown[] = [];
  const [warn, error] = [console.warn, console.error];
  console.warn = (...args: unknown[]) => warned.push(args.join(" "));
  console.error = (...args: unknown[]) => errors.push(args[0]);
  class Picky extends WebSocketHandler {
    override onMessage(message: string | Uint8Array): void {
      if (String(message).trim() === "") {
        throw new HTTPError(400, "Empty message", { reason: "Empty message" });
      }
    }
  }
  try {
    await serve([["/", Picky]], async (baseUrl) => {
      const conn = await websocketConnect(wsUrl(baseUrl, "/"));
      await conn.writeMessage("   ");
      assert.equal(await conn.readMessage(), null);
      assert.equal(conn.closeCode, 1008);
      assert.equal(conn.closeReason, "Empty message");
    });
  } finally {
    [console.warn, console.error] = [warn, error];
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(warned, [
    "WebSocket onMessage() refused: HTTP 400: Empty message (Empty message)",
  ]);
});

Deno.test("WebSocketHandler.open() and onMessage() read the handshake's headers and cookies", async () => {
  const seen: string[] = [];
  class Reader extends WebSocketHandler {
    override open(): void {
      seen.push(`${this.getCookie("who")} ${this.request.headers.get("x-a")}`);
    }
    override onMessage(): void {
      const language = this.request.headers.get("accept-language");
      seen.push(`${this.request.cookies.get("who")} ${language}`);
      this.close();
    }
  }
  await serve([["/", Reader]], async (baseUrl) => {
    const socket = new WebSocket(wsUrl(baseUrl, "/"), {
      headers: { cookie: "who=ann", "x-a": "1", "accept-language": "fr-FR" },
    } as never);
    await new Promise((resolve) => socket.onopen = resolve);
    socket.send("hi");
    await new Promise((resolve) => socket.onclose = resolve);
  });
  assert.deepEqual(seen, ["ann 1", "ann fr-FR"]);
});

Deno.test("WebSocketHandler: an HTTPError 5xx in open() is one warning line (no stack trace) and a 1011 close", async () => {
  const logged: string[] = [];
  const saved = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) =>
    logged.push(args.map(String).join(" "));
  console.error = (...args: unknown[]) =>
    logged.push(args.map(String).join(" "));
  class Unavailable extends WebSocketHandler {
    override open(): void {
      throw new HTTPError(503, "Bus down");
    }
  }
  try {
    await serve([["/", Unavailable]], async (baseUrl) => {
      const conn = await websocketConnect(wsUrl(baseUrl, "/"));
      assert.equal(await conn.readMessage(), null);
      assert.equal(conn.closeCode, 1011);
    });
  } finally {
    Object.assign(console, saved);
  }
  assert.deepEqual(logged, [
    "WebSocket open() failed: HTTP 503: Service Unavailable (Bus down)",
  ]);
});

Deno.test("WebSocketHandler refuses requests that are not websocket handshakes", async () => {
  const client = new AppTestClient(new Application([["/", Echo]], quiet));
  const plain = await client.fetch("/");
  assert.equal(plain.status, 400);
  assert.equal(await plain.text(), 'Can "Upgrade" only to "WebSocket".');
  const badConnection = await client.fetch("/", {
    headers: { ...HANDSHAKE, connection: "keep-alive" },
  });
  assert.equal(badConnection.status, 400);
  assert.equal(await badConnection.text(), '"Connection" must be "Upgrade".');
  const oldVersion = await client.fetch("/", {
    headers: { ...HANDSHAKE, "sec-websocket-version": "8" },
  });
  assert.equal(oldVersion.status, 426);
  assert.equal(oldVersion.headers.get("sec-websocket-version"), "13");
  await oldVersion.body?.cancel();
  const post = await client.fetch("/", { method: "POST", headers: HANDSHAKE });
  assert.equal(post.status, 405);
  await post.body?.cancel();
});

Deno.test("WebSocketHandler.checkOrigin() accepts the same host only, unless overridden", async () => {
  class Open extends Echo {
    override checkOrigin(origin: string): boolean {
      return origin === "https://friend.example";
    }
  }
  await serve([["/", Echo], ["/open", Open]], async (baseUrl) => {
    const host = new URL(baseUrl).host;
    const client = new AppTestClient(new Application([["/", Echo]], quiet), {
      baseUrl,
    });
    const cross = await client.fetch("/", {
      headers: { ...HANDSHAKE, origin: "http://evil.example" },
    });
    assert.equal(cross.status, 403);
    assert.equal(await cross.text(), "Cross origin websockets not allowed");
    const same = await websocketConnect(wsUrl(baseUrl, "/"), {
      headers: { origin: `http://${host}` },
    });
    await same.writeMessage("same");
    assert.equal(await same.readMessage(), "same");
    await same.close();
    await assert.rejects(
      websocketConnect(wsUrl(baseUrl, "/"), {
        headers: { origin: "http://evil.example" },
      }),
      /Cannot connect to websocket/,
    );
    const friend = await websocketConnect(wsUrl(baseUrl, "/open"), {
      headers: { origin: "https://friend.example" },
    });
    await friend.close();
  });
});

Deno.test("WebSocketHandler.selectSubprotocol() picks from the client's list", async () => {
  const offered: string[][] = [];
  class Proto extends Echo {
    override selectSubprotocol(protocols: string[]): string | null {
      offered.push(protocols);
      return protocols.includes("chat.v2") ? "chat.v2" : null;
    }
  }
  await serve([["/", Proto]], async (baseUrl) => {
    const v2 = await websocketConnect(wsUrl(baseUrl, "/"), {
      subprotocols: ["chat.v1", "chat.v2"],
    });
    assert.equal(v2.selectedSubprotocol, "chat.v2");
    await v2.close();
    const none = await websocketConnect(wsUrl(baseUrl, "/"));
    assert.equal(none.selectedSubprotocol, null);
    await none.close();
  });
  assert.deepEqual(offered, [["chat.v1", "chat.v2"]]);
});

Deno.test("WebSocketHandler: an HTTPError in prepare() refuses the upgrade", async () => {
  class Private extends Echo {
    override prepare(): void {
      if (this.request.headers.get("cookie") === null) throw new HTTPError(403);
    }
  }
  await serve([["/", Private]], async (baseUrl) => {
    await assert.rejects(
      websocketConnect(wsUrl(baseUrl, "/")),
      /Cannot connect to websocket/,
    );
    const conn = await websocketConnect(wsUrl(baseUrl, "/"), {
      headers: { cookie: "user=bob" },
    });
    await conn.close();
  });
});

Deno.test("websocketConnect() rejects when nothing listens", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await assert.rejects(
    websocketConnect(`ws://127.0.0.1:${port}/`),
    /Cannot connect to websocket "ws:\/\/127\.0\.0\.1:\d+\/"/,
  );
});

Deno.test("websocketPingInterval makes Deno ping the client and drop one that never answers", async () => {
  let closed = false;
  class Pinged extends WebSocketHandler {
    override onClose(): void {
      closed = true;
    }
  }
  await serve([["/", Pinged]], async (baseUrl) => {
    const port = Number(new URL(baseUrl).port);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      const head = Object.entries({ ...HANDSHAKE, host: `127.0.0.1:${port}` })
        .map(([name, value]) => `${name}: ${value}\r\n`).join("");
      await conn.write(
        new TextEncoder().encode(`GET / HTTP/1.1\r\n${head}\r\n`),
      );
      // A raw client that reads frames but never sends a pong.
      const bytes: number[] = [];
      const buf = new Uint8Array(1024);
      const started = Date.now();
      let text = "";
      while (!text.includes("\r\n\r\n")) {
        const n = await conn.read(buf);
        assert.notEqual(n, null);
        for (const b of buf.subarray(0, n!)) bytes.push(b);
        text = new TextDecoder().decode(new Uint8Array(bytes));
      }
      assert.match(text, /^HTTP\/1\.1 101 /);
      const frames = bytes.slice(text.indexOf("\r\n\r\n") + 4);
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        frames.push(...buf.subarray(0, n));
      }
      // An empty ping, then a close frame with code 1001 and Deno's reason.
      assert.deepEqual(frames.slice(0, 3), [0x89, 0, 0x88]);
      const close = frames.slice(4, 4 + frames[3]!);
      assert.equal(close[0]! * 256 + close[1]!, 1001);
      assert.equal(
        new TextDecoder().decode(new Uint8Array(close.slice(2))),
        "No response from ping frame.",
      );
      assert.ok(Date.now() - started < 5000);
    } finally {
      conn.close();
    }
    await until(() => closed);
  }, { websocketPingInterval: 0.5 });
});

Deno.test("WebSocketHandler sends headers set in prepare() with the 101 response", async () => {
  class Cookies extends Echo {
    override prepare(): void {
      this.addHeader("Set-Cookie", "session=abc; Path=/");
      this.addHeader("Set-Cookie", "theme=dark; Path=/");
      this.setHeader("X-Room", "lobby");
      this.setHeader("X-Gone", "1");
      this.clearHeader("X-Gone");
    }
  }
  await serve([["/", Cookies]], async (baseUrl) => {
    const lines = await handshakeLines(baseUrl);
    {
      assert.match(lines[0]!, /^http\/1\.1 101 /);
      assert.ok(lines.includes("set-cookie: session=abc; path=/"));
      assert.ok(lines.includes("set-cookie: theme=dark; path=/"));
      assert.ok(lines.includes("x-room: lobby"));
      assert.ok(!lines.some((line) => line.startsWith("x-gone")));
      assert.ok(!lines.some((line) => line.startsWith("content-type")));
    }
  });
});

/** Sends a raw handshake; returns the response head's lines, lower case. */
async function handshakeLines(
  baseUrl: string,
  extra: Record<string, string> = {},
): Promise<string[]> {
  const port = Number(new URL(baseUrl).port);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const head = Object.entries({
      ...HANDSHAKE,
      host: `127.0.0.1:${port}`,
      ...extra,
    }).map(([name, value]) => `${name}: ${value}\r\n`).join("");
    await conn.write(new TextEncoder().encode(`GET / HTTP/1.1\r\n${head}\r\n`));
    let text = "";
    const buf = new Uint8Array(4096);
    while (!text.includes("\r\n\r\n")) {
      const n = await conn.read(buf);
      assert.notEqual(n, null);
      text += new TextDecoder().decode(buf.subarray(0, n!));
    }
    return text.slice(0, text.indexOf("\r\n\r\n")).split("\r\n")
      .map((line) => line.toLowerCase());
  } finally {
    conn.close();
  }
}

Deno.test("WebSocketHandler sends cookies set in prepare() (plain, signed, XSRF) with the 101 response", async () => {
  let token = "";
  class Cookies extends Echo {
    override prepare(): void {
      this.setCookie("theme", "dark");
      this.setSignedCookie("user", "ann");
      token = this.xsrfToken;
    }
  }
  await serve([["/", Cookies]], async (baseUrl) => {
    const lines = await handshakeLines(baseUrl);
    assert.match(lines[0]!, /^http\/1\.1 101 /);
    const cookies = lines.filter((line) => line.startsWith("set-cookie: "))
      .map((line) => line.slice("set-cookie: ".length));
    assert.equal(cookies.length, 3);
    assert.ok(cookies.includes("theme=dark; path=/"));
    const signed = cookies.find((cookie) => cookie.startsWith("user="));
    assert.match(
      signed!,
      /^user="?2\|1:0\|10:\d+\|4:user\|4:yw5u\|[0-9a-f]{64}"?; expires=/,
    );
    const xsrf = cookies.find((cookie) => cookie.startsWith("_xsrf="));
    assert.equal(xsrf, `_xsrf=${token.toLowerCase()}; path=/`);
  }, { cookieSecret: "secret" });
});

Deno.test("WebSocketHandler: the access log reads the client's address through the proxy headers", async () => {
  const logged: string[] = [];
  await serve([["/", Echo]], async (baseUrl) => {
    const lines = await handshakeLines(baseUrl, { "x-real-ip": "10.0.0.7" });
    assert.match(lines[0]!, /^http\/1\.1 101 /);
  }, {
    xheaders: true,
    logFunction: (handler) =>
      logged.push(`${handler.getStatus()} ${handler.request.remoteIp}`),
  });
  assert.deepEqual(logged, ["101 10.0.0.7"]);
});
