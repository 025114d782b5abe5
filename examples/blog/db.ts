// The blog's data on SQLite (Deno's built-in node:sqlite): schema
// migrations at start-up, and every query parameterized. Handlers receive
// one BlogDb through initialize().
import { DatabaseSync } from "node:sqlite";

/** A signed-up author or reader. */
export interface User {
  id: number;
  email: string;
  name: string;
  passwordHash: string | null;
}

/** A post, with its author's name. */
export interface Post {
  id: number;
  authorId: number;
  authorName: string;
  slug: string;
  title: string;
  markdown: string;
  html: string;
  published: number;
  updated: number;
}

/** A comment on a post. */
export interface Comment {
  id: number;
  postId: number;
  authorName: string;
  body: string;
  created: number;
}

// Each entry moves the schema one version up (PRAGMA user_version).
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     password_hash TEXT,
     created INTEGER NOT NULL);
   CREATE TABLE posts (
     id INTEGER PRIMARY KEY,
     author_id INTEGER NOT NULL REFERENCES users(id),
     slug TEXT NOT NULL UNIQUE,
     title TEXT NOT NULL,
     markdown TEXT NOT NULL,
     html TEXT NOT NULL,
     published INTEGER NOT NULL,
     updated INTEGER NOT NULL);
   CREATE INDEX posts_by_date ON posts(published DESC);`,
  `CREATE TABLE comments (
     id INTEGER PRIMARY KEY,
     post_id INTEGER NOT NULL REFERENCES posts(id),
     author_id INTEGER NOT NULL REFERENCES users(id),
     body TEXT NOT NULL,
     created INTEGER NOT NULL);
   CREATE INDEX comments_by_post ON comments(post_id, id);`,
];

const POST_COLUMNS = `p.id, p.author_id AS authorId, u.name AS authorName,
  p.slug, p.title, p.markdown, p.html, p.published, p.updated`;
const POST_FROM = "FROM posts p JOIN users u ON u.id = p.author_id";

type Row = Record<string, unknown>;

/** Lower-case words joined by dashes, for URLs; "post" when none is left. */
export function slugify(title: string): string {
  const slug = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, 60).replace(/-+$/, "");
  return slug === "" ? "post" : slug;
}

/** The blog's tables behind a few methods. */
export class BlogDb {
  #db: DatabaseSync;

  /** Opens (or creates) the database at `path` and migrates it. */
  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;");
    this.#migrate();
  }

  /** The schema version (the number of migrations applied). */
  get version(): number {
    const row = this.#db.prepare("PRAGMA user_version").get() as Row;
    return Number(row.user_version);
  }

  #migrate(): void {
    for (let v = this.version; v < MIGRATIONS.length; v++) {
      this.#db.exec("BEGIN");
      try {
        this.#db.exec(MIGRATIONS[v]!);
        this.#db.exec(`PRAGMA user_version = ${v + 1}`);
        this.#db.exec("COMMIT");
      } catch (error) {
        this.#db.exec("ROLLBACK");
        throw error;
      }
    }
  }

  /** Adds a user; `null` when the email is taken. */
  createUser(
    email: string,
    name: string,
    passwordHash: string | null,
  ): User | null {
    const taken = this.userByEmail(email);
    if (taken !== null) return null;
    const { lastInsertRowid } = this.#db.prepare(
      "INSERT INTO users (email, name, password_hash, created) VALUES (?, ?, ?, ?)",
    ).run(email, name, passwordHash, Date.now());
    return this.userById(Number(lastInsertRowid));
  }

  /** The user with this id, or `null`. */
  userById(id: number): User | null {
    return toUser(
      this.#db.prepare("SELECT * FROM users WHERE id = ?").get(id) as Row,
    );
  }

  /** The user with this email, or `null`. */
  userByEmail(email: string): User | null {
    return toUser(
      this.#db.prepare("SELECT * FROM users WHERE email = ?").get(email) as Row,
    );
  }

  /** Saves a new post under a free slug made from its title. */
  createPost(
    authorId: number,
    title: string,
    markdown: string,
    html: string,
  ): Post {
    const base = slugify(title);
    let slug = base;
    for (let n = 2; this.postBySlug(slug) !== null; n++) slug = `${base}-${n}`;
    const now = Date.now();
    const { lastInsertRowid } = this.#db.prepare(
      `INSERT INTO posts (author_id, slug, title, markdown, html, published, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(authorId, slug, title, markdown, html, now, now);
    return this.postById(Number(lastInsertRowid))!;
  }

  /** Changes a post's title and text (its slug stays). */
  updatePost(id: number, title: string, markdown: string, html: string): Post {
    this.#db.prepare(
      "UPDATE posts SET title = ?, markdown = ?, html = ?, updated = ? WHERE id = ?",
    ).run(title, markdown, html, Date.now(), id);
    return this.postById(id)!;
  }

  /** The post with this id, or `null`. */
  postById(id: number): Post | null {
    return (this.#db.prepare(
      `SELECT ${POST_COLUMNS} ${POST_FROM} WHERE p.id = ?`,
    )
      .get(id) as Post | undefined) ?? null;
  }

  /** The post with this slug, or `null`. */
  postBySlug(slug: string): Post | null {
    return (this.#db.prepare(
      `SELECT ${POST_COLUMNS} ${POST_FROM} WHERE p.slug = ?`,
    ).get(slug) as Post | undefined) ?? null;
  }

  /** Newest first, `limit` posts after skipping `offset`. */
  listPosts(limit: number, offset = 0): Post[] {
    return this.#db.prepare(
      `SELECT ${POST_COLUMNS} ${POST_FROM}
       ORDER BY p.published DESC, p.id DESC LIMIT ? OFFSET ?`,
    ).all(limit, offset) as unknown as Post[];
  }

  /** How many posts there are. */
  countPosts(): number {
    const row = this.#db.prepare("SELECT count(*) AS n FROM posts")
      .get() as Row;
    return Number(row.n);
  }

  /** Adds a comment to a post. */
  addComment(postId: number, authorId: number, body: string): Comment {
    const { lastInsertRowid } = this.#db.prepare(
      "INSERT INTO comments (post_id, author_id, body, created) VALUES (?, ?, ?, ?)",
    ).run(postId, authorId, body, Date.now());
    return this.comments(postId).find((c) => c.id === Number(lastInsertRowid))!;
  }

  /** A post's comments, oldest first. */
  comments(postId: number): Comment[] {
    return this.#db.prepare(
      `SELECT c.id, c.post_id AS postId, u.name AS authorName, c.body, c.created
       FROM comments c JOIN users u ON u.id = c.author_id
       WHERE c.post_id = ? ORDER BY c.id`,
    ).all(postId) as unknown as Comment[];
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toUser(row: Row | undefined): User | null {
  if (row === undefined) return null;
  return {
    id: Number(row.id),
    email: String(row.email),
    name: String(row.name),
    passwordHash: row.password_hash === null ? null : String(row.password_hash),
  };
}
