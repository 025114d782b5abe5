// The `Range` request header, single byte ranges only, as Tornado's
// `httputil._parse_request_range`: anything else is ignored (RFC 9110
// lets a server ignore a Range header), which serves the whole file.

const BYTE_RANGE_REGEXP = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/;

/**
 * Parses a `Range` header into slice bounds `[start, end)`: `bytes=1-2`
 * gives `[1, 3]`, `bytes=6-` gives `[6, null]`, the suffix `bytes=-6` gives
 * `[-6, null]` and `bytes=-0` gives `[null, 0]`. Returns `null` for other
 * units, several ranges or anything malformed.
 */
export function parseRange(
  header: string,
): [number | null, number | null] | null {
  const m = BYTE_RANGE_REGEXP.exec(header);
  if (m === null) return null;
  const start = m[1] === "" ? null : Number(m[1]);
  let end = m[2] === "" ? null : Number(m[2]);
  if (end === null) return [start, null];
  if (start === null) return end === 0 ? [null, 0] : [-end, null];
  end += 1;
  return [start, end];
}

/** What to send for a range of a file of `size` bytes. */
export type RangePlan =
  | { kind: "whole" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * Decides, as Tornado's StaticFileHandler, what a parsed range means for a
 * file of `size` bytes: a range that covers the whole file is served whole
 * (200), one starting past the end is unsatisfiable (416), an end past the
 * end is cut to the size.
 */
export function planRange(
  range: [number | null, number | null] | null,
  size: number,
): RangePlan {
  if (range === null) return { kind: "whole" };
  let [start, end] = range;
  if (start !== null && start < 0) start = Math.max(0, start + size);
  if (
    (start !== null && (start >= size || (end !== null && start >= end))) ||
    end === 0
  ) {
    return { kind: "unsatisfiable" };
  }
  if (end !== null && end > size) end = size;
  const from = start ?? 0;
  const to = end ?? size;
  if (to - from === size) return { kind: "whole" };
  return { kind: "partial", start: from, end: to };
}
