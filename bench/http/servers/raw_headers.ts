// A reference, not a framework: the raw Deno.serve handlers sending the
// headers this framework sends by default (Server, Content-Type, and an
// ETag, the SHA-1 of the body, computed per response), to tell the cost of
// those headers in Deno.serve from the framework's own overhead.
import { createHash } from "node:crypto";
import { announce, announceCookie, scenarioArg } from "./_common.ts";
import { rawCookie, rawHandler } from "./_raw_handlers.ts";

const TYPES = {
  text: "text/plain; charset=UTF-8",
  json: "application/json; charset=UTF-8",
  html: "text/html; charset=UTF-8",
};

const scenario = scenarioArg();
if (scenario === "cookie") announceCookie(rawCookie());
Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => announce(port) },
  rawHandler(scenario, (body, kind) =>
    new Response(body, {
      headers: [
        ["content-type", TYPES[kind]],
        ["etag", `"${createHash("sha1").update(body).digest("hex")}"`],
      ],
    })),
);
