/**
 * Signed, timestamped values in Tornado's formats (version 1 and 2), used by
 * signed cookies: {@linkcode createSignedValue},
 * {@linkcode decodeSignedValue} and {@linkcode getSignatureKeyVersion}.
 *
 * A version 2 value reads `2|<n>:<key version>|<n>:<timestamp>|<n>:<name>|
 * <n>:<base64 value>|<HMAC-SHA256 hex>`, each `<n>` being the length of the
 * field after it; the signature covers everything before it. The bytes are
 * the ones Tornado writes, so an app sharing the secret with a Tornado app
 * reads its cookies and the other way round.
 *
 * @module
 */
import { decodeBase64, encodeBase64 } from "../_internal/base64.ts";
import { hmacHex, timingSafeEqual } from "../_internal/crypto.ts";
import { toBytes } from "../_internal/bytes.ts";
import {
  nowSeconds,
  parsePythonInt,
  VERSION_PREFIX_REGEXP,
} from "../_internal/python.ts";
import { Buffer } from "node:buffer";

/**
 * The secret that signs values: one string, or several keyed by key version
 * (so a secret can be rotated while values signed with the older one still
 * decode).
 *
 * @example Rotate a secret
 * ```ts
 * import {
 *   createSignedValue,
 *   decodeSignedValue,
 *   getSignatureKeyVersion,
 *   type SignedValueSecret,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const secrets: SignedValueSecret = { 1: "old secret", 2: "new secret" };
 * const signed = createSignedValue(secrets, "user", "ada", { keyVersion: 2 });
 * assert.equal(getSignatureKeyVersion(signed), 2);
 * assert.equal(decodeSignedValue(secrets, "user", signed), "ada");
 * assert.equal(decodeSignedValue("another secret", "user", signed), null);
 * ```
 */
export type SignedValueSecret = string | Readonly<Record<number, string>>;

/** Options of {@linkcode createSignedValue}. */
export interface CreateSignedValueOptions {
  /** The format version, 1 or 2 (default 2). Version 1 takes no key versions. */
  version?: number;
  /** Returns the current time in seconds since the epoch (default: now). */
  clock?: () => number;
  /**
   * The key version to sign with; required when `secret` holds several
   * keys, written into the value (default 0).
   */
  keyVersion?: number;
}

/** Options of {@linkcode decodeSignedValue}. */
export interface DecodeSignedValueOptions {
  /** Refuse values signed longer ago than this many days (default 31). */
  maxAgeDays?: number;
  /** Returns the current time in seconds since the epoch (default: now). */
  clock?: () => number;
  /** Refuse values in a format older than this version, 1 or 2 (default 1). */
  minVersion?: number;
}

const SECONDS_PER_DAY = 86400;

function requireSecret(secret: SignedValueSecret, action: string): void {
  if (
    secret === undefined || secret === null || secret === "" ||
    (typeof secret !== "string" && typeof secret !== "object")
  ) {
    throw new TypeError(
      `Cannot ${action} signed value: the "cookieSecret" setting is missing`,
    );
  }
}

/**
 * The bytes of a string, one byte per UTF-16 unit (which must be < 256):
 * a plain loop, several times faster than `Buffer.from(text, "latin1")`
 * for the short fields of a signed value.
 */
function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** A byte string viewed as text, one character per byte. */
function latin1Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString("latin1");
}

function asByteText(value: string | Uint8Array): string {
  // ASCII text is its own UTF-8 read as Latin-1.
  if (typeof value === "string" && ASCII_REGEXP.test(value)) return value;
  return latin1Text(toBytes(value));
}

const ASCII_REGEXP = /^[\x00-\x7f]*$/;

/** The format version of a value (Tornado's `_get_version`). */
function getVersion(text: string): number {
  const match = VERSION_PREFIX_REGEXP.exec(text);
  if (match === null) return 1;
  const version = Number(match[1]);
  // Longer numbers can be the start of a version 1 value's base64.
  return version > 999 ? 1 : version;
}

