/**
 * {@linkcode startApp}: one entry file for `deno run`, `deno serve`,
 * `deno serve --parallel` and Deno Deploy, with graceful shutdown.
 *
 * @module
 */

import type { Application } from "./application.ts";
import type { MessageBus } from "./message_bus.ts";
import {
  DEFAULT_GRACE_PERIOD,
  type ListenOptions,
  type ServeHandler,
} from "./server.ts";
import { Drain } from "./_drain.ts";
import { applyLogging } from "./_log.ts";

/**
 * Options of {@linkcode startApp}.
 *
 * @example Options for production
 * ```ts
 * import {
 *   Application,
 *   MemoryMessageBus,
 *   startApp,
 *   type StartOptions,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const bus = new MemoryMessageBus();
 * const options: StartOptions = {
 *   port: 8000, // for `deno run`
 *   gracePeriod: 5, // seconds for requests in flight on SIGTERM
 *   buses: [bus], // closed after the drain
 *   logging: "warn", // hide the 2xx/3xx access log
 * };
 * const app = new Application([]);
 * // Imported (as here), startApp starts nothing and returns the app.
 * assert.equal(startApp(import.meta, app, options), app);
 * await bus.close();
 * ```
 */
export interface StartOptions extends ListenOptions {
  /** The port for `deno run` (default 8888; `deno serve` takes `--port`). */
  port?: number;
  /** Message buses to close once the requests have drained. */
  buses?: readonly MessageBus[];
  /**
   * The console level, as Tornado's `--logging`: `"info"` (default) shows
   * everything, `"warn"` hides info lines (2xx/3xx access log), `"error"`
   * hides warnings too, `"none"` hides all.
   */
  logging?: "debug" | "info" | "warn" | "error" | "none";
  /** Called after the drain, before the process exits. */
  onShutdown?: () => void | Promise<void>;
}

let autoreloadWarned = false;

/**
 * Runs an application from its entry file, however that file was started:
 *
 * - `deno run main.ts`: listens on `options.port` and prints the URL;
 * - `deno serve main.ts`, `deno serve --parallel main.ts`, Deno Deploy:
 *   does not listen (Deno serves the default export);
 * - imported (tests, another module): does nothing.
 *
 * In the first two cases `SIGTERM` and `SIGINT` shut down gracefully: new
 * requests get 503, those in flight finish within `gracePeriod` seconds
 * (default 10), the rest get 503 with `Retry-After`, streams end,
 * websockets are closed with code 1001 ("going away"), `buses` are closed,
 * and the process exits with code 0. A second signal exits at once (1).
 * With `autoreload` (on in `debug` mode, for `deno run --watch`) signals
 * keep their default action, so that Ctrl-C also stops the watcher.
 *
 * `deno serve` cannot be told from `deno run` by `import.meta.main` (true
 * under both): the decision is taken at the `load` event, after Deno has
 * started serving the default export or not. So call it at top level and
 * do not await anything after it that waits for the server.
 *
 * @param importMeta The entry file's `import.meta`.
 * @param app The application, also the entry file's default export.
 * @param options Port, listen options, buses to close, log level.
 * @returns `app`, so that `export default startApp(import.meta, app)` works.
 *
 * @example One entry file
 * ```ts
 * import { Application, RequestHandler, startApp } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * class Hello extends RequestHandler {
 *   override get(): void {
 *     this.write("Hello, world");
 *   }
 * }
 * const app = new Application([["/", Hello]]);
 * // `deno run -A main.ts` listens on 8888; `deno serve main.ts` serves
 * // the default export; here (not the main module) nothing starts.
 * export default startApp(import.meta, app, { port: 8888 });
 * assert.equal(startApp(import.meta, app), app);
 * ```
 */
export function startApp(
  importMeta: ImportMeta,
  app: Application,
  options: StartOptions = {},
): Application {
  if (!importMeta.main || onDeploy()) return app;
  if (options.logging !== undefined) applyLogging(options.logging);
  warnAutoreload(app);
  // Under `deno run --watch` (autoreload), a signal must stop the watcher
  // too: the default action is kept.
  const graceful = !app.settings.autoreload;
  const watch = watchDeclarativeServe();
  addEventListener(
    "load",
    () => listenUnlessServed(app, options, watch.stop(), graceful),
    { once: true },
  );
  return app;
}

/**
 * Under `deno serve` (Deno has served the default export) only handles the
 * signals; under `deno run` listens first.
 */
function listenUnlessServed(
  app: Application,
  options: StartOptions,
  served: { drain: Drain } | undefined,
  graceful: boolean,
): void {
  if (served !== undefined) {
    if (graceful) {
      handleSignals(() => served.drain.drain(grace(options)), options);
    }
    return;
  }
  const server = app.listen(options.port ?? 8888, {
    onListen: ({ port }) => printUrl(port, options),
    ...options,
  });
  if (graceful) handleSignals(() => server.shutdown(), options);
}

function grace(options: StartOptions): number {
  return options.gracePeriod ?? DEFAULT_GRACE_PERIOD;
}

function printUrl(port: number, options: StartOptions): void {
  const scheme = options.cert === undefined ? "http" : "https";
  console.log(`Listening on ${scheme}://localhost:${port}/`);
}

function onDeploy(): boolean {
  const name = "DENO_DEPLOYMENT_ID";
  const state = Deno.permissions.querySync({ name: "env", variable: name });
  return state.state === "granted" && Deno.env.get(name) !== undefined;
}

function warnAutoreload(app: Application): void {
  if (!app.settings.autoreload || autoreloadWarned) return;
  autoreloadWarned = true;
  console.warn(
    "autoreload: code changes restart the process only under " +
      "`deno run --watch` (`deno task dev`); templates reload on each " +
      "request in debug mode",
  );
}

/**
 * Watches `Deno.serve` until `stop()`: under `deno serve`, Deno calls it
 * for the default export once the module has been evaluated, before the
 * `load` event. The handler it gets is wrapped for graceful shutdown.
 */
function watchDeclarativeServe(): { stop(): { drain: Drain } | undefined } {
  const original = Deno.serve;
  let served: { drain: Drain } | undefined;
  const watching = function (this: unknown, ...args: unknown[]): unknown {
    const first = args[0] as { handler?: ServeHandler } | undefined;
    if (served === undefined && typeof first?.handler === "function") {
      const drain = new Drain();
      served = { drain };
      args[0] = { ...first, handler: drain.wrap(first.handler) };
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Deno.serve = watching as typeof Deno.serve;
  return {
    stop() {
      if (Deno.serve === watching) Deno.serve = original;
      return served;
    },
  };
}

/** Shuts down on the first SIGTERM/SIGINT, exits at once on a second. */
function handleSignals(
  shutdown: () => Promise<void>,
  options: StartOptions,
): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) Deno.exit(1);
    stopping = true;
    console.info("Shutting down: finishing the requests in flight");
    void stop(shutdown, options).then(() => {
      for (const signal of SIGNALS) Deno.removeSignalListener(signal, onSignal);
      // Anything left (a user's interval) must not keep the process alive.
      Deno.unrefTimer(setTimeout(() => Deno.exit(0), EXIT_DELAY_MS));
    });
  };
  for (const signal of SIGNALS) Deno.addSignalListener(signal, onSignal);
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const EXIT_DELAY_MS = 1000;

async function stop(
  shutdown: () => Promise<void>,
  options: StartOptions,
): Promise<void> {
  try {
    await shutdown();
    await Promise.all((options.buses ?? []).map((bus) => bus.close()));
    await options.onShutdown?.();
  } catch (error) {
    console.error("Error while shutting down", error);
  }
}
