// Test helper: runs `fn` with console.warn and console.error captured.

/** Runs `fn`, returning what it wrote with console.warn/console.error. */
export async function captureLogs(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const saved = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  console.error = (...args: unknown[]) =>
    lines.push(args.map(String).join(" "));
  try {
    await fn();
  } finally {
    Object.assign(console, saved);
  }
  return lines;
}
