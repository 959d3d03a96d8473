/**
 * @module Request bodies: each kind has one size limit (contract/limits.ts), counted while the body streams in, before
 * authentication and before anything reads it, so no reader ever holds more than the limit.
 */
import type { MiddlewareHandler } from 'hono';
import { MAX_JSON_BYTES, MAX_UPLOAD_BYTES } from '../contract/limits.js';
import { PayloadTooLargeError } from '../errors.js';
import type { AppEnv } from './env.js';

/** `application/json` from `application/json; charset=utf-8`. */
export function mediaType(header: string | null | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** JSON is JSON wherever it is sent (an upload path included); only an upload path takes a file of another type. */
function limitFor(path: string, contentType: string | undefined, uploadPaths: RegExp[]): { bytes: number; what: string } {
  if (mediaType(contentType) !== 'application/json' && uploadPaths.some((re) => re.test(path))) return { bytes: MAX_UPLOAD_BYTES, what: 'An upload' };
  return { bytes: MAX_JSON_BYTES, what: 'A JSON body' };
}

/**
 * A copy of `source` that errors with `tooLarge()` once more than `limit` bytes came through, and stops reading the
 * source there. Reads pull one chunk at a time, so nothing is read ahead of the reader.
 */
export function limitStream(source: ReadableStream<Uint8Array>, limit: number, tooLarge: () => Error): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        size += value.byteLength;
        if (size > limit) {
          controller.error(tooLarge());
          await reader.cancel().catch(() => undefined);
          return;
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Puts every request body of the app behind its limit: a declared length over it is refused unread, a longer stream when it gets there. */
export function limitBodies(uploadPaths: RegExp[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A GET or HEAD never has a body (a Request cannot carry one). Asking the others for `body` is not free: the Node
    // adapter then builds a whole web Request with a stream around the socket, which a declared length makes needless.
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const { bytes, what } = limitFor(c.req.path, c.req.header('content-type'), uploadPaths);
    const tooLarge = () => new PayloadTooLargeError(`${what} may be at most ${bytes} bytes.`);
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      // Node's HTTP parser delivers exactly the declared length, no more: the header is the size.
      if (Number(declared) <= bytes || !c.req.raw.body) return next();
      throw tooLarge();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    c.req.raw = new Request(c.req.raw, { body: limitStream(body, bytes, tooLarge), duplex: 'half' } as RequestInit);
    await next();
  };
}

/** Reads a whole body (an upload) into memory, at most `limit` bytes of it: beyond, a 413 and the rest is not read. */
export async function readLimitedBody(req: Request, limit = MAX_UPLOAD_BYTES): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const reader = limitStream(req.body, limit, () => new PayloadTooLargeError(`The upload may be at most ${limit} bytes.`)).getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    chunks.push(value);
  }
}

/** Whether a body has no bytes at all, read from a copy so the body stays readable; reads at most its first chunk. */
export async function isEmptyBody(req: Request): Promise<boolean> {
  if (!req.body) return true;
  const reader = req.clone().body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      if (value.byteLength > 0) return false;
    }
  } finally {
    // Not awaited: a branch of a tee finishes cancelling only once the other branch is cancelled too.
    reader.cancel().catch(() => undefined);
  }
}
