import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_KEY } from '../src/demo/seed.js';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';

const DOC = fileURLToPath(new URL('../../../docs/quickstart.md', import.meta.url));

/** The `sh` blocks of a Markdown file, in order, joined into one script. */
function shellBlocks(markdown: string): string {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

describe('docs/quickstart.md, run as written against a real server process', () => {
  let dir: string;
  let server: ServiceProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-quickstart-'));
    server = await spawnService('serve', { DATABASE_URL: join(dir, 'qs.db'), RESELLERKIT_ADMIN_KEY: DEMO_ADMIN_KEY, NODE_ENV: 'development' });
  }, 60_000);
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with a converted trial, one customer and the revenue the doc promises', () => {
    const doc = readFileSync(DOC, 'utf8');
    const script = `set -euo pipefail\n${shellBlocks(doc)}\necho "RESULT $(curl -sf "$BASE/v1/revenue" -H "Authorization: Bearer $KEY" | jq -c .totals)"\necho "TRIAL $(curl -sf "$BASE/v1/trials/$TRIAL_ID" -H "Authorization: Bearer $KEY" | jq -r .status)"\necho "CUSTOMERS $(curl -sf "$BASE/v1/customers" -H "Authorization: Bearer $KEY" | jq '.data | length')"`;
    const out = execFileSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, BASE: server.url }, encoding: 'utf8', timeout: 60_000 });
    const promised = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)![1]!);
    expect(JSON.parse(/^RESULT (.*)$/m.exec(out)![1]!)).toEqual(promised);
    expect(out).toMatch(/^TRIAL converted$/m);
    expect(out).toMatch(/^CUSTOMERS 1$/m);
    expect(out).toMatch(/^submitted$/m);
    expect(out).toMatch(/^204$/m);
  });
});
