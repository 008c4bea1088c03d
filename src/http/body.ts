import { ConvtraceError } from '../errors.ts';

/** A request body went over the size limit (answer 413). */
export class BodyTooLargeError extends ConvtraceError {
  /** The limit, in bytes. */
  readonly maxBytes: number;

  constructor(maxBytes: number, what = 'the body') {
    super(`${what} is larger than ${maxBytes} bytes`);
    this.maxBytes = maxBytes;
  }
}

/**
 * Reads a request body, at most `maxBytes` long: a declared `content-length` over the limit is refused
 * before reading, a streamed body as soon as it passes the limit. Throws {@link BodyTooLargeError}.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