function isUtf8Continuation(code: number): boolean {
  return code >= 0x80 && code < 0xc0;
}

/**
 * Reads one `<n>:<field>|` at `start`; `null` when malformed. With `inChars`
 * set, `<n>` counts UTF-8 characters instead of bytes: Tornado 6.2 writes the
 * name's length that way, so a non-ASCII name round-trips only with it.
 */
function consumeField(
  text: string,
  start: number,
  options: { inChars?: boolean } = {},
): [field: string, next: number] | null {
  const colon = text.indexOf(":", start);
  if (colon === -1) return null;
  const length = parsePythonInt(text.slice(start, colon));
  if (length === null || length < 0) return null;
  let end = colon + 1 + length;
  if (options.inChars) {
    end = colon + 1;
    for (let count = 0; count < length && end < text.length; count++) {
      end++;
      while (end < text.length && isUtf8Continuation(text.charCodeAt(end))) {
        end++;
      }
    }
  }
  if (end >= text.length || text[end] !== "|") return null;
  return [text.slice(colon + 1, end), end + 1];
}

interface FieldsV2 {
  keyVersion: number;
  timestamp: string;
  name: string;
  value: string;
  signature: string;
}

/** Splits a version 2 value into its fields (Tornado's `_decode_fields_v2`). */
function decodeFieldsV2(text: string): FieldsV2 | null {
  const keyVersion = consumeField(text, 2);
  if (keyVersion === null) return null;
  const timestamp = consumeField(text, keyVersion[1]);
  if (timestamp === null) return null;
  const name = consumeField(text, timestamp[1]) ??
    consumeField(text, timestamp[1], { inChars: true });
  if (name === null) return null;
  const value = consumeField(text, name[1]);
  if (value === null) return null;
  const version = parsePythonInt(keyVersion[0]);
  if (version === null) return null;
  return {
    keyVersion: version,
    timestamp: timestamp[0],
    name: name[0],
    value: value[0],
    signature: text.slice(value[1]),
  };
}

function formatField(text: string): string {
  // Python's len(): code points, not UTF-16 units and not bytes.
  let length = 0;
  for (const _ of text) length++;
  return `${length}:${text}`;
}

function checkWellFormed(text: string, what: string): void {
  if (!text.isWellFormed()) {
    throw new TypeError(
      `Cannot create signed value: the ${what} has a lone surrogate`,
    );
  }
}

/**
 * Signs and timestamps a value so that it cannot be forged, in Tornado's
 * format (version 2 by default).
 *
 * Use {@linkcode decodeSignedValue} with the same secret and name to read it
 * back. The value may hold any bytes; a string is signed as UTF-8.
 *
 * Tornado: `tornado.web.create_signed_value`
 *
 * @example Sign and read back a value
 * ```ts
 * import {
 *   createSignedValue,
 *   decodeSignedValue,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const clock = () => 1700000000;
 * const signed = createSignedValue("secret", "user", "alice", { clock });
 * assert.ok(signed.startsWith("2|1:0|10:1700000000|4:user|8:YWxpY2U=|"));
 * assert.equal(decodeSignedValue("secret", "user", signed, { clock }), "alice");
 * ```
 *
 * @param secret The secret, or secrets keyed by key version.
 * @param name The name the value is bound to (a cookie name).
 * @param value The value to sign.
 * @param options The format `version`, a `clock` and the `keyVersion`.
 * @returns The signed value.
 * @throws {TypeError} If the secret is missing, or several secrets are given
 * without a `keyVersion` or with version 1.
 * @throws {RangeError} If the version is not 1 or 2, or no secret has the
 * key version.
 */
