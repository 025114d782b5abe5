// Writes the HTML API reference of every entry point in deno.json's
// `exports` with `deno doc --html`: `deno task docs [output folder]`
// (default `api_docs/`, which git ignores).
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The entry points listed in deno.json's `exports`, in their order. */
export async function entryPoints(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  return Object.values(config.exports as Record<string, string>);
}

/**
 * Runs `deno doc --html` into `output`; throws when it fails. `quiet`
 * hides deno doc's output (for tests).
 */
export async function buildReference(
  output: string,
  options: { quiet?: boolean } = {},
): Promise<void> {
  const stdio = options.quiet ? "null" : "inherit";
  const args = [
    "doc",
    "--html",
    "--name=Tornado for Deno",
    `--output=${output}`,
    ...await entryPoints(),
  ];
  const result = await new Deno.Command("deno", {
    args,
    cwd: ROOT,
    stdout: stdio,
    stderr: stdio,
  }).output();
  if (!result.success) {
    throw new Error(
      `Cannot build the API reference: deno doc exited with ${result.code}`,
    );
  }
}

if (import.meta.main) {
  await buildReference(Deno.args[0] ?? "api_docs");
}
