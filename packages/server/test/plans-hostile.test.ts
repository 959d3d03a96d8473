import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../src/testing/harness.js';
import { testDialects } from '../src/testing/stores.js';
import { cellBombXlsx, csv, csvRow, HEADER, XLSX_MIME } from './plans-fixtures.js';

// Each hostile cell below held the event loop for a minute or more when the parsers backtracked or re-read the cell
// (issue 14); read linearly, on a reader process, each is answered at once.
describe.each(testDialects)('hostile plan files (%s)', (dialect) => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    key = (await h.reseller()).key;
  });
  afterAll(() => h.close());

  const newOrg = async () => (await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Solrosen' } })).body.id as string;
  const upload = async (body: Uint8Array, query = '', type = 'text/csv') =>
    h.call('POST', `/v1/organizations/${await newOrg()}/plan/import${query}`, { key, raw: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': type } });

  it('refuses a cell of one letter and 400 000 quotes on its row', async () => {
    const res = await upload(csv(csvRow({ Åtgärd: 'a' + '"'.repeat(400_000) })));
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([{ row: 2, column: 'Åtgärd', message: 'Åtgärd får vara högst 500 tecken (är 400001).' }]);
  });

  it('refuses an amount of 1, 150 000 spaces and x on its row, and reads one ending in kr', async () => {
    const spaces = ' '.repeat(150_000);
    const res = await upload(csv(csvRow({ Styckpris: `1${spaces}x` }), csvRow({ Styckpris: `385${spaces}kr` })), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([{ row: 2, column: 'Styckpris', message: 'Styckpris måste vara ett belopp i kronor, t.ex. 1 234,50.' }]);
    expect(res.body.rows.map((r: any) => [r.row, r.unitPrice])).toEqual([[3, 38_500]]);
  });

  it('ignores an extra header cell of 150 000 opening parentheses, and imports the rows', async () => {
    const res = await upload(Buffer.from([`${HEADER};Anteckning ${'('.repeat(150_000)}`, csvRow()].join('\r\n')));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 1, errors: [] });
  });
});

describe('the plan reader’s budgets', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await cellBombXlsx();
  });

  const importInto = async (h: Harness, body: Uint8Array, type: string) => {
    const { key } = await h.reseller();
    const org = await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Solrosen' } });
    return h.call('POST', `/v1/organizations/${org.body.id}/plan/import`, { key, raw: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': type } });
  };

  it('refuses a workbook that needs more memory than the budget, and the next file is read as usual', async () => {
    const h = await createHarness('sqlite', { env: { PLAN_IMPORT_MEMORY_MB: '64' } });
    try {
      const refused = await importInto(h, bomb, XLSX_MIME);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ type: 'unprocessable_entity', message: expect.stringContaining('mer än 64 MB minne') });
      expect((await importInto(h, csv(csvRow()), 'text/csv')).body).toEqual({ imported: 1, errors: [] });
    } finally {
      await h.close();
    }
  });

  it('refuses a workbook that takes longer than the budget to read', async () => {
    const h = await createHarness('sqlite', { env: { PLAN_IMPORT_TIMEOUT_MS: '3000' } });
    try {
      const refused = await importInto(h, bomb, XLSX_MIME);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ type: 'unprocessable_entity', message: expect.stringContaining('längre tid än 3 s') });
    } finally {
      await h.close();
    }
  });
});
