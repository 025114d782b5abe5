// Parsing of query strings and request bodies (urlencoded and multipart)
// into arguments and files, with limits. Every failure is an HTTPError 400.

import { Buffer } from "node:buffer";
import { HTTPError } from "./errors.ts";
import type { HTTPFile } from "./request.ts";
import type { MultipartLimits } from "./settings.ts";

/** Most parts accepted in one `multipart/form-data` body by default. */
export const MAX_MULTIPART_PARTS = 100;
/** Most bytes accepted in the headers of one multipart part by default. */
export const MAX_PART_HEADER_SIZE = 10 * 1024;

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const PLUS_REGEXP = /\+/g;

/** Parsed body: arguments and files. */
export interface ParsedBody {
  arguments: Record<string, string[]>;
  files: Record<string, HTTPFile[]>;
}

function addValue<T>(target: Record<string, T[]>, key: string, value: T) {
  const list = target[key];
  if (list === undefined) target[key] = [value];
  else list.push(value);
}

function decodeComponent(text: string, where: string): string {
  if (text.indexOf("+") !== -1) text = text.replace(PLUS_REGEXP, " ");
  if (text.indexOf("%") === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HTTPError(400, `Invalid percent-encoding or UTF-8 in ${where}`);
  }
}

/**
 * Parses `a=1&b=2&a=3` into `{ a: ["1", "3"], b: ["2"] }`, keeping blank
 * values. The result has no prototype, so any name is safe as a key.
 */
export function parseQueryString(
  qs: string,
  where: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = Object.create(null);
  let start = 0;
  const length = qs.length;
  while (start <= length) {
    let end = qs.indexOf("&", start);
    if (end === -1) end = length;
    if (end > start) {
      const eq = qs.indexOf("=", start);
      let name: string;
      let value: string;
      if (eq === -1 || eq > end) {
        name = qs.slice(start, end);
        value = "";
      } else {
        name = qs.slice(start, eq);
        value = qs.slice(eq + 1, end);
      }
      addValue(
        result,
        decodeComponent(name, where),
        decodeComponent(value, where),
      );
    }
    start = end + 1;
  }
  return result;
}

/**
 * Parses a request body by its content type. Other content types give no
 * arguments (the raw body stays on the request).
 */
export function parseBody(
  contentType: string | null,
  body: Uint8Array,
  limits: MultipartLimits = {},
): ParsedBody {
  const files: Record<string, HTTPFile[]> = Object.create(null);
  if (contentType === null) {
    return { arguments: Object.create(null), files };
  }
  const [type, params] = parseHeaderValue(contentType);
  if (type === "application/x-www-form-urlencoded") {
    return {
      arguments: parseQueryString(decodeUtf8(body, "body"), "body"),
      files,
    };
  }
  if (type === "multipart/form-data") {
    const boundary = params.boundary;
    if (!boundary) {
      throw new HTTPError(400, "Invalid multipart/form-data: no boundary");
    }
    return parseMultipart(boundary, body, limits);
  }
  return { arguments: Object.create(null), files };
}

function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new HTTPError(400, `Invalid UTF-8 in ${where}`);
  }
}

function malformed(why: string): HTTPError {
  return new HTTPError(400, `Invalid multipart/form-data: ${why}`);
}

/** Parses a `multipart/form-data` body in one linear pass. */
export function parseMultipart(
  boundary: string,
  body: Uint8Array,
  limits: MultipartLimits = {},
): ParsedBody {
  const maxParts = limits.maxParts ?? MAX_MULTIPART_PARTS;
  const maxHeader = limits.maxPartHeaderSize ?? MAX_PART_HEADER_SIZE;
  const args: Record<string, string[]> = Object.create(null);
  const files: Record<string, HTTPFile[]> = Object.create(null);
  if (boundary.length > 70 * 4) throw malformed("boundary too long");
  const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from("--" + boundary);
  const separator = Buffer.from("\r\n--" + boundary);
  // The first delimiter opens the body, or follows a preamble and CRLF.
  let pos: number;
  if (data.subarray(0, delimiter.length).equals(delimiter)) {
    pos = delimiter.length;
  } else {
    const at = data.indexOf(separator);
    if (at === -1) throw malformed("no boundary found");
    pos = at + separator.length;
  }
  let parts = 0;
  while (true) {
    // After a delimiter: "--" closes the body, else CRLF opens a part.
    if (data[pos] === 45 && data[pos + 1] === 45) break;
    while (data[pos] === 32 || data[pos] === 9) pos++; // transport padding
    if (data[pos] !== 13 || data[pos + 1] !== 10) {
      throw malformed("boundary not followed by CRLF");
    }
    pos += 2;
    if (++parts > maxParts) throw malformed(`more than ${maxParts} parts`);
    const next = data.indexOf(separator, pos);
    if (next === -1) throw malformed("no final boundary");
    readPart(data.subarray(pos, next), maxHeader, args, files);
    pos = next + separator.length;
  }
  return { arguments: args, files };
}

