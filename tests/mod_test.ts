// Pins the public surface: each folder's mod.ts exports exactly the names
// listed here, and the root mod.ts exports their union (so nothing leaks and
// `export *` drops nothing through a name clash).
import assert from "node:assert/strict";

const EXPORTS: Record<string, string[]> = {
  // --- web ---
  web: [
    "addslash",
    "authenticated",
    "createSignedValue",
    "decodeSignedValue",
    "getSignatureKeyVersion",
    "removeslash",
    "startApp",
    "Application",
    "BroadcastChannelMessageBus",
    "ErrorHandler",
    "FallbackHandler",
    "Finish",
    "HTTPError",
    "HTTPServerRequest",
    "MemoryMessageBus",
    "MessageBusUnavailableError",
    "MissingArgumentError",
    "RedirectHandler",
    "RequestHandler",
    "TemplateModule",
    "UIModule",
    "StaticFileHandler",
    "StreamClosedError",
    "URLSpec",
    "url",
  ],
  // --- testing ---
  testing: ["AppTestClient", "withServer"],
  // --- escape ---
  escape: [
    "jsonDecode",
    "jsonEncode",
    "linkify",
    "parseQsBytes",
    "squeeze",
    "toUnicode",
    "urlEscape",
    "urlUnescape",
    "utf8",
    "xhtmlEscape",
    "xhtmlUnescape",
  ],
  // --- template ---
  template: [
    "BaseLoader",
    "DictLoader",
    "Loader",
    "ParseError",
    "Template",
    "filterWhitespace",
  ],
  // --- locale ---
  locale: [
    "CSVLocale",
    "GettextLocale",
    "LOCALE_NAMES",
    "Locale",
    "getSupportedLocales",
    "loadGettextTranslations",
    "loadTranslations",
    "setDefaultLocale",
  ],
  // --- httpclient ---
  httpclient: [
    "AsyncHTTPClient",
    "HTTPClientError",
    "HTTPRequest",
    "HTTPResponse",
    "urlConcat",
  ],
  // --- options ---
  options: [
    "OptionParser",
    "define",
    "options",
    "parseCommandLine",
    "parseConfigFile",
  ],
  // --- websocket ---
  websocket: ["WebSocketHandler", "websocketConnect"],
  // --- auth ---
  auth: [
    "AuthError",
    "FacebookGraphMixin",
    "GitHubOAuth2Mixin",
    "GoogleOAuth2Mixin",
    "OAuth2Mixin",
    "OAuthMixin",
    "TwitterMixin",
  ],
};

// Folders with their own entry point that the root mod.ts leaves out, so
// that the core keeps zero dependencies.
const SEPARATE: Record<string, string[]> = {
  redis: ["RedisMessageBus"],
  kv: ["KvMessageBus"],
  init: ["initProject"],
};

for (const [folder, names] of Object.entries({ ...EXPORTS, ...SEPARATE })) {
  Deno.test(`${folder}/mod.ts exports exactly its pinned names`, async () => {
    const mod = await import(`../${folder}/mod.ts`);
    assert.deepEqual(Object.keys(mod).sort(), [...names].sort());
  });
}

Deno.test("mod.ts exports the union of every folder's names", async () => {
  const mod = await import("../mod.ts");
  const all = Object.values(EXPORTS).flat().sort();
  assert.deepEqual(Object.keys(mod).sort(), all);
  assert.equal(new Set(all).size, all.length, "a name is exported twice");
  for (const name of Object.values(SEPARATE).flat()) {
    assert.ok(!(name in mod), `mod.ts must not export "${name}"`);
  }
});
