// gzip for the `compressResponse` setting, with CompressionStream.

/** Bodies shorter than this are not worth compressing (Tornado's limit). */
export const MIN_COMPRESS_LENGTH = 1024;

const COMPRESSIBLE_REGEXP =
  /^(?:text\/|application\/(?:javascript|x-javascript|json|xml|atom\+xml|xhtml\+xml|wasm)|image\/svg\+xml)/i;

/** Whether a content type is worth compressing. */
export function isCompressible(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE_REGEXP.test(contentType);
}

/** Whether the client accepts gzip (`q=0` refuses it). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (acceptEncoding === null) return false;
  for (const part of acceptEncoding.split(",")) {
    const [coding = "", ...params] = part.split(";");
    const name = coding.trim().toLowerCase();
    if (name !== "gzip" && name !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** gzips a stream of bytes. */
export function gzipStream(
  body: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new CompressionStream("gzip") as unknown as TransformStream<
      Uint8Array,
      Uint8Array
    >,
  );
}
