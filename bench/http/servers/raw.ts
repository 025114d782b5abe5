// The ceiling: raw Deno.serve, written as its documentation shows.
import { announce, announceCookie, scenarioArg } from "./_common.ts";
import { rawCookie, rawHandler } from "./_raw_handlers.ts";

const HTML = { "content-type": "text/html; charset=UTF-8" };
const JSON_TYPE = { "content-type": "application/json" };

const scenario = scenarioArg();
if (scenario === "cookie") announceCookie(rawCookie());
Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => announce(port) },
  // `new Response(text)` is sent as `text/plain;charset=UTF-8` by default.
  rawHandler(
    scenario,
    (body, kind) =>
      kind === "text"
        ? new Response(body)
        : new Response(body, { headers: kind === "html" ? HTML : JSON_TYPE }),
  ),
);
