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

/** Defines the flags once and parses `Deno.args`. */
export function parseFlags(): Flags {
  if (!options.has("port")) {
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
  parseCommandLine();
  const logFormat = options.get("log_format") === "json" ? "json" : "text";
  return {
    debug: options.get("debug") as boolean,
    logFormat,
    start: {
      port: options.get("port") as number,
      logging: options.get("logging") as StartOptions["logging"] & string,
      gracePeriod: options.get("grace_period") as number,
    },
  };
}
