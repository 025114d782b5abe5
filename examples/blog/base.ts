// What every page of the blog shares: the signed-in user from a signed
// cookie, the language (from ?lang=, then a cookie, then the browser), the
// site layout for error pages, Markdown, passwords and the Entry module.
import {
  HTTPError,
  Locale,
  type MessageBus,
  RequestHandler,
  type SendErrorOptions,
  UIModule,
} from "../../mod.ts";
import MarkdownIt from "markdown-it";
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type { BlogDb, Post, User } from "./db.ts";

/** What the handlers receive through initialize(). */
export interface BlogOptions {
  db: BlogDb;
  bus: MessageBus;
}

/** The bus channel of new posts and comments. */
export const LIVE_CHANNEL = "blog";
/** The languages offered, as [code, name]. */
export const LANGUAGES: readonly [string, string][] = [
  ["en_US", "English"],
  ["es", "Español"],
  ["fr", "Français"],
];
/** The signed cookie holding the signed-in user's id. */
export const SESSION_COOKIE = "blog_user";
const LANG_COOKIE = "lang";

// html: false escapes any HTML in a post; markdown-it also refuses
// javascript:, vbscript: and data: links (except images).
const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: true,
});

/** Markdown to HTML that cannot carry script. */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password,
      salt,
      32,
      (error, key) => error ? reject(error) : resolve(key),
    )
  );
}

/** `scrypt$<salt>$<key>` in base64, for the users table. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Whether `password` matches a stored hash (compared in constant time). */
export async function checkPassword(
  password: string,
  stored: string | null,
): Promise<boolean> {
  const [kind, salt, key] = (stored ?? "").split("$");
  if (kind !== "scrypt" || salt === undefined || key === undefined) {
    return false;
  }
  const expected = Buffer.from(key, "base64");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64"));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The language chosen with `?lang=` (kept in a cookie), or `null`. */
export function chosenLocale(handler: RequestHandler): Locale | null {
  const lang = handler.getCookie(LANG_COOKIE);
  return lang ? Locale.getClosest(lang) : null;
}

/** The base of every blog handler. */
export class BaseHandler extends RequestHandler<User> {
  db!: BlogDb;
  bus!: MessageBus;

  override initialize(options: BlogOptions): void {
    this.db = options.db;
    this.bus = options.bus;
  }

  /** A `?lang=` choice is kept in a cookie so it sticks across pages. */
  override prepare(): void {
    const lang = this.getQueryArgument("lang", null);
    if (lang !== null && LANGUAGES.some(([code]) => code === lang)) {
      this.setCookie(LANG_COOKIE, lang, {
        expiresDays: 365,
        sameSite: "Lax",
        httpOnly: true,
        secure: this.request.protocol === "https",
      });
      this.locale = Locale.getClosest(lang);
    }
  }

  override getCurrentUser(): User | null {
    const id = this.getSignedCookie(SESSION_COOKIE);
    return id === null ? null : this.db.userById(Number(id));
  }

  override getUserLocale(): Locale | null {
    return chosenLocale(this);
  }

  override getTemplateNamespace(): Record<string, unknown> {
    return { ...super.getTemplateNamespace(), languages: LANGUAGES };
  }

  /** Starts a session: a signed, HttpOnly, SameSite=Lax cookie. */
  signIn(user: User): void {
    this.setSignedCookie(SESSION_COOKIE, String(user.id), {
      httpOnly: true,
      sameSite: "Lax",
      secure: this.request.protocol === "https",
    });
  }

  /** Ends the session. */
  signOut(): void {
    this.clearCookie(SESSION_COOKIE);
  }

  /** The post named by a slug in the URL, else 404. */
  postOr404(slug: string): Post {
    const post = this.db.postBySlug(slug);
    if (post === null) throw new HTTPError(404, `No post "${slug}"`);
    return post;
  }

  /** Error pages in the site's layout (no stack trace, ever). */
  override writeError(status: number, _options: SendErrorOptions): void {
    try {
      this.render("error.html", { status });
    } catch (error) {
      console.error("Cannot render error.html", error);
      this.finish(`<!doctype html><title>${status}</title><h1>${status}</h1>`);
    }
  }
}

/** Answers every unknown URL with the 404 page. */
export class NotFoundHandler extends BaseHandler {
  override prepare(): void {
    throw new HTTPError(404);
  }
}

/** A post with its title, byline and text, optionally its comments. */
export class Entry extends UIModule {
  override render(
    entry: Post,
    options: { showComments?: boolean; comments?: unknown[] } = {},
  ): string {
    return this.renderString("modules/entry.html", {
      entry,
      showComments: options.showComments ?? false,
      comments: options.comments ?? [],
    });
  }
}
