// The response of one request: status and reason, headers, Set-Cookie
// lines, buffered chunks, HEAD and 304 stripping, gzip, the streamed body
// after the first flush(), and the `Response` handed to Deno.

import { reasonFor, STATUS_REASONS } from "../_internal/http_status.ts";
import { concatBytes, toBytes } from "../_internal/bytes.ts";
import { jsonForScript } from "./_json.ts";
import {
  acceptsGzip,
  gzipStream,
  isCompressible,
  MIN_COMPRESS_LENGTH,
} from "./_compression.ts";
import { ResponseStream } from "./_response_stream.ts";
import type { HTTPServerRequest } from "./request.ts";
import type { HeaderValue, WriteChunk } from "./request_handler.ts";

const DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";
const UNSAFE_HEADER_REGEXP = /[\x00-\x1f\x7f]/;
const HEADER_NAME_REGEXP = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// The chunks of a response nothing was written to (shared, never changed).
const NO_CHUNKS = Object.freeze([]) as unknown as (string | Uint8Array)[];
const BODYLESS_HEADERS = [
  "content-type",
  "content-encoding",
  "content-language",
];

/**
 * Everything a handler has said about its response, and how it reaches
 * the client: buffered into one `Response` at `finish()`, or streamed from
 * the first `flush()`. `deliver()` hands the `Response` over exactly once.
 */
export class ResponseWriter {
  /** The status code. */
  status: number = 200;
  /** The reason phrase of the status line. */
  reason: string = "OK";
  /** Buffered body chunks, not yet sent. */
  chunks: (string | Uint8Array)[] = NO_CHUNKS;
  /** `Set-Cookie` lines by cookie name (the last set wins). */
  cookies: Map<string, string> | undefined;
  /** The streamed body, once `flush()` has run. */
  stream: ResponseStream | undefined;
  /** Whether `finish()` (or an equivalent) has run. */
  finished: boolean = false;
  /** Whether the status and headers are gone (streaming or upgraded). */
  headersWritten: boolean = false;
  /** Whether the client went away before the response was finished. */
  connectionClosed: boolean = false;
  /** Whether an async `writeError()` is still writing the error page. */
  errorPagePending: boolean = false;
  /** The abort listener watching for a disconnect, if any. */
  closeListener: (() => void) | undefined;
  // Made on first use: a request that waits (a long poll) holds no Map.
  #headers: Map<string, string | string[]> | undefined;
  #response: Response | undefined;
  #resolve: ((response: Response) => void) | undefined;

  /** Back to status 200, the default content type and an empty body. */
  reset(): void {
    this.#headers = undefined;
    this.chunks = NO_CHUNKS;
    this.status = 200;
    this.reason = "OK";
  }

  /** Header values by lower-case name; a list for repeated headers. */
  get headers(): Map<string, string | string[]> {
    return this.#headers ??= new Map<string, string | string[]>()
      .set("content-type", DEFAULT_CONTENT_TYPE);
  }

  /** Replaces a header (name and value checked). */
  setHeader(name: string, value: HeaderValue): void {
    this.headers.set(checkHeaderName(name), headerValue(value));
  }

  /** Adds a header, keeping earlier values of the same name. */
  addHeader(name: string, value: HeaderValue): void {
    const key = checkHeaderName(name);
    const text = headerValue(value);
    const existing = this.headers.get(key);
    if (existing === undefined) this.headers.set(key, text);
    else if (typeof existing === "string") {
      this.headers.set(key, [existing, text]);
    } else existing.push(text);
  }

  /** Keeps a `Set-Cookie` line, replacing an earlier one of that name. */
  setCookie(name: string, line: string): void {
    const cookies = this.cookies ??= new Map();
    cookies.delete(name);
    cookies.set(name, line);
  }

