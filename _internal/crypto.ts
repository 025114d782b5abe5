/**
 * Synchronous crypto helpers on `node:crypto`: HMAC digests, a
 * constant-time comparison that accepts inputs of different lengths, random
 * bytes and hex conversion.
 *
 * @module
 */
import {
  createHash,
  createHmac,
  randomBytes as nodeRandomBytes,
  timingSafeEqual as nodeTimingSafeEqual,
} from "node:crypto";
import { toBytes } from "./bytes.ts";

/** A piece of data to hash: strings are hashed as UTF-8. */
export type BytesLike = string | Uint8Array;

/** The block size of SHA-1 and SHA-256, in bytes. */
const BLOCK_SIZE = 64;
/** Most string keys whose padded forms are kept. */
const MAX_PADDED_KEYS = 64;
const paddedKeys = new Map<string, readonly [Uint8Array, Uint8Array]>();

/**
 * The inner and outer padded keys of HMAC (RFC 2104) for a string key,
 * computed once per algorithm and key.
 */
function padded(
  algorithm: "sha1" | "sha256",
  key: string,
): readonly [Uint8Array, Uint8Array] {
  const id = `${algorithm}:${key}`;
  let pads = paddedKeys.get(id);
  if (pads === undefined) {
    let bytes = toBytes(key);
    if (bytes.length > BLOCK_SIZE) {
      bytes = new Uint8Array(createHash(algorithm).update(bytes).digest());
    }
    const inner = new Uint8Array(BLOCK_SIZE).fill(0x36);
    const outer = new Uint8Array(BLOCK_SIZE).fill(0x5c);
    for (let i = 0; i < bytes.length; i++) {
      inner[i]! ^= bytes[i]!;
      outer[i]! ^= bytes[i]!;
    }
    pads = [inner, outer];
    if (paddedKeys.size >= MAX_PADDED_KEYS) paddedKeys.clear();
    paddedKeys.set(id, pads);
  }
  return pads;
}

/**
 * Computes the HMAC of the concatenated parts and returns it as lowercase hex
 * (Python's `hmac.new(key, digestmod=...).hexdigest()`). For a string key
 * the padded keys are kept, so a request pays two hashes and no key setup.
 *
 * @param algorithm The hash, e.g. `"sha256"`.
 * @param key The secret key (a string is used as UTF-8).
 * @param parts The data, hashed one after the other.
 * @returns The lowercase hex digest.
 */
export function hmacHex(
  algorithm: "sha1" | "sha256",
  key: BytesLike,
  ...parts: BytesLike[]
): string {
  if (typeof key !== "string") {
    const hmac = createHmac(algorithm, key);
    for (const part of parts) hmac.update(toBytes(part));
    return hmac.digest("hex");
  }
  const [inner, outer] = padded(algorithm, key);
  const hash = createHash(algorithm).update(inner);
  for (const part of parts) hash.update(toBytes(part));
  return createHash(algorithm).update(outer).update(hash.digest())
    .digest("hex");
}

/**
 * Compares two byte strings in time that depends only on their lengths
 * (Python's `hmac.compare_digest`). Unlike `node:crypto`'s version it
 * returns `false` for different lengths instead of throwing.
 *
 * @param a The first value (a string is compared as UTF-8).
 * @param b The second value.
 * @returns Whether both hold the same bytes.
 */
export function timingSafeEqual(a: BytesLike, b: BytesLike): boolean {
  if (typeof a === "string" && typeof b === "string") return sameText(a, b);
  const x = toBytes(a);
  const y = toBytes(b);
  if (x.byteLength !== y.byteLength) {
    // Spend the same time as a real comparison, then fail.
    nodeTimingSafeEqual(x, x);
    return false;
  }
  return nodeTimingSafeEqual(x, y);
}

/**
 * Two strings compared unit by unit in time that depends only on their
 * lengths (equal UTF-16 units is equal UTF-8 bytes, without encoding).
 */
function sameText(a: string, b: string): boolean {
  const length = a.length;
  let diff = length === b.length ? 0 : 1;
  const other = diff === 0 ? b : a; // same length: compare a with itself
  for (let i = 0; i < length; i++) {
    diff |= a.charCodeAt(i) ^ other.charCodeAt(i);
  }
  return diff === 0;
}

/**
 * Returns `size` cryptographically strong random bytes (`os.urandom`).
 *
 * @param size How many bytes.
 * @returns The random bytes.
 */
export function randomBytes(size: number): Uint8Array {
  return new Uint8Array(nodeRandomBytes(size));
}

/**
 * Encodes bytes as lowercase hex (`binascii.b2a_hex`).
 *
 * @param bytes The bytes.
 * @returns The hex text.
 */
export function toHex(bytes: Uint8Array): string {
  return bytes.toHex();
}

const HEX_REGEXP = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Decodes hex in either case (`binascii.a2b_hex`), or returns `null` for an
 * odd length or a character that is not a hex digit.
 *
 * @param text The hex text.
 * @returns The bytes, or `null`.
 */
export function fromHex(text: string): Uint8Array | null {
  return HEX_REGEXP.test(text) ? Uint8Array.fromHex(text) : null;
}
