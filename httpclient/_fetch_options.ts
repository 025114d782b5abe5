// Turns an HTTPRequest plus client defaults into fetch() calls: settings
// resolution, headers (basic auth, user agent, encoding), timeouts through
// AbortSignal, manual redirects and a size-bounded body read.
import { HTTPClientError } from "./errors.ts";
import type {
  HTTPRequest,
  HTTPRequestBody,
  HTTPRequestOptions,
} from "./request.ts";

/** Tornado's default `max_body_size` (the stream's `max_buffer_size`). */
export const DEFAULT_MAX_BODY_SIZE = 100 * 1024 * 1024;

/** Every option with a value: request, then client defaults, then Tornado's. */
export interface ResolvedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: HTTPRequestBody | undefined;
  requestTimeout: number;
  connectTimeout: number;
  followRedirects: boolean;
  maxRedirects: number;
  authUsername: string | undefined;
  authPassword: string;
  userAgent: string | undefined;
  decompressResponse: boolean;
  raiseError: boolean;
  maxBodySize: number;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = [
  "Content-Length",
  "Content-Type",
  "Content-Encoding",
  "Transfer-Encoding",
];
const DECODED_ENCODINGS = new Set(["gzip", "br"]);
/** Headers that carry credentials: never sent on to another origin. */
const CREDENTIAL_HEADERS = ["Authorization", "Proxy-Authorization", "Cookie"];

function checkSeconds(name: string, value: number): number {
  if (!(value >= 0) || value === Infinity) {
    throw new RangeError(
      `Cannot use ${name} "${value}": it must be a finite number of seconds >= 0`,
    );
  }
  return value;
}

/** Merges `request` over `defaults` and checks the values. */
export function resolveRequest(
  request: HTTPRequest,
  defaults: HTTPRequestOptions,
): ResolvedRequest {
  const headers = new Headers(defaults.headers);
  for (const [name, value] of request.headers) headers.set(name, value);
  const method = request.method.toUpperCase();
  const body = request.body;
  if (body !== undefined && (method === "GET" || method === "HEAD")) {
    throw new TypeError(`Cannot send a body with a ${method} request`);
  }
  const maxRedirects = request.maxRedirects ?? defaults.maxRedirects ?? 5;
  const maxBodySize = request.maxBodySize ?? defaults.maxBodySize ??
    DEFAULT_MAX_BODY_SIZE;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) {
    throw new RangeError(
      `Cannot use maxRedirects "${maxRedirects}": it must be an integer >= 0`,
    );
  }
  if (!(maxBodySize >= 0)) {
    throw new RangeError(
      `Cannot use maxBodySize "${maxBodySize}": it must be a number >= 0`,
    );
  }
  return {
    url: request.url,
    method,
    headers,
    body,
    requestTimeout: checkSeconds(
      "requestTimeout",
      request.requestTimeout ?? defaults.requestTimeout ?? 20,
    ),
    connectTimeout: checkSeconds(
      "connectTimeout",
      request.connectTimeout ?? defaults.connectTimeout ?? 20,
    ),
    followRedirects: request.followRedirects ?? defaults.followRedirects ??
      true,
    maxRedirects,
    authUsername: request.authUsername ?? defaults.authUsername,
    authPassword: request.authPassword ?? defaults.authPassword ?? "",
    userAgent: request.userAgent ?? defaults.userAgent,
    decompressResponse: request.decompressResponse ??
      defaults.decompressResponse ?? true,
    raiseError: request.raiseError ?? defaults.raiseError ?? true,
    maxBodySize,
  };
}

function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return "Basic " + btoa(String.fromCharCode(...bytes));
}

/**
 * Builds the URL and `RequestInit` for one hop. Credentials in the URL win
 * over `authUsername` (Tornado); they are moved into the header because
 * `fetch` must not see them in the URL.
 */
export function buildFetchInit(
  hop: ResolvedRequest,
  signal: AbortSignal,
): [URL, RequestInit] {
  const url = new URL(hop.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(
      `Cannot fetch "${hop.url}": the scheme must be http or https`,
    );
  }
  const headers = new Headers(hop.headers);
  if (url.username || url.password) {
    headers.set(
      "Authorization",
      basicAuth(
        decodeURIComponent(url.username),
        decodeURIComponent(url.password),
      ),
    );
    url.username = "";
    url.password = "";
  } else if (hop.authUsername !== undefined) {
    headers.set("Authorization", basicAuth(hop.authUsername, hop.authPassword));
  }
  if (hop.userAgent) headers.set("User-Agent", hop.userAgent);
  if (!hop.decompressResponse) headers.set("Accept-Encoding", "identity");
  let body: BodyInit | undefined;
  if (hop.body instanceof URLSearchParams) {
    body = hop.body.toString();
    if (!headers.has("Content-Type")) {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
  } else {
    body = hop.body as BodyInit | undefined;
    if (
      body !== undefined && hop.method === "POST" &&
      !headers.has("Content-Type")
    ) {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
  }
  const init: RequestInit = {
    method: hop.method,
    headers,
    redirect: "manual",
    signal,
  };
  if (body !== undefined) init.body = body;
  return [url, init];
}

/**
 * Returns the next hop when `response` is a redirect the client should
 * follow, else `null`. 303 (except for HEAD), and 301/302 after a POST,
 * become a GET without a body, as in Tornado. Credentials (`Authorization`,
 * `Proxy-Authorization`, `Cookie`, basic auth) do not cross to another
 * origin, whatever the redirect code (stricter than Tornado, which keeps
 * them).
 */
export function nextHop(
  hop: ResolvedRequest,
  response: Response,
): ResolvedRequest | null {
  const location = response.headers.get("Location");
  if (
    !hop.followRedirects || hop.maxRedirects <= 0 ||
    !REDIRECT_CODES.has(response.status) || location === null
  ) {
    return null;
  }
  const from = new URL(hop.url);
  const to = new URL(location, from);
  const next: ResolvedRequest = {
    ...hop,
    url: to.href,
    headers: new Headers(hop.headers),
    maxRedirects: hop.maxRedirects - 1,
  };
  next.headers.delete("Host");
  const code = response.status;
  if (
    (code === 303 && hop.method !== "HEAD") ||
    ((code === 301 || code === 302) && hop.method === "POST")
  ) {
    next.method = "GET";
    next.body = undefined;
    for (const name of BODY_HEADERS) next.headers.delete(name);
  }
  if (to.origin !== from.origin) {
    for (const name of CREDENTIAL_HEADERS) next.headers.delete(name);
    next.authUsername = undefined;
  }
  return next;
}

/**
 * The response headers as Tornado shows them: when `fetch` decoded the
 * body, `Content-Encoding` moves to `X-Consumed-Content-Encoding`.
 */
export function responseHeaders(
  response: Response,
  decompressed: boolean,
): Headers {
  const headers = new Headers(response.headers);
  const encoding = headers.get("Content-Encoding")?.trim().toLowerCase();
  if (
    decompressed && encoding !== undefined && DECODED_ENCODINGS.has(encoding)
  ) {
    headers.set("X-Consumed-Content-Encoding", encoding);
    headers.delete("Content-Encoding");
  }
  return headers;
}

/**
 * Reads the whole body, failing with 599 (and cancelling the stream) as
 * soon as it passes `maxBodySize` bytes.
 */
export async function readBody(
  response: Response,
  maxBodySize: number,
): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodySize) {
      await reader.cancel().catch(() => {});
      throw new HTTPClientError(
        599,
        `Response body exceeds maxBodySize of ${maxBodySize} bytes`,
      );
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
