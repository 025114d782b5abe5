// The load client used when wrk is missing: `connections` loops of fetch for
// `seconds`, printing {"rps", "errors"} as JSON.
const { url, probe, seconds, connections } = JSON.parse(Deno.args[0]!) as {
  url: string;
  probe: { method: string; headers: Record<string, string>; body?: string };
  seconds: number;
  connections: number;
};
let count = 0;
let errors = 0;
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: connections }, async () => {
    const client = Deno.createHttpClient({ poolMaxIdlePerHost: 1 });
    try {
      while (performance.now() < end) {
        try {
          const response = await fetch(url, {
            client,
            method: probe.method,
            headers: probe.headers,
            ...(probe.body === undefined ? {} : { body: probe.body }),
          });
          await response.arrayBuffer();
          if (response.status === 200) count++;
          else errors++;
        } catch {
          errors++;
        }
      }
    } finally {
      client.close();
    }
  }),
);
console.log(JSON.stringify({ rps: count / seconds, errors }));
