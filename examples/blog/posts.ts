// Reading and writing posts: home (paginated), archive, one post with its
// comments, compose/edit (author only), comments and the Atom feed. New
// posts and comments go out on the bus for the live pages (live.ts).
import { authenticated, HTTPError } from "../../mod.ts";
import { BaseHandler, LIVE_CHANNEL, renderMarkdown } from "./base.ts";
import type { Post } from "./db.ts";

/** Posts per home page. */
export const PAGE_SIZE = 5;
/** Longest title, post and comment accepted, in characters. */
export const MAX_TITLE = 200;
export const MAX_POST = 100_000;
export const MAX_COMMENT = 2_000;

/** A required text field, trimmed, between 1 and `max` characters. */
function field(handler: BaseHandler, name: string, max: number): string {
  const value = handler.getBodyArgument(name, "");
  if (value === "") throw new HTTPError(400, `Empty ${name}`);
  if (value.length > max) {
    throw new HTTPError(400, `${name} longer than ${max}`);
  }
  return value;
}

export class HomeHandler extends BaseHandler {
  override get(): void {
    const page = Number(this.getQueryArgument("page", "1"));
    if (!Number.isSafeInteger(page) || page < 1) {
      throw new HTTPError(400, "Bad page number");
    }
    const total = this.db.countPosts();
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (page > pages) throw new HTTPError(404, `No page ${page}`);
    const entries = this.db.listPosts(PAGE_SIZE, (page - 1) * PAGE_SIZE);
    this.render("home.html", { entries, page, pages });
  }
}

export class ArchiveHandler extends BaseHandler {
  override get(): void {
    this.render("archive.html", { entries: this.db.listPosts(-1) });
  }
}

export class PostHandler extends BaseHandler {
  override get(slug: string): void {
    const entry = this.postOr404(slug);
    this.render("entry.html", {
      entry,
      comments: this.db.comments(entry.id),
    });
  }
}

export class CommentHandler extends BaseHandler {
  @authenticated
  override async post(slug: string): Promise<void> {
    const entry = this.postOr404(slug);
    const body = field(this, "body", MAX_COMMENT);
    const comment = this.db.addComment(entry.id, this.currentUser!.id, body);
    const html = this.renderString("modules/comment.html", { comment });
    await this.bus.publish(LIVE_CHANNEL, {
      kind: "comment",
      postId: entry.id,
      html,
    });
    if (this.request.headers.get("accept")?.includes("application/json")) {
      this.write({ id: comment.id });
    } else {
      this.redirect(`/entry/${entry.slug}#comment-${comment.id}`);
    }
  }
}

export class ComposeHandler extends BaseHandler {
  /** The post being edited (`?id=`), refused unless ours. */
  #editable(): Post | null {
    const id = this.getArgument("id", "");
    if (id === "") return null;
    const post = this.db.postById(Number(id));
    if (post === null) throw new HTTPError(404, `No post ${id}`);
    if (post.authorId !== this.currentUser!.id) {
      throw new HTTPError(403, `Post ${id} is not by this user`);
    }
    return post;
  }

  @authenticated
  override get(): void {
    this.render("compose.html", { entry: this.#editable() });
  }

  @authenticated
  override async post(): Promise<void> {
    const existing = this.#editable();
    const title = field(this, "title", MAX_TITLE);
    const text = field(this, "markdown", MAX_POST);
    const html = renderMarkdown(text);
    if (existing !== null) {
      const post = this.db.updatePost(existing.id, title, text, html);
      return this.redirect(`/entry/${post.slug}`);
    }
    const post = this.db.createPost(this.currentUser!.id, title, text, html);
    const summary = this.renderString("modules/summary.html", { entry: post });
    await this.bus.publish(LIVE_CHANNEL, { kind: "post", html: summary });
    this.redirect(`/entry/${post.slug}`);
  }
}

export class FeedHandler extends BaseHandler {
  override get(): void {
    this.setHeader("Content-Type", "application/atom+xml; charset=UTF-8");
    const entries = this.db.listPosts(10);
    const base = `${this.request.protocol}://${this.request.host}`;
    this.render("feed.xml", { entries, base });
  }
}
