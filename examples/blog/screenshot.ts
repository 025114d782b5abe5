// Makes examples/blog/screenshot.png (desktop) and screenshot_phone.png:
// the blog on a temporary database with a few posts, in headless Chromium.
// `deno run -A examples/blog/screenshot.ts`
import puppeteer from "puppeteer-core";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { startBlog } from "./app.ts";
import { renderMarkdown } from "./base.ts";

const POSTS: [string, string][] = [
  [
    "Why we rebuilt Tornado for Deno",
    "Regex routes, `RequestHandler` classes and **signed cookies**, now on `Deno.serve`.\n\n> Same names, camelCase.",
  ],
  [
    "Live comments with server-sent events",
    "Open this post in two windows and comment: the other window updates *without a reload*.",
  ],
  [
    "Hello, world",
    "This blog keeps its posts in **SQLite** through `node:sqlite`.",
  ],
];

const dir = await Deno.makeTempDir();
const blog = await startBlog(dir);
const ann = blog.db.createUser("ann@example.com", "Ann Lee", null)!;
for (const [title, text] of POSTS.toReversed()) {
  blog.db.createPost(ann.id, title, text, renderMarkdown(text));
}
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    `--user-data-dir=${join(dir, "profile")}`,
  ],
});
try {
  const page = await browser.newPage();
  const shots: [string, number, number][] = [
    ["screenshot.png", 1100, 760],
    ["screenshot_phone.png", 390, 760],
  ];
  for (const [name, width, height] of shots) {
    await page.setViewport({ width, height, deviceScaleFactor: 1 });
    await page.goto(`${blog.baseUrl}/`);
    const path = fileURLToPath(new URL(name, import.meta.url));
    await page.screenshot({ path: path as `${string}.png` });
    console.log(`Wrote ${path}`);
  }
} finally {
  await browser.close();
  await blog.stop();
  await Deno.remove(dir, { recursive: true });
}
