/**
 * @module The served OpenAPI document passes `redocly lint` with the repository's redocly.yaml (Redocly's recommended
 * rules): no errors. Runs the real CLI, offline (no telemetry, no update check).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

type Report = { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };

async function lint(file: string): Promise<Report> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  // Exit code 1 on errors: the report on stdout is what we read either way.
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'], { env, maxBuffer: 16 << 20 }).catch((e: { stdout: string }) => e);
  return JSON.parse(stdout) as Report;
}

describe('redocly lint of /openapi.json', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await createHarness('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'resellerkit-openapi-'));
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports no errors', { timeout: 60_000 }, async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, await (await h.app.request('/openapi.json')).text());
    const report = await lint(file);
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('would report an operation without a summary (the lint really runs)', { timeout: 60_000 }, async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    delete doc.paths['/v1/trials']!.post!.summary;
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const report = await lint(file);
    expect(report.problems.map((p) => p.ruleId)).toContain('operation-summary');
    expect(report.totals.errors).toBeGreaterThan(0);
  });
});
