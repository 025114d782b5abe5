import { formatHelp } from "./_help.ts";
import {
  hasType,
  inferType,
  type OptionType,
  parseList,
  parseScalar,
} from "./_parse.ts";

export type { OptionType } from "./_parse.ts";

/**
 * How to define an option (Tornado's `define()` keyword arguments).
 *
 * @example A port option
 * ```ts
 * import { type DefineOptions, OptionParser } from "@tornado-deno/tornado/options";
 * import assert from "node:assert/strict";
 *
 * const port: DefineOptions = {
 *   type: "integer",
 *   default: 8888,
 *   help: "port to listen on",
 * };
 * const parser = new OptionParser();
 * parser.define("port", port);
 * parser.parseCommandLine(["--port=8000"]);
 * assert.equal(parser.port, 8000);
 * ```
 */
export interface DefineOptions {
  /** The value until one is parsed or set. A `multiple` option defaults to `[]`. */
  default?: unknown;
  /**
   * The value type; when left out it comes from `default` (a number gives
   * `"number"`, a boolean `"boolean"`, a `Date` `"date"`), else `"string"`.
   * `"integer"` is Python's `int`, `"number"` its `float`, `"date"` a local
   * time in one of Tornado's formats (`2024-05-01 13:45`), `"duration"`
   * Tornado's timedelta text (`1h 30m`) as seconds.
   */
  type?: OptionType;
  /** One line for `printHelp()`. */
  help?: string;
  /** The value's name in `printHelp()` (`--port=PORT`). */
  metavar?: string;
  /**
   * A list: comma-separated on the command line (`--ids=1,5:7` gives
   * `[1, 5, 6, 7]` for numbers), an array or such a string in a config file.
   */
  multiple?: boolean;
  /** The heading `printHelp()` lists the option under. */
  group?: string;
  /** Called with the new value each time it is parsed or set. */
  callback?: (value: unknown) => void;
}

/** Options for {@linkcode OptionParser}. */
export interface OptionParserOptions {
  /** The name in the help's usage line; default: the main module's file name. */
  programName?: string;
}

/** Options for `parseCommandLine()` and `parseConfigFile()`. */
export interface ParseOptions {
  /** Run the parse callbacks afterwards. Default `true` (Tornado's `final`). */
  final?: boolean;
}

interface Option {
  name: string;
  type: OptionType;
  multiple: boolean;
  default: unknown;
  help: string;
  metavar: string | undefined;
  group: string;
  callback: ((value: unknown) => void) | undefined;
  value: unknown;
  isSet: boolean;
}

function normalize(name: string): string {
  return name.replaceAll("_", "-");
}

