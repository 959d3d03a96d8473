import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '@resellerkit/dev-env/harness';
import { cellBombXlsx, csv, csvRow, XLSX_MIME } from './plans-fixtures.js';

describe('the plan reader’s budgets', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await cellBombXlsx();
  });

  /** Imports each file in turn into a new organization of a service started with `env`. */
  async function importAll(env: Record<string, string>, files: { body: Uint8Array; type: string }[]) {
    const h = await createHarness('sqlite', { env });
    try {
      const { key } = await h.reseller();
      const answers = [];
      for (const f of files) {
        const org = await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Solrosen' } });
        answers.push(await h.call('POST', `/v1/organizations/${org.body.id}/plan/import`, { key, raw: f.body as Uint8Array<ArrayBuffer>, headers: { 'content-type': f.type } }));
      }
      return answers;
    } finally {
      await h.close();
    }
  }

  it('refuses a workbook that needs more memory than the budget, and the next file is read as usual', async () => {
    const [refused, next] = await importAll({ PLAN_IMPORT_MEMORY_MB: '64' }, [
      { body: bomb, type: XLSX_MIME },
      { body: csv(csvRow()), type: 'text/csv' },
    ]);
    expect(refused!.status).toBe(422);
    expect(refused!.body.error).toMatchObject({ type: 'unprocessable_entity', message: expect.stringContaining('mer än 64 MB minne') });
    expect(next!.body).toEqual({ imported: 1, errors: [] });
  });

  it('refuses a workbook that takes longer than the budget to read', async () => {
    const [refused] = await importAll({ PLAN_IMPORT_TIMEOUT_MS: '3000' }, [{ body: bomb, type: XLSX_MIME }]);
    expect(refused!.status).toBe(422);
    expect(refused!.body.error).toMatchObject({ type: 'unprocessable_entity', message: expect.stringContaining('längre tid än 3 s') });
  });
});