export function createSignedValue(
  secret: SignedValueSecret,
  name: string,
  value: string | Uint8Array,
  options: CreateSignedValueOptions = {},
): string {
  requireSecret(secret, "create");
  const { version = 2, clock = nowSeconds, keyVersion } = options;
  checkWellFormed(name, "name");
  if (typeof value === "string") checkWellFormed(value, "value");
  const now = clock();
  if (!Number.isFinite(now)) {
    throw new RangeError(`Cannot create signed value: clock gave "${now}"`);
  }
  const timestamp = BigInt(Math.trunc(now)).toString();
  const encoded = encodeBase64(toBytes(value));
  if (version === 1) {
    if (typeof secret !== "string") {
      throw new TypeError(
        "Cannot create signed value: version 1 takes a single secret, not key versions",
      );
    }
    const signature = hmacHex("sha1", secret, name, encoded, timestamp);
    return `${encoded}|${timestamp}|${signature}`;
  }
  if (version !== 2) {
    throw new RangeError(
      `Cannot create signed value: unsupported version "${version}"`,
    );
  }
  if (keyVersion !== undefined && !Number.isSafeInteger(keyVersion)) {
    throw new RangeError(
      `Cannot create signed value: key version "${keyVersion}" is not an integer`,
    );
  }
  const toSign = [
    "2",
    formatField(String(keyVersion ?? 0)),
    formatField(timestamp),
    formatField(name),
    formatField(encoded),
    "",
  ].join("|");
  let key: string;
  if (typeof secret === "string") {
    key = secret;
  } else {
    if (keyVersion === undefined) {
      throw new TypeError(
        'Cannot create signed value: "keyVersion" is required when "cookieSecret" holds key versions',
      );
    }
    const found = Object.hasOwn(secret, keyVersion)
      ? secret[keyVersion]
      : undefined;
    if (typeof found !== "string") {
      throw new RangeError(
        `Cannot create signed value: "cookieSecret" has no key version "${keyVersion}"`,
      );
    }
    key = found;
  }
  return toSign + hmacHex("sha256", key, toSign);
}

const UTF8_DECODER = new TextDecoder();

function decodeBytes(encoded: string): string | null {
  const bytes = decodeBase64(encoded);
  return bytes === null ? null : UTF8_DECODER.decode(bytes);
}

function decodeV1(
  secret: string,
  name: string,
  text: string,
  maxAgeDays: number,
  clock: () => number,
): string | null {
  const parts = text.split("|");
  if (parts.length !== 3) return null;
  const [encoded = "", stamp = "", passed = ""] = parts;
  const expected = hmacHex(
    "sha1",
    secret,
    name,
    latin1Bytes(encoded),
    latin1Bytes(stamp),
  );
  // Both sides are compared as text: the digest is ASCII.
  if (!timingSafeEqual(passed, expected)) return null;
  const timestamp = parsePythonInt(stamp);
  if (timestamp === null) return null;
  const now = clock();
  if (timestamp < now - maxAgeDays * SECONDS_PER_DAY) return null;
  // Version 1 signs no separator, so digits could move from the value into
  // the timestamp: refuse far-future and zero-padded timestamps.
  if (timestamp > now + 31 * SECONDS_PER_DAY) return null;
  if (stamp.startsWith("0")) return null;
  return decodeBytes(encoded);
}

function decodeV2(
  secret: SignedValueSecret,
  name: string,
  text: string,
  maxAgeDays: number,
  clock: () => number,
): string | null {
  const fields = decodeFieldsV2(text);
  if (fields === null) return null;
  const signed = text.slice(0, text.length - fields.signature.length);
  let key: string | undefined;
  if (typeof secret === "string") {
    key = secret;
  } else if (Object.hasOwn(secret, fields.keyVersion)) {
    key = secret[fields.keyVersion];
  }
  if (typeof key !== "string") return null;
  const expected = hmacHex("sha256", key, latin1Bytes(signed));
  if (!timingSafeEqual(fields.signature, expected)) return null;
  if (fields.name !== asByteText(name)) return null;
  const timestamp = parsePythonInt(fields.timestamp);
  if (timestamp === null) return null;
  if (timestamp < clock() - maxAgeDays * SECONDS_PER_DAY) return null;
  return decodeBytes(fields.value);
}

