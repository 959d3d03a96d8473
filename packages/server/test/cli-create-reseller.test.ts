/** @module `resellerkit create-reseller` as an operator runs it: the API's schema, with errors that name the option. */
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { SERVER_CLI, tsNode } from '@resellerkit/dev-env/processes';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';

function run(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...tsNode(SERVER_CLI), 'create-reseller', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } }, (e, stdout, stderr) =>
      resolve({ code: e ? Number(e.code) : 0, stdout, stderr }),
    );
  });
}

describe.each(testDialects)('resellerkit create-reseller on %s', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.drop();
    store = undefined;
  });

  async function resellers(url: string) {
    const s = openStore(url);
    try {
      return await s.db.selectFrom('resellers').selectAll().execute();
    } finally {
      await s.destroy();
    }
  }

  it('refuses what the API refuses, naming each option, and writes nothing', async () => {
    store = await createTestStore(dialect);
    const migrated = openStore(store.url);
    await migrate(migrated);
    await migrated.destroy();
    const out = await run(['--name', 'Bolaget', '--org-number', '123', '--email', 'nope', '--discount', 'tjugo', '--origin', 'https://pms.example/portal', '--portal-url', 'ftp://pms.example'], store.url);
    expect(out.code).toBe(2);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^--org-number: must be a Swedish organisation number/),
      expect.stringMatching(/^--email: must be an e-mail address/),
      '--discount: must be a percentage such as 20 or 12.5',
      expect.stringMatching(/^--origin: must be an origin such as https:\/\/pms\.example/),
      expect.stringMatching(/^--portal-url: must be an http\(s\) address/),
    ]);
    const over = await run(['--name', 'Bolaget', '--org-number', '556677-8899', '--email', 'a@bolaget.se', '--discount', '120'], store.url);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/^--discount: .*100/);
    expect(await resellers(store.url)).toEqual([]);
  });

  it('creates the reseller as the API would: origins normalised as browsers send them, the portal address kept', async () => {
    store = await createTestStore(dialect);
    const out = await run(['--name', 'Bolaget AB', '--org-number', '556677-8899', '--email', 'Kontakt@Bolaget.se', '--discount', '12.5', '--origin', 'https://PMS.example.com:443/', '--origin', 'https://pms.example.com', '--portal-url', 'https://pms.example.com/aterforsaljning'], store.url);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const printed = JSON.parse(out.stdout);
    expect(printed).toMatchObject({ name: 'Bolaget AB', orgNumber: '556677-8899', discountPercent: 12.5, allowedOrigins: ['https://pms.example.com'], portalUrl: 'https://pms.example.com/aterforsaljning' });
    const [row] = await resellers(store.url);
    expect(row).toMatchObject({ id: printed.id, discount_bp: 1250, allowed_origins: '["https://pms.example.com"]', portal_url: 'https://pms.example.com/aterforsaljning' });
  });
});