function camelCase(name: string): string {
  return name.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function mainModuleName(): string {
  try {
    return decodeURIComponent(
      new URL(Deno.mainModule).pathname.split("/").pop() ?? "",
    );
  } catch {
    return "main.ts";
  }
}

/**
 * A set of named, typed options read from the command line and from JSON
 * config files, as Tornado's `tornado.options.OptionParser`. Names are
 * normalized as in Tornado (`log_file_prefix` and `log-file-prefix` are the
 * same option). Read values with `get(name)`, or as properties: defining
 * `max_body_size` makes `parser.max_body_size`, `parser["max-body-size"]`
 * and `parser.maxBodySize` read (and, with a type check, write) it, unless
 * the name clashes with a method (then use `get`/`set`). Properties are
 * typed `unknown`; cast them, or keep your own typed object.
 *
 * Every parser has a `--help` option that prints the help text and exits.
 *
 * Tornado: `tornado.options.OptionParser`
 *
 * @example Define and parse
 * ```ts
 * import { OptionParser } from "@tornado-deno/tornado/options";
 * import assert from "node:assert/strict";
 *
 * const parser = new OptionParser();
 * parser.define("port", { default: 8888, help: "run on the given port" });
 * parser.define("debug", { type: "boolean", default: false });
 * const rest = parser.parseCommandLine(["--port=9000", "--debug", "file.txt"]);
 * assert.equal(parser.get("port"), 9000);
 * assert.equal(parser.port, 9000);
 * assert.equal(parser.debug, true);
 * assert.deepEqual(rest, ["file.txt"]);
 * ```
 */
export class OptionParser {
  /** Option values by name (see the class description). */
  [name: string]: unknown;
  #options: Map<string, Option> = new Map();
  #parseCallbacks: (() => void)[] = [];
  #programName: string;

  /**
   * Creates a parser with only the built-in `--help` option.
   *
   * @param options The program name for the usage line.
   */
  constructor(options: OptionParserOptions = {}) {
    this.#programName = options.programName ?? mainModuleName();
    this.define("help", {
      type: "boolean",
      help: "show this help information",
      callback: (value) => {
        if (value) {
          this.printHelp();
          Deno.exit(0);
        }
      },
    });
  }

  /**
   * Defines an option.
   *
   * Tornado: `OptionParser.define`
   *
   * @param name The name; `_` and `-` are interchangeable.
   * @param options Default, type, help, metavar, multiple, group, callback.
   * @throws {Error} If an option of that name exists.
   * @throws {TypeError} If the name is empty or the default has the wrong type.
   *
   * @example A list of integers
   * ```ts
   * import { OptionParser } from "@tornado-deno/tornado/options";
   * import assert from "node:assert/strict";
   *
   * const parser = new OptionParser();
   * parser.define("ids", { type: "integer", multiple: true });
   * parser.parseCommandLine(["--ids=1,4:6"]);
   * assert.deepEqual(parser.get("ids"), [1, 4, 5, 6]);
   * ```
   */
  define(name: string, options: DefineOptions = {}): void {
    const key = normalize(name);
    if (key === "" || key.startsWith("-") || key.includes("=")) {
      throw new TypeError(`Cannot define option "${name}": invalid name`);
    }
    if (this.#options.has(key)) {
      throw new Error(`Cannot define option "${name}": already defined`);
    }
    const multiple = options.multiple ?? false;
    const option: Option = {
      name,
      type: options.type ?? inferType(options.default),
      multiple,
      default: options.default === undefined && multiple ? [] : options.default,
      help: options.help ?? "",
      metavar: options.metavar,
      group: options.group ?? "",
      callback: options.callback,
      value: undefined,
      isSet: false,
    };
    if (option.default !== undefined && option.default !== null) {
      this.#check(option, option.default, "define");
    }
    this.#options.set(key, option);
    for (
      const alias of new Set([
        name,
        key,
        name.replaceAll("-", "_"),
        camelCase(name),
      ])
    ) {
      if (alias in this) continue;
      Object.defineProperty(this, alias, {
        get: () => this.get(key),
        set: (value: unknown) => this.set(key, value),
        enumerable: alias === name,
        configurable: false,
      });
    }
  }

  /**
   * Whether an option of that name is defined.
   *
   * @param name The option name.
   * @returns `true` if it is defined.
   */
  has(name: string): boolean {
    return this.#options.has(normalize(name));
  }

  /**
   * Returns an option's value: the last one parsed or set, else its default.
   *
   * Tornado: `options.name`, `options[name]`
   *
   * @param name The option name.
   * @returns The value (`undefined` if it has none).
   * @throws {Error} If no such option is defined.
   */
  get(name: string): unknown {
    const option = this.#lookup(name);
    return option.isSet ? option.value : option.default;
  }

  /**
   * Sets an option's value from code, checking its type, and runs its
   * callback.
   *
   * @param name The option name.
   * @param value A value of the option's type (an array for `multiple`), or `null`.
   * @throws {TypeError} If the value has the wrong type.
   * @throws {Error} If no such option is defined.
   */
  set(name: string, value: unknown): void {
    const option = this.#lookup(name);
    if (value !== null) this.#check(option, value, "set");
    this.#assign(option, value);
  }

  /**
   * Parses command-line arguments: `--name=value`, `--name value`, `--flag`
   * and `--flag=false` for booleans (`false`, `0` and `f` are false, any
   * other value true), comma lists for `multiple`. Parsing stops at the
   * first argument that does not start with `-`, or after `--`.
   *
   * Tornado: `OptionParser.parse_command_line` (which has no `--name value`
   * form; here too a boolean never takes the next argument). Unlike
   * Tornado, an unknown option does not print the help first.
   *
   * @param args The arguments, without the program name (as `Deno.args`).
   * @param options `final: false` skips the parse callbacks.
   * @returns The arguments left after the options.
   * @throws {Error} For an unknown option, a missing value or a bad value.
   */
  parseCommandLine(
    args: readonly string[],
    options: ParseOptions = {},
  ): string[] {
    let remaining: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (!arg.startsWith("-")) {
        remaining = args.slice(i);
        break;
      }
      if (arg === "--") {
        remaining = args.slice(i + 1);
        break;
      }
      const stripped = arg.replace(/^-+/, "");
      const eq = stripped.indexOf("=");
      const name = normalize(eq === -1 ? stripped : stripped.slice(0, eq));
      const option = this.#options.get(name);
      if (option === undefined) {
        throw new Error(`Unrecognized command line option: "--${name}"`);
      }
      let value: string;
      if (eq !== -1) value = stripped.slice(eq + 1);
      else if (option.type === "boolean") value = "true";
      else if (i + 1 < args.length) value = args[++i]!;
      else throw new Error(`Option "--${name}" requires a value`);
      this.#parse(option, value, `"--${name}"`);
    }
    if (options.final ?? true) this.runParseCallbacks();
    return remaining;
  }

  /**
   * Reads option values from a JSON file holding one object: strings are
   * parsed as on the command line (`"1:3"`, `"1h"`, a date), other JSON
   * values are set as they are (`"port": 80`, `"ids": [1, 2]`). Keys that
   * are not defined options are ignored, as Tornado ignores the other
   * variables of its Python config files. (JSON rather than a TS/JS module
   * keeps this synchronous and free of code execution.)
   *
   * Tornado: `OptionParser.parse_config_file`
   *
   * @param path The file path.
   * @param options `final: false` skips the parse callbacks.
   * @throws {Error} If the file is not a JSON object or holds a bad value;
   * `Deno.errors.NotFound` if it is missing.
   */
  parseConfigFile(path: string | URL, options: ParseOptions = {}): void {
    const text = Deno.readTextFileSync(path);
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (error) {
      throw new Error(
        `Cannot parse config file "${path}": ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (
      typeof config !== "object" || config === null || Array.isArray(config)
    ) {
      throw new Error(`Cannot parse config file "${path}": not a JSON object`);
    }
    for (const [name, value] of Object.entries(config)) {
      const option = this.#options.get(normalize(name));
      if (option === undefined) continue;
      try {
        if (
          typeof value === "string" &&
          (option.type !== "string" || option.multiple)
        ) {
          this.#parse(option, value, `"${name}"`);
        } else {
          this.set(name, value);
        }
      } catch (error) {
        throw new Error(
          `Cannot parse config file "${path}": ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    if (options.final ?? true) this.runParseCallbacks();
  }

  /**
   * Returns the help text: a usage line, then every option by group.
   *
   * @returns The text `printHelp()` prints.
   */
  formatHelp(): string {
    return formatHelp(
      this.#programName,
      [...this.#options.values()].map((o) => ({
        name: o.name,
        group: o.group,
        help: o.help,
        metavar: o.metavar,
        default: o.default,
      })),
    );
  }

  /**
   * Prints the help text to standard error.
   *
   * Tornado: `OptionParser.print_help`
   */
  printHelp(): void {
    Deno.stderr.writeSync(new TextEncoder().encode(this.formatHelp()));
  }

  /**
   * Adds a function to run when parsing is done (after a parse with
   * `final` on, or `runParseCallbacks()`).
   *
   * Tornado: `OptionParser.add_parse_callback`
   *
   * @param callback The function.
   */
  addParseCallback(callback: () => void): void {
    this.#parseCallbacks.push(callback);
  }

  /**
   * Runs the parse callbacks, in the order they were added.
   *
   * Tornado: `OptionParser.run_parse_callbacks`
   */
  runParseCallbacks(): void {
    for (const callback of this.#parseCallbacks) callback();
  }

  /**
   * Returns every option's value by its defined name.
   *
   * Tornado: `OptionParser.as_dict`
   *
   * @returns A new object of names and values.
   */
  asDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, option] of this.#options) out[option.name] = this.get(key);
    return out;
  }

  /**
   * Returns the values of the options in one group.
   *
   * Tornado: `OptionParser.group_dict`
   *
   * @param group The group name (`""` for options defined without one).
   * @returns A new object of names and values.
   */
  groupDict(group: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, option] of this.#options) {
      if (option.group === group) out[option.name] = this.get(key);
    }
    return out;
  }

  /**
   * Returns the group names in use.
   *
   * Tornado: `OptionParser.groups`
   *
   * @returns The set of group names.
   */
  groups(): Set<string> {
    return new Set([...this.#options.values()].map((o) => o.group));
  }

  #lookup(name: string): Option {
    const option = this.#options.get(normalize(name));
    if (option === undefined) {
      throw new Error(`Cannot find option "${name}": it is not defined`);
    }
    return option;
  }

  #check(option: Option, value: unknown, action: string): void {
    const ok = option.multiple
      ? Array.isArray(value) &&
        value.every((v) => v === null || hasType(option.type, v))
      : hasType(option.type, value);
    if (!ok) {
      const article = /^[aeiou]/.test(option.type) ? "an" : "a";
      const expected = option.multiple
        ? `a list of ${option.type} values`
        : `${article} ${option.type}`;
      throw new TypeError(
        `Cannot ${action} option "${option.name}": expected ${expected}, received ${
          JSON.stringify(value) ?? String(value)
        }`,
      );
    }
  }

  #parse(option: Option, text: string, label: string): void {
    let value: unknown;
    try {
      value = option.multiple
        ? parseList(option.type, text)
        : parseScalar(option.type, text);
    } catch (error) {
      throw new Error(
        `Cannot parse option ${label}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.#assign(option, value);
  }

  #assign(option: Option, value: unknown): void {
    option.value = value;
    option.isSet = true;
    option.callback?.(value);
  }
}
