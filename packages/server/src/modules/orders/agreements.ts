/** @module The signed end-customer agreement: a PDF, checked by its magic bytes and size, kept with its SHA-256. */
import { createHash } from 'node:crypto';
import { MAX_UPLOAD_BYTES } from '../../contract/limits.js';
import { PayloadTooLargeError, UnprocessableError } from '../../errors.js';

const PDF_MAGIC = Buffer.from('%PDF-');

export function checkAgreement(bytes: Uint8Array): { sha256: string; size: number } {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new PayloadTooLargeError(`The agreement may be at most ${MAX_UPLOAD_BYTES} bytes.`, { code: 'agreement_too_large', issues: [{ path: ['agreement'], message: `at most ${MAX_UPLOAD_BYTES} bytes` }] });
  if (bytes.byteLength < 16 || !Buffer.from(bytes.subarray(0, 5)).equals(PDF_MAGIC)) {
    throw new UnprocessableError('The agreement is not a PDF file.', { code: 'agreement_not_pdf', issues: [{ path: ['agreement'], message: 'expected a PDF (a file starting with %PDF-)' }] });
  }
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength };
}
