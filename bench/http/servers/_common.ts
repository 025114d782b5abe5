// What every benchmark server shares: the scenario argument and the line
// that tells the driver which port was picked.

/** The scenarios, in the order they run. */
export const SCENARIOS = [
  "plaintext",
  "json",
  "routing",
  "template",
  "cookie",
  "form",
] as const;
/** One scenario name. */
export type Scenario = typeof SCENARIOS[number];

/** The scenario named on the command line. */
export function scenarioArg(): Scenario {
  const name = Deno.args[0] as Scenario;
  if (!SCENARIOS.includes(name)) {
    throw new Error(`Unknown scenario "${name}"`);
  }
  return name;
}

// Exit cleanly on SIGTERM, so `--cpu-prof` can write its profile.
Deno.addSignalListener("SIGTERM", () => Deno.exit(0));

/** Tells the driver the port (it reads this line). */
export function announce(port: number): void {
  console.log(`PORT ${port}`);
}

/** Tells the driver the `Cookie` header to send in the cookie scenario. */
export function announceCookie(header: string): void {
  console.log(`COOKIE ${header}`);
}

/** The template directory. */
export const TEMPLATE_DIR: string = new URL("../../templates/", import.meta.url)
  .pathname;
