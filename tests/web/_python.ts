// Runs real Python Tornado for interop tests; tests that need it are
// ignored, with a message, when `/usr/bin/python3 -c "import tornado"` fails.

const PYTHON = "/usr/bin/python3";

async function canImportTornado(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(PYTHON, {
      args: ["-c", "import tornado"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/** Whether real Tornado can be imported by `/usr/bin/python3`. */
export const tornadoAvailable: boolean = await canImportTornado();

/** Runs `code` with `input` on stdin and returns stdout; throws on failure. */
export async function runPython(code: string, input: string): Promise<string> {
  const child = new Deno.Command(PYTHON, {
    args: ["-c", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(input));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  if (!success) throw new Error(`Python failed: ${decoder.decode(stderr)}`);
  return decoder.decode(stdout);
}
