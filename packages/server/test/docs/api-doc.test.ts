/**
 * @module docs/api.md stays true to the service: its endpoint list is generated from /openapi.json and every error
 * `type` the service can answer with is documented. `UPDATE_DOCS=1` rewrites the generated list instead of failing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHarness } from '@resellerkit/dev-env/harness';
import { REPO } from './markdown.js';

const API_MD = join(REPO, 'docs/api.md');
const START = '<!-- generated:endpoints:start -->';
const END = '<!-- generated:endpoints:end -->';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface OpenApi {
  paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
}

/** One bullet per tag, in the order the document first uses it; endpoints in document order. */
export function endpointList(doc: OpenApi): string {
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(`\`${method.toUpperCase()} ${path}\``);
    }
  }
  return [...byTag].map(([tag, endpoints]) => `- **${tag}**: ${endpoints.join(', ')}`).join('\n');
}

describe('docs/api.md', () => {
  it('lists every endpoint of /openapi.json, by area (regenerate with UPDATE_DOCS=1)', async () => {
    const h = await createHarness('sqlite');
    let doc: OpenApi;
    try {
      doc = (await h.call('GET', '/openapi.json')).body as OpenApi;
    } finally {
      await h.close();
    }
    const md = readFileSync(API_MD, 'utf8');
    const start = md.indexOf(START);
    const end = md.indexOf(END);
    expect(start, `docs/api.md has no ${START} … ${END} section`).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const wanted = `${START}\n${endpointList(doc)}\n${END}`;
    const current = md.slice(start, end + END.length);
    if (current !== wanted && process.env.UPDATE_DOCS === '1') writeFileSync(API_MD, md.slice(0, start) + wanted + md.slice(end + END.length));
    else expect(current, 'the endpoint list in docs/api.md is stale: run UPDATE_DOCS=1 npx vitest run --project server test/docs/api-doc.test.ts').toBe(wanted);
  });

  it('documents every error type the service answers with', () => {
    const md = readFileSync(API_MD, 'utf8');
    const sources = ['src/errors.ts', 'src/http/errors.ts', 'src/app/create-app.ts'].map((f) => readFileSync(join(REPO, 'packages/server', f), 'utf8')).join('\n');
    const types = new Set([...sources.matchAll(/type = '([a-z_]+)'/g), ...sources.matchAll(/errorBody\(c, '([a-z_]+)'/g), ...sources.matchAll(/'(internal_error)'/g)].map((m) => m[1]!));
    expect(types.size).toBeGreaterThanOrEqual(11);
    const undocumented = [...types].filter((t) => !new RegExp(`\\|\\s*\\d{3}\\s*\\|\\s*\`${t}\``).test(md));
    expect(undocumented).toEqual([]);
  });

  it('documents every error code the service can send', async () => {
    const { ERROR_CODES } = await import('../../src/errors.js');
    const md = readFileSync(API_MD, 'utf8');
    expect(ERROR_CODES.filter((code) => !new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*\\d{3}\\s*\\|`).test(md))).toEqual([]);
  });
});
