import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { csv, csvRow, customerUsers, XLSX_MIME } from './plans-fixtures.js';

const action = (over: Record<string, unknown> = {}) => ({
  property: 'Solrosen 1',
  building: 'Hus A',
  category: 'Fasad',
  location: 'Norra fasaden',
  action: 'Omfogning av tegelfasad',
  year: 2027,
  intervalYears: 30,
  quantity: 12.5,
  unit: 'm2',
  unitPrice: 123_450,
  status: 'planerad',
  marking: null,
  ...over,
});

describe.each(testDialects)('maintenance plans over HTTP (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  const newOrg = async (key: string) => (await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Solrosen' } })).body.id as string;

  it('starts empty, is replaced as a whole, and totals exactly in öre', async () => {
    const r = await h.reseller();
    const org = await newOrg(r.key);
    expect((await h.call('GET', `/v1/organizations/${org}/plan`, { key: r.key })).body).toEqual({ organizationId: org, actions: [], totals: { cost: 0 } });

    const put = await h.call('PUT', `/v1/organizations/${org}/plan`, {
      key: r.key,
      body: { actions: [action(), action({ category: 'VÄRME OCH KYLA', unit: 'M²', status: undefined, intervalYears: undefined, quantity: 3, unitPrice: 99, action: 'Byte av termostater' })] },
    });
    expect(put.status).toBe(200);
    expect(put.body.actions).toHaveLength(2);
    expect(put.body.actions[0]).toMatchObject({ category: 'Fasad', quantity: 12.5, unitPrice: 123_450, total: 1_543_125, status: 'planerad' });
    expect(put.body.actions[0].id).toMatch(/^act_/);
    // Names in any case become the canonical ones; a missing status is "planerad".
    expect(put.body.actions[1]).toMatchObject({ category: 'Värme och kyla', unit: 'm2', status: 'planerad', intervalYears: null, total: 297 });
    expect(put.body.totals).toEqual({ cost: 1_543_125 + 297 });
    expect((await h.call('GET', `/v1/organizations/${org}/plan`, { key: r.key })).body).toEqual(put.body);

    // Keeping an id keeps the action; leaving one out removes it.
    const kept = put.body.actions[1].id;
    const again = await h.call('PUT', `/v1/organizations/${org}/plan`, { key: r.key, body: { actions: [{ ...action({ year: 2030 }), id: kept }] } });
    expect(again.body.actions.map((a: any) => [a.id, a.year])).toEqual([[kept, 2030]]);
  });

  it('refuses bad actions naming the field, and writes nothing', async () => {
    const r = await h.reseller();
    const org = await newOrg(r.key);
    await h.call('PUT', `/v1/organizations/${org}/plan`, { key: r.key, body: { actions: [action()] } });
    const cases: [Record<string, unknown>, string][] = [
      [{ category: 'Fasader' }, 'body.actions.1.category'],
      [{ unit: 'furlong' }, 'body.actions.1.unit'],
      [{ status: 'klar' }, 'body.actions.1.status'],
      [{ year: 1800 }, 'body.actions.1.year'],
      [{ quantity: 12.3456 }, 'body.actions.1.quantity'],
      [{ quantity: 0 }, 'body.actions.1.quantity'],
      [{ unitPrice: 12.5 }, 'body.actions.1.unitPrice'],
      [{ property: '  ' }, 'body.actions.1.property'],
      [{ id: 'act_not_in_this_plan' }, 'body.actions.1.id'],
    ];
    for (const [over, path] of cases) {
      const res = await h.call('PUT', `/v1/organizations/${org}/plan`, { key: r.key, body: { actions: [action(), action(over)] } });
      expect(res.status, path).toBe(400);
      expect(res.body.error.issues.map((i: any) => i.path.join('.'))).toContain(path);
    }
    expect((await h.call('GET', `/v1/organizations/${org}/plan`, { key: r.key })).body.actions).toHaveLength(1);
  });

  it("answers 404 on every plan route for another reseller's organization", async () => {
    const a = await h.reseller();
    const b = await h.reseller();
    const org = await newOrg(a.key);
    await h.call('PUT', `/v1/organizations/${org}/plan`, { key: a.key, body: { actions: [action()] } });
    const tries = [
      await h.call('GET', `/v1/organizations/${org}/plan`, { key: b.key }),
      await h.call('PUT', `/v1/organizations/${org}/plan`, { key: b.key, body: { actions: [] } }),
      await h.call('POST', `/v1/organizations/${org}/plan/import`, { key: b.key, raw: csv(csvRow()), headers: { 'content-type': 'text/csv' } }),
      await h.call('POST', `/v1/organizations/${org}/plan/import?dryRun=true`, { key: b.key, raw: csv(csvRow()), headers: { 'content-type': 'text/csv' } }),
      await h.call('POST', `/v1/organizations/${org}/plan/import?mode=replace`, { key: b.key, raw: csv(csvRow()), headers: { 'content-type': 'text/csv' } }),
    ];
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404, 404, 404]);
    expect(JSON.stringify(tries)).not.toContain('Omfogning');
    expect((await h.call('GET', `/v1/organizations/${org}/plan`, { key: a.key })).body.actions).toHaveLength(1);
    // The vendor admin sees every plan.
    expect((await h.call('GET', `/v1/organizations/${org}/plan`, { key: TEST_ADMIN_KEY })).body.actions).toHaveLength(1);
  });

  it("shows the plan to the customer's users; only an editor changes it", async () => {
    const r = await h.reseller();
    const { organizationId, editor, reader } = await customerUsers(h, r.key);
    await h.call('PUT', `/v1/organizations/${organizationId}/plan`, { key: r.key, body: { actions: [action()] } });

    for (const token of [editor, reader]) {
      const mine = await h.call('GET', '/v1/me/plan', { key: token });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ organizationId, totals: { cost: 1_543_125 } });
    }
    const denied = await h.call('PUT', '/v1/me/plan', { key: reader, body: { actions: [] } });
    expect(denied.status).toBe(403);
    expect((await h.call('GET', '/v1/me/plan', { key: reader })).body.actions).toHaveLength(1);

    const edited = await h.call('PUT', '/v1/me/plan', { key: editor, body: { actions: [action({ quantity: 1, unitPrice: 100 })] } });
    expect(edited.status).toBe(200);
    expect((await h.call('GET', `/v1/organizations/${organizationId}/plan`, { key: r.key })).body.totals).toEqual({ cost: 100 });

    expect((await h.call('GET', '/v1/me/plan')).status).toBe(401);
    expect((await h.call('GET', '/v1/me/plan', { key: r.key })).status).toBe(401);
    expect((await h.call('PUT', '/v1/me/plan', { body: { actions: 'not a list' } })).status).toBe(401);
  });

  it('serves an .xlsx template with the columns, examples, drop-down lists and Swedish instructions', async () => {
    const r = await h.reseller();
    const res = await h.app.request('/v1/plan-import-template', { headers: { authorization: `Bearer ${r.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_MIME);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Underhållsplan', 'Instruktioner']);
    const sheet = wb.getWorksheet('Underhållsplan')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Fastighet', 'Byggnad', 'Kategori', 'Läge', 'Åtgärd', 'År', 'Intervall', 'Mängd', 'Enhet', 'Styckpris', 'Status', 'Märkning']);
    expect(sheet.actualRowCount).toBe(3);
    const dv = (sheet as any).dataValidations.model;
    expect(dv.C2).toMatchObject({ type: 'list', formulae: ['Instruktioner!$C$2:$C$17'] });
    expect(dv.I2).toMatchObject({ type: 'list', formulae: ['Instruktioner!$D$2:$D$12'] });
    const help = wb.getWorksheet('Instruktioner')!;
    expect(String(help.getCell('A1').value)).toContain('Så fyller du i');
    expect(help.getCell('C17').value).toBe('Gemensamma utrymmen');
  });

  it('documents the plan routes in openapi.json', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    for (const p of ['/v1/organizations/{id}/plan', '/v1/organizations/{id}/plan/import', '/v1/plan-import-template', '/v1/me/plan']) expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.components.schemas.PlanCategory.enum).toHaveLength(16);
    expect(Object.keys(doc.paths['/v1/organizations/{id}/plan/import'].post.requestBody.content)).toEqual(expect.arrayContaining(['text/csv', XLSX_MIME]));
    expect(doc.paths['/v1/organizations/{id}/plan'].put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PlanInput' });
  });
});
