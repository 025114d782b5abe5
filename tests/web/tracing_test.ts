// Traces under Deno's built-in OpenTelemetry: a real app process with
// OTEL_DENO=true exports to a small OTLP/HTTP JSON receiver started here.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { freePort, spawnDeno, waitForPort } from "../_process.ts";

const APP = fileURLToPath(
  new URL("../testdata/web/traced_app.ts", import.meta.url),
);

interface OtlpSpan {
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  events: { name: string; attributes: OtlpSpan["attributes"] }[];
  status: { code: number; message: string };
}

function attribute(span: OtlpSpan, key: string): unknown {
  const found = span.attributes.find((a) => a.key === key)?.value;
  return found && Object.values(found)[0];
}

/** An OTLP/HTTP receiver (JSON) that also answers GET /upstream. */
function receiver(): {
  server: Deno.HttpServer<Deno.NetAddr>;
  spans: OtlpSpan[];
} {
  const spans: OtlpSpan[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/upstream") return new Response("from upstream");
      const body = await request.text();
      if (path === "/v1/traces") {
        for (const resource of JSON.parse(body).resourceSpans ?? []) {
          for (const scope of resource.scopeSpans ?? []) {
            spans.push(...scope.spans);
          }
        }
      }
      return Response.json({});
    },
  );
  return { server, spans };
}

Deno.test("OTEL_DENO=true: spans named by route, handler class, errors, child fetch spans", async () => {
  const { server, spans } = receiver();
  const otlp = `http://127.0.0.1:${server.addr.port}`;
  const port = freePort();
  const child = spawnDeno(
    ["run", "-A", APP, String(port), `${otlp}/upstream`],
    {
      env: {
        OTEL_DENO: "true",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_SERVICE_NAME: "tornado-test",
      },
    },
  );
  try {
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}`;
    assert.equal(
      await (await fetch(`${base}/post/42`)).text(),
      "post 42: from upstream",
    );
    await (await fetch(`${base}/named/7`)).body?.cancel();
    const boom = await fetch(`${base}/boom`);
    assert.equal(boom.status, 500);
    await boom.body?.cancel();
    assert.equal((await child.stop()).code, 0, child.output());
    const deadline = Date.now() + 10_000;
    while (spans.length < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const byName = (name: string) => spans.find((s) => s.name === name);
    const post = byName("GET /post/([^/]+)");
    assert.ok(post, `no route span in ${spans.map((s) => s.name)}`);
    assert.equal(post.kind, 2); // SERVER
    assert.equal(attribute(post, "tornado.handler"), "PostHandler");
    assert.equal(attribute(post, "http.route"), "/post/([^/]+)");
    const outgoing = spans.find((s) => s.parentSpanId === post.spanId);
    assert.ok(outgoing, "the AsyncHTTPClient request is not a child span");
    assert.equal(outgoing.kind, 3); // CLIENT
    assert.match(
      String(attribute(outgoing, "url.full")),
      /\/upstream\?post=42$/,
    );

    const named = byName("named-route");
    assert.ok(named);
    assert.equal(attribute(named, "tornado.handler"), "NamedHandler");

    const failed = byName("GET /boom");
    assert.ok(failed);
    assert.equal(failed.status.code, 2); // ERROR
    const exception = failed.events.find((e) => e.name === "exception");
    assert.ok(exception, "the error is not recorded on the span");
    const message = exception.attributes.find((a) =>
      a.key === "exception.message"
    );
    assert.equal(message?.value.stringValue, "boom in a handler");

    assert.ok(
      spans.every((s) => !/\/post\/42|\/named\/7/.test(s.name)),
      "a span is named after a raw URL",
    );
  } finally {
    await child.stop("SIGKILL");
    await server.shutdown();
  }
});
