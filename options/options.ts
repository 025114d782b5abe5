import {
  type DefineOptions,
  OptionParser,
  type ParseOptions,
} from "./option_parser.ts";

/**
 * The global parser, as Tornado's `tornado.options.options`: module state
 * shared by the whole program. Tests that need a clean slate create their
 * own `new OptionParser()` instead.
 *
 * Tornado: `tornado.options.options`
 *
 * @example Read a value defined elsewhere
 * ```ts
 * import { define, options } from "@tornado-deno/tornado/options";
 * import assert from "node:assert/strict";
 *
 * define("greeting", { default: "hello" });
 * assert.equal(options.get("greeting"), "hello");
 * assert.equal(options.greeting, "hello");
 * ```
 */
export const options: OptionParser = new OptionParser();

/**
 * Defines an option on the global {@linkcode options}.
 *
 * Tornado: `tornado.options.define`
 *
 * @param name The name; `_` and `-` are interchangeable.
 * @param definition Default, type, help, metavar, multiple, group, callback.
 * @throws {Error} If an option of that name exists.
 *
 * @example Define a port
 * ```ts
 * import { define, options } from "@tornado-deno/tornado/options";
 * import assert from "node:assert/strict";
 *
 * define("listen_port", { default: 8888, help: "run on the given port" });
 * assert.equal(options.get("listen-port"), 8888);
 * assert.equal(options.listenPort, 8888);
 * ```
 */
export function define(name: string, definition: DefineOptions = {}): void {
  options.define(name, definition);
}

/**
 * Parses command-line arguments into the global {@linkcode options}.
 *
 * Tornado: `tornado.options.parse_command_line`
 *
 * @param args The arguments; default `Deno.args`.
 * @param parseOptions `final: false` skips the parse callbacks.
 * @returns The arguments left after the options.
 * @throws {Error} For an unknown option, a missing value or a bad value.
 *
 * @example Parse explicit arguments
 * ```ts
 * import { define, options, parseCommandLine } from "@tornado-deno/tornado/options";
 * import assert from "node:assert/strict";
 *
 * define("workers", { type: "integer", default: 1 });
 * parseCommandLine(["--workers", "4"]);
 * assert.equal(options.get("workers"), 4);
 * assert.throws(() => parseCommandLine(["--nope"]), {
 *   message: 'Unrecognized command line option: "--nope"',
 * });
 * ```
 */
export function parseCommandLine(
  args: readonly string[] = Deno.args,
  parseOptions: ParseOptions = {},
): string[] {
  return options.parseCommandLine(args, parseOptions);
}

/**
 * Reads a JSON config file into the global {@linkcode options}.
 *
 * Tornado: `tornado.options.parse_config_file`
 *
 * @param path The file path.
 * @param parseOptions `final: false` skips the parse callbacks.
 * @throws {Error} If the file is not a JSON object or holds a bad value.
 *
 * @example Read a config file
 * ```ts
 * import { define, options, parseConfigFile } from "@tornado-deno/tornado/options";
 * import assert from "node:assert/strict";
 *
 * define("db_host", { default: "localhost" });
 * const path = Deno.makeTempFileSync({ suffix: ".json" });
 * try {
 *   Deno.writeTextFileSync(path, JSON.stringify({ db_host: "db.internal" }));
 *   parseConfigFile(path);
 *   assert.equal(options.get("db_host"), "db.internal");
 * } finally {
 *   Deno.removeSync(path);
 * }
 * ```
 */
export function parseConfigFile(
  path: string | URL,
  parseOptions: ParseOptions = {},
): void {
  options.parseConfigFile(path, parseOptions);
}
