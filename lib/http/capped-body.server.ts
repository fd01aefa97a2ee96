import "server-only";

/**
 * A request's raw body, refused with `tooLarge()` as soon as it passes `limit`
 * bytes: a Content-Length is not trusted, and nothing past the limit is kept.
 */
export async function readCappedBody(request: Request, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.body ?? []) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