  /** Buffers a chunk; a plain object becomes JSON (then returns `true`). */
  write(chunk: WriteChunk): boolean {
    if (this.finished) throw new Error("Cannot write() after finish()");
    if (this.chunks === NO_CHUNKS) this.chunks = [];
    if (typeof chunk === "string" || chunk instanceof Uint8Array) {
      this.chunks.push(chunk);
      return false;
    } else if (Array.isArray(chunk)) {
      throw new TypeError(
        "Cannot write() an array: wrap it in an object for safety",
      );
    } else if (chunk !== null && typeof chunk === "object") {
      this.chunks.push(jsonForScript(chunk));
      return true;
    }
    throw new TypeError(
      `Cannot write() a value of type "${typeof chunk}": write() takes a string, bytes or an object`,
    );
  }

  /** Takes the buffered chunks, leaving none. */
  takeChunks(): (string | Uint8Array)[] {
    const chunks = this.chunks;
    this.chunks = NO_CHUNKS;
    return chunks;
  }

  /** The headers as lines, `Set-Cookie` lines last. */
  headerLines(): [string, string][] {
    const lines: [string, string][] = [];
    for (const [name, value] of this.headers) {
      if (typeof value === "string") lines.push([name, value]);
      else for (const v of value) lines.push([name, v]);
    }
    if (this.cookies !== undefined) {
      for (const cookie of this.cookies.values()) {
        lines.push(["set-cookie", cookie]);
      }
    }
    return lines;
  }

  /** Whether a default ETag belongs on this response (200 to GET/HEAD). */
  wantsEtag(method: string): boolean {
    return this.status === 200 && (method === "GET" || method === "HEAD") &&
      !this.headers.has("etag");
  }

  /** Turns the response into a 304 Not Modified. */
  notModified(): void {
    this.chunks = NO_CHUNKS;
    this.status = 304;
    this.reason = reasonFor(304);
  }

  /**
   * Builds the buffered response: 1xx/204/304 and HEAD carry no body. With
   * `compress`, every response says `Vary: Accept-Encoding` and a
   * compressible body of at least `MIN_COMPRESS_LENGTH` bytes is gzipped.
   */
  build(request: HTTPServerRequest, compress: boolean): Response {
    const status = this.status;
    if (compress) this.#varyOnEncoding();
    if (status === 204 || status === 304 || status < 200) {
      for (const name of BODYLESS_HEADERS) this.headers.delete(name);
      return this.make(null);
    }
    const body = joinChunks(this.chunks);
    if (
      compress && body.length >= MIN_COMPRESS_LENGTH && this.#gzips(request)
    ) {
      if (request.method === "HEAD") return this.make(null);
      return this.make(gzipStream(new Blob([body as BlobPart]).stream()));
    }
    if (request.method === "HEAD") {
      if (!this.headers.has("content-length") && body.length > 0) {
        this.headers.set("content-length", String(toBytes(body).length));
      }
      return this.make(null);
    }
    return this.make(body as BodyInit);
  }

  /** A `Response` with the current status, headers and cookies. */
  make(body: BodyInit | null): Response {
    const response = this.#bare(body);
    // Setting headers on a made response costs Deno a fifth of what the
    // same headers cost in the init (measured in bench/).
    const headers = response.headers;
    for (const [name, value] of this.headers) {
      if (typeof value === "string") headers.set(name, value);
      else for (const v of value) headers.append(name, v);
    }
    if (this.cookies !== undefined) {
      for (const cookie of this.cookies.values()) {
        headers.append("set-cookie", cookie);
      }
    }
    return response;
  }

