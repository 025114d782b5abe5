// The demo application (`deno task start`): templates with inheritance,
// pages translated by the browser's Accept-Language (or ?lang=), a guestbook
// form protected by XSRF tokens and drawn with a UI module, a sign-in kept in
// a signed cookie, and static files with content-hash URLs.
//
// One entry file for every way of running it:
//   deno run -A examples/demo/main.ts --port=8888 --debug
//   deno serve -A --parallel examples/demo/main.ts
import { fileURLToPath } from "node:url";
import {
  Application,
  authenticated,
  loadTranslations,
  Locale,
  RequestHandler,
  startApp,
  UIModule,
  url,
} from "../../mod.ts";
import { parseFlags } from "../_flags.ts";

const flags = parseFlags();

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

await loadTranslations(here("./translations"));

interface GuestbookEntry {
  name: string;
  message: string;
}

/** Shared state of the demo; a real app would use a database. */
export const state: { visitors: number; entries: GuestbookEntry[] } = {
  visitors: 0,
  entries: [],
};

class BaseHandler extends RequestHandler<string> {
  override getCurrentUser(): string | null {
    return this.getSignedCookie("user");
  }
  override getUserLocale(): Locale | null {
    const lang = this.getArgument("lang", null);
    return lang === null ? null : Locale.getClosest(lang);
  }
}

class HomeHandler extends BaseHandler {
  override get(): void {
    state.visitors++;
    this.render("home.html", {
      visitors: state.visitors,
      languages: [["en_US", "English"], ["es_ES", "Español"], [
        "fr_FR",
        "Français",
      ]],
    });
  }
}

class GuestbookHandler extends BaseHandler {
  override get(): void {
    this.render("guestbook.html", { entries: state.entries });
  }
  override post(): void {
    const name = this.getArgument("name").slice(0, 100);
    const message = this.getArgument("message").slice(0, 1000);
    state.entries.unshift({ name, message });
    state.entries.length = Math.min(state.entries.length, 50);
    this.redirect(this.reverseUrl("guestbook"), { status: 303 });
  }
}

class LoginHandler extends BaseHandler {
  override get(): void {
    this.render("login.html", { next: this.getArgument("next", "/") });
  }
  override post(): void {
    this.setSignedCookie("user", this.getArgument("name").slice(0, 50));
    const next = this.getArgument("next", "/");
    // Only local paths, so the form cannot send users elsewhere.
    this.redirect(next.startsWith("/") && !next.startsWith("//") ? next : "/");
  }
}

class LogoutHandler extends BaseHandler {
  override get(): void {
    this.clearCookie("user");
    this.redirect("/");
  }
}

class AccountHandler extends BaseHandler {
  @authenticated
  override get(): void {
    this.render("account.html");
  }
}

class Entry extends UIModule {
  override render(entry: GuestbookEntry): string {
    return this.renderString("entry.html", { entry });
  }
  override embeddedCss(): string {
    return ".entry { border-left: 3px solid #c33; padding-left: .5rem; }";
  }
}

/** The demo application, exported for tests and `deno serve`. */
export const app: Application = new Application([
  url("/", HomeHandler, {}, "home"),
  url("/guestbook", GuestbookHandler, {}, "guestbook"),
  url("/login", LoginHandler, {}, "login"),
  url("/logout", LogoutHandler, {}, "logout"),
  url("/account", AccountHandler, {}, "account"),
], {
  templatePath: here("./templates"),
  staticPath: here("./static"),
  cookieSecret: Deno.env.get("COOKIE_SECRET") ??
    "demo secret: set COOKIE_SECRET in production",
  xsrfCookies: true,
  loginUrl: "/login",
  uiModules: { Entry },
  debug: flags.debug,
  logFormat: flags.logFormat,
});

export default startApp(import.meta, app, flags.start);
