/**
 * Creates a new Tornado for Deno project, like Fresh's init:
 *
 * ```sh
 * deno run -A jsr:@tornado-deno/tornado/init my-app
 * cd my-app && deno task dev
 * ```
 *
 * It writes `deno.json` (the import and the `start`, `dev`, `serve` and
 * `test` tasks), `main.ts` (one entry file for `deno run`, `deno serve` and
 * Deno Deploy), `main_test.ts` (tests with `AppTestClient`),
 * `templates/index.html` and `static/style.css`. `--import=<specifier>`
 * points the import at something else than the published package (a
 * checkout's `mod.ts`, before publication; a relative path is resolved
 * from the current folder).
 *
 * @module
 */

import { resolve } from "node:path";
import {
  denoJson,
  INDEX_HTML,
  MAIN_TEST_TS,
  MAIN_TS,
  PACKAGE,
  STYLE_CSS,
} from "./_files.ts";

/** Options of {@linkcode initProject}. */
export interface InitOptions {
  /**
   * What `@tornado-deno/tornado` maps to in the new `deno.json` (default:
   * the published package, `jsr:@tornado-deno/tornado@^0.1.0`).
   */
  importSpecifier?: string;
  /** Write into a folder that is not empty (default `false`). */
  force?: boolean;
}

/**
 * Writes a new project into `directory` (created if missing) and returns
 * the paths written, relative to it.
 *
 * @param directory Where the project goes.
 * @param options The import specifier, and whether to write over files.
 * @returns The files written.
 * @throws {Error} When `directory` holds files and `force` is not set.
 *
 * @example A project in a temporary folder
 * ```ts
 * import { initProject } from "@tornado-deno/tornado/init";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const files = await initProject(dir);
 * assert.ok(files.includes("main.ts"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function initProject(
  directory: string,
  options: InitOptions = {},
): Promise<string[]> {
  await Deno.mkdir(directory, { recursive: true });
  if (!options.force && !(await isEmpty(directory))) {
    throw new Error(
      `Cannot create a project in "${directory}": the folder is not empty (use --force)`,
    );
  }
  const files: Record<string, string> = {
    "deno.json": denoJson(options.importSpecifier ?? PACKAGE),
    "main.ts": MAIN_TS,
    "main_test.ts": MAIN_TEST_TS,
    "templates/index.html": INDEX_HTML,
    "static/style.css": STYLE_CSS,
  };
  for (const [name, text] of Object.entries(files)) {
    const path = `${directory}/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return Object.keys(files);
}

async function isEmpty(directory: string): Promise<boolean> {
  for await (const _ of Deno.readDir(directory)) return false;
  return true;
}

/** The command line: `init <folder> [--import=<specifier>] [--force]`. */
async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === null) {
    console.error("Usage: init <folder> [--import=<specifier>] [--force]");
    return 2;
  }
  const [directory, options] = parsed;
  try {
    await initProject(directory, options);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
  console.log(
    `Created ${directory}. Next:\n  cd ${directory}\n  deno task dev`,
  );
  return 0;
}

/** The folder and options of the command line, or `null` for the usage. */
function parseArgs(args: string[]): [string, InitOptions] | null {
  const flags = args.filter((a) => a.startsWith("--"));
  const [directory, ...rest] = args.filter((a) => !a.startsWith("--"));
  if (directory === undefined || rest.length > 0 || flags.includes("--help")) {
    return null;
  }
  const options: InitOptions = { force: flags.includes("--force") };
  const specifier = flags.find((f) => f.startsWith("--import="))?.slice(9);
  // A relative path is taken from here, not from the new project.
  if (specifier) {
    options.importSpecifier = specifier.startsWith(".")
      ? resolve(specifier)
      : specifier;
  }
  return [directory, options];
}

if (import.meta.main) Deno.exit(await main(Deno.args));
