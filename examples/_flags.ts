// Command-line flags shared by the examples, with Tornado's names:
// --port=8888 --debug --logging=info|warn|error|none --log_format=text|json
// --grace_period=10. Under `deno serve` Deno takes --port itself; the others
// go after the file name: `deno serve -A main.ts --logging=warn`.
import {
  define,
  options,
  parseCommandLine,
  type StartOptions,
} from "../mod.ts";

/** The parsed flags. */
export interface Flags {
  debug: boolean;
  logFormat: "text" | "json";
  /** Port, log level and grace period, for `startApp()`. */
  start: StartOptions;
}

const LEVELS = ["debug", "info", "warn", "error", "none"];
const FORMATS = ["text", "json"];

/**
 * Defines the flags once and parses `Deno.args`; a bad flag is one error
 * line and exit code 2.
 */
export function parseFlags(): Flags {
  defineFlags();
  try {
    parseCommandLine();
    return readFlags();
  } catch (error) {
    console.error(
      `error: ${(error as Error).message} (--help lists the flags)`,
    );
    Deno.exit(2);
  }
}

function defineFlags(): void {
  if (options.has("port")) return;
  define("port", { type: "integer", default: 8888, help: "listen port" });
  define("debug", { default: false, help: "debug mode (tracebacks)" });
  define("logging", {
    default: "info",
    help: "console level: info, warn, error or none",
  });
  define("log_format", {
    default: "text",
    help: "access log format: text or json (one object per line)",
  });
  define("grace_period", {
    default: 10,
    help: "seconds in-flight requests get on SIGTERM/SIGINT",
  });
}

function readFlags(): Flags {
  const logging = choice("logging", LEVELS);
  const logFormat = choice("log_format", FORMATS) as Flags["logFormat"];
  const gracePeriod = options.get("grace_period") as number;
  if (!(gracePeriod >= 0)) {
    throw new RangeError(
      `Cannot use --grace_period=${gracePeriod}: use a number of seconds >= 0`,
    );
  }
  return {
    debug: options.get("debug") as boolean,
    logFormat,
    start: {
      port: options.get("port") as number,
      logging: logging as StartOptions["logging"] & string,
      gracePeriod,
    },
  };
}

function choice(name: string, allowed: string[]): string {
  const value = String(options.get(name));
  if (!allowed.includes(value)) {
    throw new RangeError(
      `Cannot use --${name}=${value}: use ${allowed.join(", ")}`,
    );
  }
  return value;
}
