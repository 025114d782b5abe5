// The blog on a free loopback port with a fresh temporary database.
import { loadTranslations, MemoryMessageBus, type Server } from "../../mod.ts";
import { join } from "node:path";
import { makeBlogApp } from "../../examples/blog/app.ts";
import { BlogDb } from "../../examples/blog/db.ts";

/** A running blog: its base URL and how to stop it. */
export interface BlogServer {
  baseUrl: string;
  db: BlogDb;
  stop(): Promise<void>;
}

/** Starts the blog in `dir` (the database goes there). */
export async function startBlog(dir: string): Promise<BlogServer> {
  const db = new BlogDb(join(dir, "blog.sqlite3"));
  const bus = new MemoryMessageBus();
  const app = await makeBlogApp({
    db,
    bus,
    cookieSecret: crypto.randomUUID(),
    settings: { logFunction: () => {} },
  });
  const server: Server = app.listen(0, {
    hostname: "127.0.0.1",
    onListen: () => {},
  });
  return {
    baseUrl: `http://127.0.0.1:${server.addr.port}`,
    db,
    async stop() {
      await server.shutdown();
      await bus.close();
      db.close();
      await loadTranslations(dir); // no CSV there: resets the registry
    },
  };
}
