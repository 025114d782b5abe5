/**
 * Base64 and base64url helpers (RFC 4648), strict on decode so that garbage
 * gives `null` instead of a best guess.
 *
 * @module
 */

const BASE64_REGEXP =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL_REGEXP = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes as padded standard base64 (Python's `base64.b64encode`).
 *
 * @param bytes The bytes to encode.
 * @returns The base64 text.
 */
export function encodeBase64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

/**
 * Decodes padded standard base64, or returns `null` when the text is not
 * canonical base64 (wrong alphabet, missing padding, whitespace).
 *
 * Like Python's `base64.b64decode`, the unused bits of the last character
 * are not checked.
 *
 * @param text The base64 text.
 * @returns The bytes, or `null`.
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64_REGEXP.test(text)) return null;
  return Uint8Array.fromBase64(text, { lastChunkHandling: "loose" });
}

/**
 * Encodes bytes as base64url without padding.
 *
 * @param bytes The bytes to encode.
 * @returns The base64url text.
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

/**
 * Decodes base64url with or without padding, or returns `null` for garbage.
 *
 * @param text The base64url text.
 * @returns The bytes, or `null`.
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  const bare = text.replace(/={1,2}$/, "");
  if (!BASE64URL_REGEXP.test(bare) || bare.length % 4 === 1) return null;
  if (text.length !== bare.length && text.length % 4 !== 0) return null;
  return Uint8Array.fromBase64(bare, {
    alphabet: "base64url",
    lastChunkHandling: "loose",
  });
}