/**
 * Checks a value made by {@linkcode createSignedValue} (or by Tornado with
 * the same secret) and returns what was signed, or `null` when the value is
 * missing, malformed, tampered with, signed with another key or name, or
 * older than `maxAgeDays`. It never throws on a bad value.
 *
 * Both formats decode unless `minVersion` is 2. Several secrets keyed by key
 * version decode values signed with any of them. The signed bytes are
 * returned decoded as UTF-8 (invalid sequences become U+FFFD).
 *
 * Tornado: `tornado.web.decode_signed_value`
 *
 * @example Refuse a tampered or expired value
 * ```ts
 * import {
 *   createSignedValue,
 *   decodeSignedValue,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const signed = createSignedValue("secret", "user", "alice", {
 *   clock: () => 1700000000,
 * });
 * assert.equal(decodeSignedValue("secret", "user", signed + "0"), null);
 * assert.equal(decodeSignedValue("secret", "admin", signed), null);
 * const later = () => 1700000000 + 32 * 86400;
 * assert.equal(decodeSignedValue("secret", "user", signed, { clock: later }), null);
 * assert.equal(
 *   decodeSignedValue("secret", "user", signed, { clock: later, maxAgeDays: 40 }),
 *   "alice",
 * );
 * ```
 *
 * @param secret The secret, or secrets keyed by key version.
 * @param name The name the value was signed with.
 * @param value The signed value; `null`, `undefined` or empty give `null`.
 * @param options `maxAgeDays`, a `clock` and the `minVersion`.
 * @returns The signed value, or `null`.
 * @throws {TypeError} If the secret is missing.
 * @throws {RangeError} If `minVersion` is above 2.
 */
export function decodeSignedValue(
  secret: SignedValueSecret,
  name: string,
  value: string | Uint8Array | null | undefined,
  options: DecodeSignedValueOptions = {},
): string | null {
  requireSecret(secret, "decode");
  const { maxAgeDays = 31, clock = nowSeconds, minVersion = 1 } = options;
  if (minVersion > 2) {
    throw new RangeError(
      `Cannot decode signed value: unsupported minimum version "${minVersion}"`,
    );
  }
  if (value === null || value === undefined || value.length === 0) {
    return null;
  }
  const text = asByteText(value);
  const version = getVersion(text);
  if (version < minVersion) return null;
  if (version === 1) {
    if (typeof secret !== "string") return null;
    return decodeV1(secret, name, text, maxAgeDays, clock);
  }
  if (version === 2) return decodeV2(secret, name, text, maxAgeDays, clock);
  return null;
}

/**
 * Returns the key version a version 2 signed value claims, without checking
 * its signature, or `null` for version 1 and malformed values. Use it to
 * re-sign values made with an old key.
 *
 * Tornado: `tornado.web.get_signature_key_version`
 *
 * @example Read the key version
 * ```ts
 * import {
 *   createSignedValue,
 *   getSignatureKeyVersion,
 * } from "@tornado-deno/tornado/web";
 * import assert from "node:assert/strict";
 *
 * const secrets = { 1: "old secret", 2: "new secret" };
 * const signed = createSignedValue(secrets, "user", "alice", { keyVersion: 1 });
 * assert.equal(getSignatureKeyVersion(signed), 1);
 * assert.equal(getSignatureKeyVersion("garbage"), null);
 * ```
 *
 * @param value The signed value.
 * @returns The key version, or `null`.
 */
export function getSignatureKeyVersion(
  value: string | Uint8Array | null | undefined,
): number | null {
  if (value === null || value === undefined) return null;
  const text = asByteText(value);
  if (getVersion(text) < 2) return null;
  return decodeFieldsV2(text)?.keyVersion ?? null;
}
