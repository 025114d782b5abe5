// The raw Deno.serve handlers of every scenario: hand-written routing,
// rendering and HMAC. `respond` makes the 200 responses, so the same
// handlers serve bare (raw.ts) or with Tornado's headers (raw_headers.ts).
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
import type { Scenario } from "./_common.ts";

/** Makes a 200 response: `html` for the page, plain text otherwise. */
export type Respond = (
  body: string,
  kind: "text" | "json" | "html",
) => Response;

/** A request handler for `Deno.serve`. */
export type Handler = (req: Request) => Response | Promise<Response>;

function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  const q = url.indexOf("?", start);
  return q === -1 ? url.slice(start) : url.slice(start, q);
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

/** The cookie the raw servers verify: `<base64 value>|<hex HMAC-SHA256>`. */
export function rawCookie(): string {
  const payload = btoa(COOKIE_VALUE);
  const mac = createHmac("sha256", COOKIE_SECRET).update(`user|${payload}`)
    .digest("hex");
  return `user=${payload}|${mac}`;
}

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

/** The handler of one scenario. */
export function rawHandler(scenario: Scenario, respond: Respond): Handler {
  switch (scenario) {
    case "plaintext":
      return (req) =>
        pathOf(req.url) === "/" ? respond("Hello, World!", "text") : notFound();
    case "json":
      return (req) =>
        pathOf(req.url) === "/json"
          ? respond(JSON.stringify({ message: "Hello, World!" }), "json")
          : notFound();
    case "routing": {
      // 100 routes `/item<i>/:id`, looked up by their first segment.
      const items = new Map<string, (id: string) => Response>();
      for (let i = 0; i < ROUTE_COUNT; i++) {
        items.set(`item${i}`, (id) => respond(`item ${i} id ${id}`, "text"));
      }
      return (req) => {
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
      };
    }
    case "template":
      return (req) =>
        pathOf(req.url) === "/template"
          ? respond(renderByHand(TITLE, ROWS), "html")
          : notFound();
    case "cookie":
      return (req) => {
        if (pathOf(req.url) !== "/cookie") return notFound();
        const user = verifyCookie(
          readCookie(req.headers.get("cookie"), "user"),
        );
        if (user === null) return new Response("Forbidden", { status: 403 });
        return respond(user, "text");
      };
    case "form":
      return async (req) => {
        if (pathOf(req.url) !== "/form" || req.method !== "POST") {
          return notFound();
        }
        const form = new URLSearchParams(await req.text());
        return respond(form.get("field5") ?? "", "text");
      };
  }
}
