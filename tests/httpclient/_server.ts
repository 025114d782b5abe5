// A loopback test server: calls fn(baseUrl) and always shuts down.
export async function withServer<T>(
  handler: (request: Request) => Response | Promise<Response>,
  fn: (baseUrl: string) => Promise<T>,
): Promise<T> {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    handler,
  );
  try {
    return await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** Resolves after `ms`, or early when `signal` aborts; never leaks a timer. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** A port nothing listens on: bound, then closed at once. */
export function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

export async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A raw TCP server that answers each connection with `reply` (a whole HTTP
 * response) and closes; for status lines Deno.serve cannot write.
 */
export async function withRawServer<T>(
  reply: string,
  fn: (baseUrl: string) => Promise<T>,
): Promise<T> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    for await (const conn of listener) {
      const buffer = new Uint8Array(65536);
      await conn.read(buffer);
      await conn.write(new TextEncoder().encode(reply));
      conn.close();
    }
  })();
  try {
    return await fn(`http://127.0.0.1:${listener.addr.port}`);
  } finally {
    listener.close();
    await serving.catch(() => {});
  }
}
