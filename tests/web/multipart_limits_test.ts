import assert from "node:assert/strict";
import {
  Application,
  type ApplicationSettings,
  RequestHandler,
} from "../../web/mod.ts";
import { AppTestClient } from "../../testing/mod.ts";
import { captureLogs } from "./_capture_logs.ts";

const B = "bnd";
const TYPE = `multipart/form-data; boundary=${B}`;

class Count extends RequestHandler {
  override post(): void {
    const files = this.request.files;
    this.write({
      args: Object.keys(this.request.bodyArguments).length,
      filename: files.f?.[0]?.filename.length ?? 0,
    });
  }
}

function client(settings: ApplicationSettings = {}): AppTestClient {
  return new AppTestClient(
    new Application([["/", Count]], { logFunction: () => {}, ...settings }),
  );
}

function parts(count: number): string {
  let body = "";
  for (let i = 0; i < count; i++) {
    body +=
      `--${B}\r\nContent-Disposition: form-data; name="a${i}"\r\n\r\nv\r\n`;
  }
  return body + `--${B}--\r\n`;
}

async function post(c: AppTestClient, body: string): Promise<Response> {
  return await c.fetch("/", {
    method: "POST",
    headers: { "content-type": TYPE },
    body,
  });
}

Deno.test("multipart: 100 parts by default (Tornado 6.5), the 101st gets 400 and one log line", async () => {
  const c = client();
  const ok = await post(c, parts(100));
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { args: 100, filename: 0 });
  const logs = await captureLogs(async () => {
    const refused = await post(c, parts(101));
    assert.equal(refused.status, 400);
    await refused.body?.cancel();
  });
  assert.equal(logs.length, 1, logs.join("\n"));
  assert.match(logs[0] ?? "", /more than 100 parts/);
});

Deno.test("multipart: the multipartLimits setting raises or lowers the limits", async () => {
  const more = await post(
    client({ multipartLimits: { maxParts: 500 } }),
    parts(300),
  );
  assert.equal(more.status, 200);
  assert.deepEqual(await more.json(), { args: 300, filename: 0 });
  await captureLogs(async () => {
    const fewer = await post(
      client({ multipartLimits: { maxParts: 2 } }),
      parts(3),
    );
    assert.equal(fewer.status, 400);
    await fewer.body?.cancel();
  });
  const header = `--${B}\r\nContent-Disposition: form-data; name="a"; x="${
    "y".repeat(12_000)
  }"\r\n\r\nv\r\n--${B}--\r\n`;
  const big = await post(
    client({ multipartLimits: { maxPartHeaderSize: 20_000 } }),
    header,
  );
  assert.equal(big.status, 200);
  await big.body?.cancel();
});

Deno.test("multipart: a 10 KB Content-Disposition is parsed, over 10 KiB of headers gets 400", async () => {
  const c = client();
  const name = "n".repeat(9_900);
  const fits =
    `--${B}\r\nContent-Disposition: form-data; name="f"; filename="${name}"\r\n\r\nv\r\n--${B}--\r\n`;
  assert.ok(fits.length > 9_900 && fits.length < 10 * 1024);
  const response = await post(c, fits);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { args: 0, filename: 9_900 });
  const over = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="${
    "n".repeat(10_300)
  }"\r\n\r\nv\r\n--${B}--\r\n`;
  const logs = await captureLogs(async () => {
    const refused = await post(c, over);
    assert.equal(refused.status, 400);
    await refused.body?.cancel();
  });
  assert.match(logs.join("\n"), /part headers longer than 10240 bytes/);
});

Deno.test("multipart: a bare CR inside a part header gets 400", async () => {
  const c = client();
  const bodies = [
    `--${B}\r\nContent-Disposition: form-data; name="a"\rX-Evil: 1\r\n\r\nv\r\n--${B}--\r\n`,
    `--${B}\r\nContent-Type: text/plain\r\nContent-Disposition: form-data;\r name="a"\r\n\r\nv\r\n--${B}--\r\n`,
  ];
  await captureLogs(async () => {
    for (const body of bodies) {
      const response = await post(c, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      await response.body?.cancel();
    }
  });
});

Deno.test("Application refuses limits that are not positive numbers", () => {
  const bad: ApplicationSettings[] = [
    { multipartLimits: { maxParts: 0 } },
    { multipartLimits: { maxPartHeaderSize: -1 } },
    { multipartLimits: { maxParts: Number.NaN } },
    { bodyTimeout: 0 },
    { bodyTimeout: Infinity },
    { bodyTimeout: "5" as unknown as number },
  ];
  for (const settings of bad) {
    assert.throws(
      () => new Application([], settings),
      (e: unknown) =>
        e instanceof RangeError && /must be a positive number/.test(e.message),
      JSON.stringify(settings),
    );
  }
  assert.ok(
    new Application([], { bodyTimeout: 0.5, multipartLimits: { maxParts: 5 } }),
  );
});
