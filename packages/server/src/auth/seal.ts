/**
 * @module Authenticated encryption for what we keep but must not be readable from the store: AES-256-GCM with a
 * random 96-bit IV. The associated data names what the bytes belong to (a row's key), so a sealed value moved to
 * another row does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The sealed bytes did not open: wrong key, wrong associated data, or tampered with. */
export class SealError extends Error {}

/** `iv ‖ ciphertext ‖ tag`. */
export function seal(key: Buffer, plaintext: Buffer | string, associatedData: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new SealError('The sealed value is too short.');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES)).setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealError('The sealed value does not open with this key.');
  }
}
