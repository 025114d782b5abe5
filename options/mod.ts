/**
 * Command-line and config-file options, as Tornado's `tornado.options`:
 * {@linkcode define} options anywhere in the program, then
 * {@linkcode parseCommandLine} (and perhaps {@linkcode parseConfigFile})
 * once at startup, and read values from {@linkcode options}.
 *
 * Types are given as strings: `"string"`, `"number"` (Python `float`),
 * `"integer"` (Python `int`; lists accept ranges `1:3`), `"boolean"`,
 * `"date"` and `"duration"` (seconds). Config files are JSON.
 *
 * Module state: {@linkcode options} is the one global parser (Tornado has
 * the same global). Unlike Tornado's, it defines no logging options. For
 * isolated parsing (tests, libraries) create a `new OptionParser()`.
 *
 * @example A server's options
 * ```ts
 * import { OptionParser } from "@tornado-deno/tornado/options";
 * import assert from "node:assert/strict";
 *
 * const parser = new OptionParser({ programName: "server.ts" });
 * parser.define("port", { type: "integer", default: 8888, help: "port to listen on" });
 * parser.define("hosts", { multiple: true, help: "allowed hosts" });
 * parser.parseCommandLine(["--port", "8000", "--hosts=a.test,b.test"]);
 * assert.equal(parser.port, 8000);
 * assert.deepEqual(parser.hosts, ["a.test", "b.test"]);
 * assert.match(parser.formatHelp(), /--port +port to listen on \(default 8888\)/);
 * ```
 *
 * @module
 */
export {
  type DefineOptions,
  OptionParser,
  type OptionParserOptions,
  type OptionType,
  type ParseOptions,
} from "./option_parser.ts";
export {
  define,
  options,
  parseCommandLine,
  parseConfigFile,
} from "./options.ts";
