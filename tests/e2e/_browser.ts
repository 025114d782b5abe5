// Chromium for the end-to-end tests, driven through puppeteer-core: one
// browser per test file, a fresh profile, pages that record console errors,
// and a screenshot of every open page when a step fails.
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { join } from "node:path";

/** Where the browser is looked for (CHROMIUM_PATH overrides). */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/** The browser binary, or a clear error when there is none (never a skip). */
export function findChromium(): string {
  const given = Deno.env.get("CHROMIUM_PATH");
  for (const path of given ? [given] : CHROMIUM_CANDIDATES) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch { /* next */ }
  }
  throw new Error(
    `Cannot run the browser tests: no Chromium at ${
      (given ? [given] : CHROMIUM_CANDIDATES).join(", ")
    }. Install it (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

/** A page and the console errors it logged. */
export interface TrackedPage {
  page: Page;
  errors: string[];
}

/** One browser and a temporary folder for its profile and screenshots. */
export class E2EBrowser {
  readonly browser: Browser;
  readonly dir: string;
  /** Set by `step()` when a step fails: the folder is then kept. */
  failed = false;
  #pages: TrackedPage[] = [];

  private constructor(browser: Browser, dir: string) {
    this.browser = browser;
    this.dir = dir;
  }

  /** Launches headless Chromium with a fresh profile. */
  static async launch(): Promise<E2EBrowser> {
    const executablePath = findChromium();
    const dir = await Deno.makeTempDir({ prefix: "blog-e2e-" });
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: [
        "--no-sandbox",
        "--headless=new",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        `--user-data-dir=${join(dir, "profile")}`,
      ],
    });
    return new E2EBrowser(browser, dir);
  }

  /** A page in a new browser context (its own cookies) or the default one. */
  async newPage(options: { isolated?: boolean } = {}): Promise<TrackedPage> {
    const context = options.isolated
      ? await this.browser.createBrowserContext()
      : this.browser.defaultBrowserContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const tracked = { page, errors: [] as string[] };
    page.on("console", (message) => {
      if (message.type() === "error") tracked.errors.push(message.text());
    });
    page.on("pageerror", (error) => tracked.errors.push(String(error)));
    this.#pages.push(tracked);
    return tracked;
  }

  /** Saves a screenshot of each open page; returns the file names. */
  async screenshots(label: string): Promise<string[]> {
    const files: string[] = [];
    for (const [i, { page }] of this.#pages.entries()) {
      if (page.isClosed()) continue;
      const file = join(this.dir, `${label.replace(/\W+/g, "_")}-${i}.png`);
      await page.screenshot({ path: file as `${string}.png`, fullPage: true })
        .then(() => files.push(file), () => {});
    }
    return files;
  }

  /** Closes the browser; removes its folder unless a step failed. */
  async close(): Promise<void> {
    await this.browser.close();
    if (!this.failed) await Deno.remove(this.dir, { recursive: true });
  }
}

/**
 * Runs a test step; on failure, screenshots every open page into the
 * browser's temporary folder and names the files in the error.
 */
export async function step(
  t: Deno.TestContext,
  browser: E2EBrowser,
  name: string,
  fn: () => Promise<void>,
): Promise<void> {
  const ok = await t.step(name, async () => {
    try {
      await fn();
    } catch (error) {
      browser.failed = true;
      const files = await browser.screenshots(name);
      console.error(`Screenshots of "${name}": ${files.join(", ")}`);
      throw error;
    }
  });
  if (!ok) throw new Error(`Step failed: ${name}`);
}
