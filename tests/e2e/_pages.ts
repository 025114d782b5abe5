// Page helpers for the browser tests: navigation, forms, waiting for text.
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import type { TrackedPage } from "./_browser.ts";

// The code inside page.evaluate() runs in the browser; the tests are
// type-checked without the DOM library (it clashes with Deno's types), so
// browser objects are typed loosely.
// deno-lint-ignore no-explicit-any
export type Dom = any;
declare const document: Dom;

export const EXPECTED_STATUS_ERROR =
  /^Failed to load resource: the server responded with a status of 40[034]/;

/** Goes to `path` and returns the response status. */
export async function visit(
  page: Page,
  base: string,
  path: string,
): Promise<number> {
  const response = await page.goto(base + path, { waitUntil: "load" });
  return response?.status() ?? 0;
}

/** Fills a form's fields by name, submits it and waits for the next page. */
export async function submit(
  page: Page,
  selector: string,
  fields: Record<string, string>,
): Promise<number> {
  for (const [name, value] of Object.entries(fields)) {
    const input = `${selector} [name="${name}"]`;
    await page.$eval(input, (el) => ((el as Dom).value = ""));
    await page.type(input, value);
  }
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.$eval(selector, (form) => (form as Dom).requestSubmit()),
  ]);
  return response?.status() ?? 0;
}

/** The text of the first element matching `selector`. */
export async function text(page: Page, selector: string): Promise<string> {
  return await page.$eval(selector, (el) => el.textContent ?? "");
}

/** Signs up a new author from the sign-up page. */
export async function signUp(
  tp: TrackedPage,
  base: string,
  name: string,
): Promise<void> {
  await visit(tp.page, base, "/auth/signup");
  const status = await submit(tp.page, "form[action='/auth/signup']", {
    name,
    email: `${name.toLowerCase()}@example.com`,
    password: `${name}-password`,
  });
  assert.equal(status, 200);
  assert.equal(await text(tp.page, ".who"), name);
}

/** Types a chat message and sends it. */
export async function chat(page: Page, message: string): Promise<void> {
  await page.type("#chat-body", message);
  await page.click("#chat-form button");
}

/** Waits until `selector`'s text includes `expected`. */
export async function waitForText(
  page: Page,
  selector: string,
  expected: string,
): Promise<void> {
  await page.waitForFunction(
    (s: string, e: string) =>
      [...document.querySelectorAll(s)].some((el: Dom) =>
        el.textContent?.includes(e)
      ),
    {},
    selector,
    expected,
  );
}
