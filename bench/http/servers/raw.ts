// The ceiling: raw Deno.serve with hand-written routing, rendering and HMAC.
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";
import {
  COOKIE_SECRET,
  COOKIE_VALUE,
  renderByHand,
  ROUTE_COUNT,
  ROWS,
  TITLE,
} from "../../_data.ts";
import { announce, announceCookie, scenarioArg } from "./_common.ts";

// `new Response(text)` is sent as `text/plain;charset=UTF-8` by default.
const HTML = { "content-type": "text/html; charset=UTF-8" };

function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  const q = url.indexOf("?", start);
  return q === -1 ? url.slice(start) : url.slice(start, q);
}

// 100 routes `/item<i>/:id`, looked up by their first segment.
const items = new Map<string, (id: string) => Response>();
for (let i = 0; i < ROUTE_COUNT; i++) {
  items.set(
    `item${i}`,
    (id) => new Response(`item ${i} id ${id}`),
  );
}

function readCookie(header: string | null, name: string): string | null {
  if (header === null) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      return part.slice(eq + 1).trim();
    }
  }
  return null;
}

// Cookie "user" is `<base64 value>|<hex HMAC-SHA256 of "user|<base64>">`.
function verifyCookie(cookie: string | null): string | null {
  if (cookie === null) return null;
  const bar = cookie.lastIndexOf("|");
  if (bar === -1) return null;
  const payload = cookie.slice(0, bar);
  const expected = createHmac("sha256", COOKIE_SECRET)
    .update(`user|${payload}`).digest();
  const given = Buffer.from(cookie.slice(bar + 1), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return null;
  }
  return atob(payload);
}

const handlers: Record<string, (req: Request) => Response | Promise<Response>> =
  {
    plaintext: (req) =>
      pathOf(req.url) === "/" ? new Response("Hello, World!") : notFound(),
    json: (req) =>
      pathOf(req.url) === "/json"
        ? Response.json({ message: "Hello, World!" })
        : notFound(),
    routing: (req) => {
      const path = pathOf(req.url);
      const slash = path.indexOf("/", 1);
      const handler = slash === -1
        ? undefined
        : items.get(path.slice(1, slash));
      const id = path.slice(slash + 1);
      if (handler === undefined || id === "" || id.includes("/")) {
        return notFound();
      }
      return handler(decodeURIComponent(id));
    },
    template: (req) =>
      pathOf(req.url) === "/template"
        ? new Response(renderByHand(TITLE, ROWS), { headers: HTML })
        : notFound(),
    cookie: (req) => {
      if (pathOf(req.url) !== "/cookie") return notFound();
      const user = verifyCookie(readCookie(req.headers.get("cookie"), "user"));
      if (user === null) return new Response("Forbidden", { status: 403 });
      return new Response(user);
    },
    form: async (req) => {
      if (pathOf(req.url) !== "/form" || req.method !== "POST") {
        return notFound();
      }
      const form = new URLSearchParams(await req.text());
      return new Response(form.get("field5") ?? "");
    },
  };

const scenario = scenarioArg();
if (scenario === "cookie") {
  const payload = btoa(COOKIE_VALUE);
  const mac = createHmac("sha256", COOKIE_SECRET).update(`user|${payload}`)
    .digest("hex");
  announceCookie(`user=${payload}|${mac}`);
}

Deno.serve(
  {
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => announce(port),
  },
  handlers[scenario]!,
);
