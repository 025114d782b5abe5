// Checks the dependency direction between folders (STYLE.md, section 4):
// every relative import in a source folder points only where it may.
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

const ALLOWED: Record<string, string[]> = {
  escape: [],
  _internal: [],
  options: ["_internal"],
  locale: ["escape", "_internal"],
  template: ["escape", "_internal"],
  httpclient: ["escape", "_internal"],
  web: ["template", "locale", "escape", "_internal"],
  websocket: ["web", "escape", "_internal"],
  auth: ["web", "httpclient", "escape", "_internal"],
  testing: ["web", "_internal"],
  redis: ["web", "_internal"],
  init: [],
};

// Friend imports (STYLE.md rule 9): a file may reach one named file past
// another folder's mod.ts, for a friend function that mod.ts cannot export.
const FRIENDS: Record<string, string[]> = {
  "websocket/websocket_handler.ts": ["web/request_handler.ts"],
};

const IMPORT_REGEXP =
  /(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

for (const [folder, allowed] of Object.entries(ALLOWED)) {
  Deno.test(`${folder}/ imports only from ${allowed.join(", ") || "itself"}`, async () => {
    const dir = join(ROOT, folder);
    try {
      await Deno.stat(dir);
    } catch {
      return; // the folder does not exist yet
    }
    const problems: string[] = [];
    for await (const file of sourceFiles(dir)) {
      const text = await Deno.readTextFile(file);
      for (const match of text.matchAll(IMPORT_REGEXP)) {
        const spec = match[1] ?? match[2] ?? "";
        if (spec.startsWith("jsr:") || spec.startsWith("http")) {
          problems.push(`${relative(ROOT, file)}: remote import "${spec}"`);
          continue;
        }
        if (!spec.startsWith(".")) continue; // node: and npm: built-ins
        const target = relative(ROOT, join(dirname(file), spec));
        const top = target.split(/[\\/]/)[0] ?? "";
        if (top === folder) continue;
        if (!allowed.includes(top)) {
          problems.push(`${relative(ROOT, file)}: imports "${spec}"`);
        } else if (
          top !== "_internal" && !target.endsWith("mod.ts") &&
          !(FRIENDS[relative(ROOT, file)] ?? []).includes(target)
        ) {
          problems.push(
            `${relative(ROOT, file)}: imports "${spec}" past its mod.ts`,
          );
        }
      }
    }
    assert.deepEqual(problems, []);
  });
}
