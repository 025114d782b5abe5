// The blog application: routes and settings. main.ts opens the database
// and the bus and passes them here; tests build one on a temporary folder.
import {
  Application,
  type ApplicationSettings,
  loadTranslations,
  MemoryMessageBus,
  type MessageBus,
  StaticFileHandler,
} from "../../mod.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Entry, NotFoundHandler } from "./base.ts";
import { BlogDb } from "./db.ts";
import {
  ArchiveHandler,
  CommentHandler,
  ComposeHandler,
  FeedHandler,
  HomeHandler,
  PostHandler,
} from "./posts.ts";
import {
  GitHubSignInHandler,
  GoogleSignInHandler,
  SignInHandler,
  SignOutHandler,
  SignUpHandler,
} from "./account.ts";
import {
  ChatHandler,
  ChatNewHandler,
  ChatSocketHandler,
  ChatUpdatesHandler,
  EventsHandler,
} from "./live.ts";

/** What the blog is built from. */
export interface BlogConfig {
  db: BlogDb;
  bus: MessageBus;
  cookieSecret: string;
  /** Other settings (OAuth keys, `logFunction`, `debug`, ...). */
  settings?: ApplicationSettings;
}

function here(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}

/** Loads the translations and builds the application. */
export async function makeBlogApp(config: BlogConfig): Promise<Application> {
  await loadTranslations(here("./translations"));
  const data = { db: config.db, bus: config.bus };
  return new Application([
    ["/", HomeHandler, data],
    ["/archive", ArchiveHandler, data],
    ["/entry/([^/]+)", PostHandler, data],
    ["/entry/([^/]+)/comment", CommentHandler, data],
    ["/compose", ComposeHandler, data],
    ["/feed\\.xml", FeedHandler, data],
    ["/events", EventsHandler, data],
    ["/chat", ChatHandler, data],
    ["/chat/new", ChatNewHandler, data],
    ["/chat/updates", ChatUpdatesHandler, data],
    ["/chat/socket", ChatSocketHandler, data],
    ["/auth/signup", SignUpHandler, data],
    ["/auth/signin", SignInHandler, data],
    ["/auth/signout", SignOutHandler, data],
    ["/auth/github", GitHubSignInHandler, data],
    ["/auth/google", GoogleSignInHandler, data],
    ["/(favicon\\.ico)", StaticFileHandler, { path: here("./static") }],
  ], {
    cookieSecret: config.cookieSecret,
    loginUrl: "/auth/signin",
    xsrfCookies: true,
    xsrfCookieOptions: { sameSite: "Lax" },
    templatePath: here("./templates"),
    staticPath: here("./static"),
    uiModules: { Entry },
    defaultHandlerClass: NotFoundHandler,
    defaultHandlerArgs: data,
    ...config.settings,
  });
}

/** A running blog: its base URL, its data, and how to stop it. */
export interface RunningBlog {
  baseUrl: string;
  db: BlogDb;
  stop(): Promise<void>;
}

/**
 * Serves a blog with its database in `dir` on a free loopback port (for
 * the browser tests and the screenshots). `stop()` also resets the
 * translation registry, which is module state.
 */
export async function startBlog(dir: string): Promise<RunningBlog> {
  const db = new BlogDb(join(dir, "blog.sqlite3"));
  const bus = new MemoryMessageBus();
  const app = await makeBlogApp({
    db,
    bus,
    cookieSecret: crypto.randomUUID(),
    settings: { logFunction: () => {} },
  });
  const server = app.listen(0, { hostname: "127.0.0.1", onListen: () => {} });
  return {
    baseUrl: `http://127.0.0.1:${server.addr.port}`,
    db,
    async stop() {
      await server.shutdown();
      await bus.close();
      db.close();
      const empty = await Deno.makeTempDir();
      await loadTranslations(empty); // no CSV there: resets the registry
      await Deno.remove(empty);
    },
  };
}
