// Long polling on raw Deno.serve: GET /wait holds until POST /publish;
// GET /count says how many are waiting. Prints `PORT <n>` when listening.
type Waiter = (message: string | null) => void;
const waiters = new Set<Waiter>();

Deno.addSignalListener("SIGTERM", () => Deno.exit(0));
Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`PORT ${port}`),
}, async (req) => {
  const path = new URL(req.url).pathname;
  if (path === "/wait") {
    const message = await new Promise<string | null>((resolve) => {
      waiters.add(resolve);
      req.signal.addEventListener("abort", () => {
        waiters.delete(resolve);
        resolve(null);
      }, { once: true });
    });
    return new Response(message ?? "");
  }
  if (path === "/publish" && req.method === "POST") {
    const message = new URLSearchParams(await req.text()).get("message") ?? "";
    const count = waiters.size;
    for (const waiter of waiters) waiter(message);
    waiters.clear();
    return new Response(String(count));
  }
  if (path === "/count") return new Response(String(waiters.size));
  if (path === "/memory") return Response.json(Deno.memoryUsage());
  return new Response("Not Found", { status: 404 });
});
