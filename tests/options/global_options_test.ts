// The global `options` and its module functions, run in a child Deno so
// that `Deno.args`, `--help` (which exits) and module state are real.
import assert from "node:assert/strict";

const MOD = new URL("../../options/mod.ts", import.meta.url).href;

async function run(
  code: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = Deno.makeTempDirSync();
  try {
    const script = `${dir}/server.ts`;
    Deno.writeTextFileSync(script, code);
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-check", "--allow-read", script, ...args],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const PROGRAM = `
import { define, options, parseCommandLine } from "${MOD}";
define("port", { type: "integer", default: 8888, help: "run on the given port" });
define("debug", { type: "boolean", default: false });
const rest = parseCommandLine();
console.log(JSON.stringify({ port: options.port, debug: options.get("debug"), rest }));
`;

Deno.test("parseCommandLine() reads Deno.args into the global options", async () => {
  const result = await run(PROGRAM, ["--port", "9000", "--debug", "extra"]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    port: 9000,
    debug: true,
    rest: ["extra"],
  });
});

Deno.test("parseCommandLine() prints help to stderr and exits 0 on --help", async () => {
  const result = await run(PROGRAM, ["--help"]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, "");
  assert.equal(
    result.stderr,
    [
      "Usage: server.ts [OPTIONS]",
      "",
      "Options:",
      "",
      "  --debug                          (default false)",
      "  --help                           show this help information",
      "  --port                           run on the given port (default 8888)",
      "",
      "",
    ].join("\n"),
  );
});

Deno.test("parseCommandLine() throws for an unknown option in the global options", async () => {
  const result = await run(PROGRAM, ["--x=1"]);
  assert.notEqual(result.code, 0);
  assert.match(
    result.stderr,
    /Error: Unrecognized command line option: "--x"/,
  );
});
