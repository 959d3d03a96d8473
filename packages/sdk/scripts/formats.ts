/**
 * @module Writes src/generated/formats.ts: the patterns of the contract's named string formats (e-mail address,
 * organisation number) as the server validates them, so clients check input by the server's own rule.
 *
 * Kept apart from contract.ts, which holds declarations only: these are the SDK's only generated runtime values.
 */
import { resolve } from 'node:path';
import type { JsonSchema, OpenApiDocument } from './openapi-to-ts.js';

export const FORMATS_FILE = resolve(import.meta.dirname, '../src/generated/formats.ts');

const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** One entry per named string schema that has a `pattern`, with its length bound. */
export function renderFormats(document: OpenApiDocument): string {
  const schemas: Record<string, JsonSchema> = document.components?.schemas ?? {};
  const named = Object.entries(schemas).filter(([, s]) => s.type === 'string' && typeof s.pattern === 'string');
  const entries = named.map(([name, s]) => {
    const max = typeof s.maxLength === 'number' ? `, maxLength: ${s.maxLength}` : '';
    const doc = s.description ? `  /** ${s.description.replace(/\s*\n\s*/g, ' ')} */\n` : '';
    return `${doc}  ${name}: { pattern: new RegExp(${literal(s.pattern as string)})${max} },`;
  });
  return [
    '/**',
    " * @module generated — do not edit. The named string formats of the resellerkit API contract, as the server checks them.",
    ' *',
    " * Written by scripts/generate-types.ts from the server's live `GET /openapi.json`; a test fails when this file drifts",
    ' * from the server. Regenerate: `npm run generate -w @resellerkit/sdk`.',
    ' */',
    '',
    'export const formats = {',
    ...entries,
    '} as const;',
    '',
  ].join('\n');
}
