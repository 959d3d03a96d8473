/** @module Reads an upload while counting, so an oversized body is refused without buffering all of it. */
import { PayloadTooLargeError } from '../errors.js';

export async function readLimitedBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new PayloadTooLargeError(`The upload may be at most ${limit} bytes.`);
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(`The upload may be at most ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
