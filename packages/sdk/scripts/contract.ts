/** @module The server's live contract: boots the real app on a throwaway SQLite store and reads its `GET /openapi.json`. */
import { resolve } from 'node:path';
import { createHarness } from '@resellerkit/dev-env/harness';
import type { OpenApiDocument } from './openapi-to-ts.js';

/** Where the generated types are committed. */
export const CONTRACT_FILE = resolve(import.meta.dirname, '../src/generated/contract.ts');

/** The document exactly as the service serves it, so the types follow every router mounted in app.ts. */
export async function liveContract(): Promise<OpenApiDocument> {
  const h = await createHarness('sqlite');
  try {
    const res = await h.app.request('/openapi.json');
    if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
    return (await res.json()) as OpenApiDocument;
  } finally {
    await h.close();
  }
}
