/**
 * Byte helpers shared by several folders.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * Encodes a string as UTF-8, or passes bytes through.
 *
 * @param data The string or bytes.
 * @returns The bytes.
 */
export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/** Concatenates byte arrays (the only one itself when there is one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
