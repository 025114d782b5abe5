import assert from "node:assert/strict";
import { OptionParser } from "../../options/mod.ts";

function withConfig(text: string, fn: (path: string) => void): void {
  const path = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    Deno.writeTextFileSync(path, text);
    fn(path);
  } finally {
    Deno.removeSync(path);
  }
}

function parser(): OptionParser {
  const p = new OptionParser();
  p.define("port", { type: "integer", default: 80 });
  p.define("debug", { type: "boolean", default: false });
  p.define("ids", { type: "integer", multiple: true });
  p.define("timeout", { type: "duration", default: 20 });
  p.define("name", { default: "x" });
  return p;
}

Deno.test("OptionParser.parseConfigFile() sets JSON values and parses strings", () => {
  const p = parser();
  withConfig(
    JSON.stringify({
      port: 8000,
      debug: true,
      ids: "1:3",
      timeout: "1m 30s",
      name: "1:3",
      unrelated: { anything: true },
    }),
    (path) => p.parseConfigFile(path),
  );
  assert.equal(p.get("port"), 8000);
  assert.equal(p.get("debug"), true);
  assert.deepEqual(p.get("ids"), [1, 2, 3]);
  assert.equal(p.get("timeout"), 90);
  assert.equal(p.get("name"), "1:3");
  withConfig(
    '{"ids": [4, 5], "port": "81", "time-out": 1}',
    (path) => p.parseConfigFile(path),
  );
  assert.deepEqual(p.get("ids"), [4, 5]);
  assert.equal(p.get("port"), 81);
});

Deno.test("OptionParser.parseConfigFile() names the file in its errors", () => {
  const p = parser();
  withConfig('{"port": true}', (path) => {
    assert.throws(() => p.parseConfigFile(path), {
      message:
        `Cannot parse config file "${path}": Cannot set option "port": expected an integer, received true`,
    });
  });
  withConfig('{"port": "eighty"}', (path) => {
    assert.throws(() => p.parseConfigFile(path), {
      message:
        `Cannot parse config file "${path}": Cannot parse option "port": "eighty" is not an integer`,
    });
  });
  withConfig("{port: 1}", (path) => {
    assert.throws(
      () => p.parseConfigFile(path),
      (error: unknown) =>
        error instanceof Error &&
        error.message.startsWith(`Cannot parse config file "${path}": `) &&
        error.cause instanceof SyntaxError,
    );
  });
  withConfig("[1]", (path) => {
    assert.throws(() => p.parseConfigFile(path), {
      message: `Cannot parse config file "${path}": not a JSON object`,
    });
  });
  assert.throws(
    () => p.parseConfigFile("/nonexistent/config.json"),
    Deno.errors.NotFound,
  );
});

Deno.test("OptionParser.parseConfigFile() runs parse callbacks unless final is false", () => {
  const p = parser();
  let calls = 0;
  p.addParseCallback(() => calls++);
  withConfig('{"port": 1}', (path) => {
    p.parseConfigFile(path, { final: false });
    assert.equal(calls, 0);
    p.parseConfigFile(path);
    assert.equal(calls, 1);
  });
});
