/** Fails when src/generated/contract.ts no longer matches what the live server's openapi.json generates. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FILE, liveContract } from '../scripts/contract.js';
import { type JsonSchema, renderContract, schemaToType } from '../scripts/openapi-to-ts.js';

/** The first lines that differ, with a little context, so the failure says what changed. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  const show = (lines: string[], sign: string) => lines.slice(Math.max(0, at - 2), at + 4).map((l) => `${sign} ${l}`).join('\n');
  return `first difference at line ${at + 1}:\n--- committed\n${show(a, '-')}\n+++ from the server\n${show(b, '+')}`;
}

describe('generated contract types', () => {
  it('match the running server (run `npm run generate -w @resellerkit/sdk` after changing a route schema)', async () => {
    const generated = renderContract(await liveContract());
    const committed = readFileSync(CONTRACT_FILE, 'utf8');
    if (committed !== generated) {
      expect.fail(`src/generated/contract.ts is out of date with the server's openapi.json; run npm run generate -w @resellerkit/sdk and commit it.\n${firstDifference(committed, generated)}`);
    }
    expect(committed).toMatch(/^\/\*\*\n \* @module generated — do not edit/);
    // Declarations only: no runtime code, nothing typed `any`.
    const code = committed.replace(/\/\*\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(/\bany\b|=>|\bfunction\b|\bconst\b|\blet\b|\bexport default\b/);
    expect(code.split('\n').filter((l) => l.startsWith('export ')).every((l) => /^export (interface|type) /.test(l))).toBe(true);
  });

  it('detects a changed schema (the comparison is not vacuous)', async () => {
    const doc = await liveContract();
    const trial = doc.components!.schemas!.Trial!;
    trial.properties = { ...trial.properties, seats: { type: 'integer' } };
    trial.required = [...(trial.required ?? []), 'seats'];
    const changed = renderContract(doc);
    expect(changed).not.toBe(readFileSync(CONTRACT_FILE, 'utf8'));
    expect(changed).toMatch(/export interface Trial \{[^}]*\n  seats: number;\n\}/);
  });
});

describe('openapi-to-ts', () => {
  const schemas = { Money: { type: 'object' } };
  const t = (s: JsonSchema) => schemaToType(s, schemas);

  it('converts the JSON-schema subset zod emits', () => {
    expect(t({ type: ['string', 'null'] })).toBe('string | null');
    expect(t({ type: 'string', enum: ['a', "it's"] })).toBe(`'a' | 'it\\'s'`);
    expect(t({ type: ['string', 'null'], enum: ['manual', null] })).toBe(`'manual' | null`);
    expect(t({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } })).toBe('(string | number)[]');
    expect(t({ $ref: '#/components/schemas/Money' })).toBe('Money');
    expect(t({ allOf: [{ $ref: '#/components/schemas/Money' }, { description: 'Price.' }] })).toBe('Money');
    expect(t({ type: 'object', additionalProperties: { type: 'integer' } })).toBe('Record<string, number>');
    expect(t({ type: 'boolean', const: true })).toBe('true');
    expect(t({})).toBe('unknown');
    expect(t({ type: 'object', properties: { a: { type: 'integer', description: 'Öre.' }, 'b-c': { type: 'boolean' } }, required: ['a'] })).toBe(
      "{\n  /** Öre. */\n  a: number;\n  'b-c'?: boolean;\n}",
    );
  });

  it('refuses what it does not understand instead of typing it loosely', () => {
    expect(() => t({ $ref: '#/components/schemas/Missing' })).toThrow(/Unresolvable/);
    expect(() => t({ type: 'string', not: { const: 'x' } })).toThrow(/Unsupported JSON-schema keywords: not/);
    expect(() => t({ type: 'tuple' })).toThrow(/Unsupported JSON-schema type/);
  });
});
