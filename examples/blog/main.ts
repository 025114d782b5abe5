// The flagship example, a blog, one entry file for every way of running it:
//   deno task start                                   (deno run)
//   deno serve -A examples/blog/main.ts               (the default export)
// Flags: --port=8888 --debug --logging=info|warn|error|none (examples/_flags.ts).
// Environment: PORT (overrides --port), BLOG_DATA (the data folder, default
// examples/blog/data, created on first start), COOKIE_SECRET (else one is
// made and kept in the data folder), GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET
// and GOOGLE_CLIENT_ID/GOOGLE_CLIENT_SECRET for optional OAuth sign-in.
import {
  type ApplicationSettings,
  MemoryMessageBus,
  startApp,
} from "../../mod.ts";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseFlags } from "../_flags.ts";
import { makeBlogApp } from "./app.ts";
import { BlogDb } from "./db.ts";

const dataDir = Deno.env.get("BLOG_DATA") ??
  fileURLToPath(new URL("./data", import.meta.url));
await Deno.mkdir(dataDir, { recursive: true });

/** The cookie secret from the environment, else kept in the data folder. */
async function cookieSecret(): Promise<string> {
  const given = Deno.env.get("COOKIE_SECRET");
  if (given) return given;
  const path = join(dataDir, "cookie_secret");
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  await Deno.writeTextFile(path, secret, { mode: 0o600, createNew: true });
  return secret;
}

function oauthKeys(
  prefix: string,
): { key: string; secret: string } | undefined {
  const key = Deno.env.get(`${prefix}_CLIENT_ID`);
  const secret = Deno.env.get(`${prefix}_CLIENT_SECRET`);
  return key && secret ? { key, secret } : undefined;
}

const flags = parseFlags();
const settings: ApplicationSettings = {
  debug: flags.debug,
  logFormat: flags.logFormat,
};
const github = oauthKeys("GITHUB");
const google = oauthKeys("GOOGLE");
if (github) settings.githubOauth = github;
if (google) settings.googleOauth = google;

const db = new BlogDb(join(dataDir, "blog.sqlite3"));
const bus = new MemoryMessageBus();
const port = Deno.env.get("PORT");

/** The blog application. */
export const app = await makeBlogApp({
  db,
  bus,
  cookieSecret: await cookieSecret(),
  settings,
});

export default startApp(import.meta, app, {
  ...flags.start,
  ...(port === undefined ? {} : { port: Number(port) }),
  buses: [bus],
  onShutdown: () => db.close(),
});
