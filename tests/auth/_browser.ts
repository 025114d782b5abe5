// The test plays the browser: it drives the app with AppTestClient (which
// keeps cookies) and follows the redirect to the provider by hand.
import assert from "node:assert/strict";
import type { AppTestClient } from "../../testing/mod.ts";

/** Where the app sends the browser, and what the provider sends back. */
export interface Trip {
  /** The app's redirect to the provider. */
  toProvider: URL;
  /** The provider's redirect back to the app. */
  back: URL;
}

/** Starts sign-in at `path` and lets the provider answer; stops before the callback. */
export async function goToProvider(
  client: AppTestClient,
  path: string,
): Promise<Trip> {
  const start = await client.fetch(path);
  assert.equal(start.status, 302, await start.text());
  const toProvider = new URL(start.headers.get("location")!);
  const answer = await fetch(toProvider, { redirect: "manual" });
  await answer.body?.cancel();
  assert.equal(answer.status, 302, `provider answered ${answer.status}`);
  return { toProvider, back: new URL(answer.headers.get("location")!) };
}

/** The whole sign-in: returns the app's answer to the callback. */
export async function signIn(
  client: AppTestClient,
  path: string,
): Promise<Response> {
  const trip = await goToProvider(client, path);
  return await client.fetch(trip.back.pathname + trip.back.search);
}

/** Runs `fn` with console.warn and console.error captured. */
export async function captureLogs(
  fn: () => Promise<void>,
): Promise<string[]> {
  const lines: string[] = [];
  const saved = { warn: console.warn, error: console.error };
  const record = (...args: unknown[]) => {
    lines.push(
      args.map((a) => a instanceof Error ? a.stack ?? a.message : String(a))
        .join(" "),
    );
  };
  console.warn = record;
  console.error = record;
  try {
    await fn();
  } finally {
    Object.assign(console, saved);
  }
  return lines;
}