/** Where a part's headers end and its body starts (searching `maxHeader` bytes). */
function splitPart(part: Buffer, maxHeader: number): [number, number] {
  if (part[0] === 13 && part[1] === 10) return [0, 2]; // no headers
  const end = part.subarray(0, maxHeader + 4).indexOf("\r\n\r\n");
  if (end !== -1) return [end, end + 4];
  throw malformed(
    part.length > maxHeader + 4
      ? `part headers longer than ${maxHeader} bytes`
      : "part without headers",
  );
}

/** The part's `Content-Disposition` and `Content-Type` header values. */
function readPartHeaders(headerText: string): [string, string] {
  let disposition: string | undefined;
  let contentType = "application/unknown";
  if (headerText === "") throw malformed("part without disposition");
  for (const line of headerText.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw malformed("bad part header line");
    if (line.includes("\r")) throw malformed("bare CR in a part header");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-disposition") disposition = value;
    else if (name === "content-type") contentType = value;
  }
  if (disposition === undefined) throw malformed("part without disposition");
  return [disposition, contentType];
}

function readPart(
  part: Buffer,
  maxHeader: number,
  args: Record<string, string[]>,
  files: Record<string, HTTPFile[]>,
): void {
  const [headerEnd, bodyStart] = splitPart(part, maxHeader);
  const [disposition, contentType] = readPartHeaders(
    decodeUtf8(part.subarray(0, headerEnd), "part headers"),
  );
  const [kind, params] = parseHeaderValue(disposition);
  if (kind !== "form-data") throw malformed(`disposition "${kind}"`);
  const name = params.name;
  if (!name) throw malformed("part without a name");
  const value = part.subarray(bodyStart);
  const filename = params["filename*"] ?? params.filename;
  if (filename) {
    addValue(files, name, {
      filename,
      contentType,
      body: new Uint8Array(value),
    });
  } else {
    addValue(args, name, decodeUtf8(value, `value of "${name}"`));
  }
}

/**
 * Parses a header value such as `form-data; name="a"; filename*=UTF-8''b`
 * into its lower-cased main value and parameters, in linear time. RFC 2231
 * extended values (`name*=charset''value`) are decoded.
 */
export function parseHeaderValue(
  header: string,
): [string, Record<string, string>] {
  const params: Record<string, string> = Object.create(null);
  let i = header.indexOf(";");
  const main = (i === -1 ? header : header.slice(0, i)).trim().toLowerCase();
  const n = header.length;
  while (i !== -1 && i < n) {
    i++; // past ";"
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
    let eq = i;
    while (eq < n && header[eq] !== "=" && header[eq] !== ";") eq++;
    const key = header.slice(i, eq).trim().toLowerCase();
    if (eq >= n || header[eq] === ";") {
      i = eq < n ? eq : -1;
      continue;
    }
    let j = eq + 1;
    while (j < n && (header[j] === " " || header[j] === "\t")) j++;
    let value = "";
    if (header[j] === '"') {
      j++;
      while (j < n && header[j] !== '"') {
        if (header[j] === "\\" && j + 1 < n) j++;
        value += header[j];
        j++;
      }
      j++; // closing quote
      while (j < n && header[j] !== ";") j++;
    } else {
      const end = header.indexOf(";", j);
      value = header.slice(j, end === -1 ? n : end).trim();
      j = end === -1 ? n : end;
    }
    if (key.endsWith("*")) {
      const decoded = decodeExtendedValue(value);
      if (decoded !== null) params[key] = decoded;
    } else if (key !== "") {
      params[key] = value;
    }
    i = j < n ? j : -1;
  }
  return [main, params];
}

function decodeExtendedValue(value: string): string | null {
  const first = value.indexOf("'");
  const second = first === -1 ? -1 : value.indexOf("'", first + 1);
  if (second === -1) return null;
  const charset = value.slice(0, first).toLowerCase();
  const encoded = value.slice(second + 1);
  try {
    if (charset === "utf-8" || charset === "") {
      return decodeURIComponent(encoded);
    }
    if (charset === "iso-8859-1" || charset === "us-ascii") {
      return unescape(encoded);
    }
  } catch {
    return null;
  }
  return null;
}