  #bare(body: BodyInit | null): Response {
    const status = this.status;
    // Deno writes the standard phrase on the wire whatever statusText says,
    // and a statusText costs its serve path ~10%: pass only a custom one.
    if (STATUS_REASONS.get(status) !== this.reason) {
      return new Response(body, { status, statusText: this.reason });
    }
    return status === 200 ? new Response(body) : new Response(body, { status });
  }

  /**
   * Sends the headers and starts the streamed body. With `compress`, a
   * compressible 200 is gzipped whatever its size (the length is not known
   * yet, as in Tornado), and every response says `Vary: Accept-Encoding`.
   */
  startStream(
    onCancel: () => void,
    request: HTTPServerRequest,
    compress: boolean,
  ): ResponseStream {
    const stream = new ResponseStream(onCancel);
    this.stream = stream;
    this.headersWritten = true;
    if (compress) this.#varyOnEncoding();
    const gzip = compress && this.status === 200 && this.#gzips(request) &&
      request.method !== "HEAD";
    this.deliver(
      this.make(gzip ? gzipStream(stream.readable) : stream.readable),
    );
    return stream;
  }

  /** Writes the buffered chunks to the stream and ends it. */
  endStream(stream: ResponseStream, method: string): void {
    const chunks = this.takeChunks();
    if (method !== "HEAD") {
      for (const c of chunks) stream.write(toBytes(c)).catch(() => {});
    }
    stream.close();
  }

  /** The response, once delivered. */
  get response(): Response | undefined {
    return this.#response;
  }

  /** Hands the response over; later calls are ignored. */
  deliver(response: Response): void {
    if (this.#response !== undefined) return;
    this.#response = response;
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.(response);
  }

  /** Resolves with the response once it is delivered. */
  waitForResponse(): Promise<Response> {
    return new Promise<Response>((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** Adds `Accept-Encoding` to `Vary` (once). */
  #varyOnEncoding(): void {
    const vary = this.headers.get("vary");
    if (vary === undefined) {
      this.headers.set("vary", "Accept-Encoding");
    } else if (!/accept-encoding/i.test(String(vary))) {
      this.headers.set(
        "vary",
        `${typeof vary === "string" ? vary : vary.join(", ")}, Accept-Encoding`,
      );
    }
  }

  /**
   * Whether the body is to be gzipped (a compressible type not encoded yet,
   * no `Cache-Control: no-transform` (as Deno's own compression; event
   * streams send it), a client that takes gzip); if so, sets the headers.
   */
  #gzips(request: HTTPServerRequest): boolean {
    const type = this.headers.get("content-type");
    if (typeof type !== "string" || !isCompressible(type)) return false;
    if (this.headers.has("content-encoding")) return false;
    if (/no-transform/i.test(String(this.headers.get("cache-control")))) {
      return false;
    }
    if (!acceptsGzip(request.headers.get("accept-encoding"))) return false;
    this.headers.set("content-encoding", "gzip");
    this.headers.delete("content-length");
    return true;
  }
}

/** Joins written chunks into one body: a string when all are strings. */
export function joinChunks(
  chunks: readonly (string | Uint8Array)[],
): string | Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  if (chunks.length === 0) return "";
  let allStrings = true;
  for (const chunk of chunks) {
    if (typeof chunk !== "string") {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return (chunks as string[]).join("");
  return concatBytes(chunks.map(toBytes));
}

// Header names and values already checked: handlers set the same few again
// on every request. Bounded; starts over when full.
const CHECKED_NAMES = new Map<string, string>();
const CHECKED_VALUES = new Set<string>();
const CHECKED_LIMIT = 512;

function checkHeaderName(name: string): string {
  const known = CHECKED_NAMES.get(name);
  if (known !== undefined) return known;
  if (!HEADER_NAME_REGEXP.test(name)) {
    throw new TypeError(`Cannot set header "${name}": invalid header name`);
  }
  const lower = name.toLowerCase();
  if (CHECKED_NAMES.size >= CHECKED_LIMIT) CHECKED_NAMES.clear();
  CHECKED_NAMES.set(name, lower);
  return lower;
}

function headerValue(value: HeaderValue): string {
  const text = typeof value === "string"
    ? value
    : value instanceof Date
    ? value.toUTCString()
    : String(value);
  if (CHECKED_VALUES.has(text)) return text;
  if (UNSAFE_HEADER_REGEXP.test(text)) {
    throw new TypeError(
      `Cannot set header value ${
        JSON.stringify(text)
      }: it holds a control character`,
    );
  }
  if (text.length <= 256) {
    if (CHECKED_VALUES.size >= CHECKED_LIMIT) CHECKED_VALUES.clear();
    CHECKED_VALUES.add(text);
  }
  return text;
}
