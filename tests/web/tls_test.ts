// HTTPS and HTTP/2: app.listen(port, { cert, key }) with a self-signed
// certificate made here by openssl; curl negotiates HTTP/2, AsyncHTTPClient
// trusts the certificate through Deno's --cert flag, the handler sees
// protocol https and sets a Secure cookie.
import assert from "node:assert/strict";
import { Application, RequestHandler } from "../../web/mod.ts";
import { spawn, spawnDeno } from "../_process.ts";
import { selfSigned } from "../_tls.ts";

class Whoami extends RequestHandler {
  override get(): void {
    this.setCookie("session", "s1", {
      secure: this.request.protocol === "https",
    });
    this.write({ protocol: this.request.protocol });
  }
}

Deno.test("app.listen() with cert and key serves HTTPS and HTTP/2", async () => {
  const dir = await Deno.makeTempDir();
  const { cert, key, certPath } = await selfSigned(dir);
  const app = new Application([["/whoami", Whoami]], { logFunction: () => {} });
  const server = app.listen(0, { hostname: "127.0.0.1", cert, key });
  const url = `https://localhost:${server.addr.port}/whoami`;
  try {
    const curl = spawn("curl", [
      "-sS",
      "--http2",
      "--cacert",
      certPath,
      "--resolve",
      `localhost:${server.addr.port}:127.0.0.1`,
      "-D",
      "-",
      "-w",
      "\\nversion=%{http_version}",
      url,
    ]);
    assert.equal((await curl.stop(null)).code, 0, curl.output());
    const out = curl.output();
    assert.match(out, /^HTTP\/2 200/);
    assert.match(out, /version=2$/);
    assert.match(out, /set-cookie: session=s1; .*Secure/i);
    assert.match(out, /\{"protocol":"https"\}/);

    const client = spawnDeno([
      "eval",
      "--cert",
      certPath,
      `import { AsyncHTTPClient } from "${new URL(
        "../../httpclient/mod.ts",
        import.meta.url,
      )}";
       const client = new AsyncHTTPClient();
       const response = await client.fetch("${
        url.replace("localhost", "127.0.0.1")
      }");
       console.log(response.code, response.text);
       client.close();`,
    ]);
    assert.equal((await client.stop(null)).code, 0, client.output());
    assert.equal(client.output().trim(), '200 {"protocol":"https"}');
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("app.listen() refuses a cert without a key", () => {
  const app = new Application([]);
  assert.throws(
    () => app.listen(0, { hostname: "127.0.0.1", cert: "x" }),
    /both cert and key are needed/,
  );
});
