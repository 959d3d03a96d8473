import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { readSie } from '../src/modules/revenue/statements/sie-read.js';
import { revenueBook } from './revenue-fixture.js';

/** The raw answer: the harness's `call` decodes text, and a SIE file is code page 437 and a CSV file starts with a BOM. */
async function download(h: Harness, path: string, key: string) {
  const res = await h.app.request(path, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe.each(testDialects)('revenue statements over HTTP (%s)', (dialect) => {
  let h: Harness;
  let book: Awaited<ReturnType<typeof revenueBook>>;
  const entryIds = async (resellerId: string) =>
    (await h.services.ctx.db.selectFrom('revenue_entries').select(['id', 'customer_id']).where('reseller_id', '=', resellerId).orderBy('period_start').execute());
  beforeAll(async () => {
    h = await createHarness(dialect);
    book = await revenueBook(h);
  });
  afterAll(() => h.close());

  it("lists a month's and a year's ledger entries with names and totals, as JSON by default", async () => {
    const [first, second] = await entryIds(book.a.id);
    const month = await h.call('GET', '/v1/revenue/statements/2026-01', { key: book.a.key });
    expect(month.status).toBe(200);
    expect(month.body).toMatchObject({ period: '2026-01', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', currency: 'SEK' });
    expect(month.body.reseller).toEqual({ id: book.a.id, name: 'Åkesson & Öberg AB', orgNumber: '556677-8899' });
    expect(month.body.rows).toEqual([
      {
        entryId: first!.id,
        date: '2026-01-15',
        kind: 'sale',
        customerId: book.a1.id,
        customerName: 'Brf Sjöängen; hus "2"',
        licenceId: book.licences.full.id,
        licenceName: 'Licence brf',
        licenceYear: 1,
        listPrice: 1_200_000,
        resellerMargin: 240_000,
        vendorAmount: 960_000,
      },
    ]);
    const year = await h.call('GET', '/v1/revenue/statements/2026?format=json', { key: book.a.key });
    expect(year.body.rows.map((r: any) => [r.entryId, r.date, r.customerName])).toEqual([
      [first!.id, '2026-01-15', 'Brf Sjöängen; hus "2"'],
      [second!.id, '2026-02-20', '=Brf Formeln'],
    ]);
    expect(year.body.totals).toEqual({ listPrice: 2_100_000, resellerMargin: 420_000, vendorAmount: 1_680_000 });
    const empty = await h.call('GET', '/v1/revenue/statements/2025', { key: book.a.key });
    expect(empty.body).toMatchObject({ rows: [], totals: { listPrice: 0, resellerMargin: 0, vendorAmount: 0 }, currency: 'SEK' });
  });

  it('gives CSV as Swedish Excel opens it: BOM, semicolons, decimal commas, quoted and defused names, a totals row', async () => {
    const [first, second] = await entryIds(book.a.id);
    const res = await download(h, '/v1/revenue/statements/2026?format=csv', book.a.key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="intakter-2026-${book.a.id}.csv"`);
    expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(res.bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Datum;Typ;Kund;Kund-id;Licens;Licens-id;Licensår;Listpris;Återförsäljarmarginal;Leverantörsbelopp;Valuta;Post-id');
    expect(lines.slice(1)).toEqual([
      `2026-01-15;Försäljning;"Brf Sjöängen; hus ""2""";${book.a1.id};Licence brf;${book.licences.full.id};1;12000,00;2400,00;9600,00;SEK;${first!.id}`,
      `2026-02-20;Försäljning;'=Brf Formeln;${book.a2.id};Licence brf;${book.licences.cheap.id};1;9000,00;1800,00;7200,00;SEK;${second!.id}`,
      'Summa;;;;;;;21000,00;4200,00;16800,00;SEK;',
      '',
    ]);
  });

  it("gives SIE 4 in the reseller's books that reads back and balances", async () => {
    const res = await download(h, '/v1/revenue/statements/2026?format=sie', book.a.key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=IBM437');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="intakter-2026-${book.a.id}.se"`);
    const file = readSie(res.bytes);
    expect(file.records.get('#FNAMN')).toEqual([['Åkesson & Öberg AB']]);
    expect(file.records.get('#ORGNR')).toEqual([['556677-8899']]);
    expect(file.records.get('#GEN')).toEqual([['20260220']]);
    expect(file.records.get('#RAR')).toEqual([['0', '20260101', '20261231']]);
    expect(file.verifications.map((v) => [v.date, v.text])).toEqual([
      ['20260115', 'Brf Sjöängen; hus "2", Licence brf, licensår 1'],
      ['20260220', '=Brf Formeln, Licence brf, licensår 1'],
    ]);
    for (const v of file.verifications) expect(v.transactions.reduce((sum, t) => sum + t.amount, 0)).toBe(0);
    expect(file.verifications[0]!.transactions).toEqual([
      { account: '1510', amount: 1_200_000 },
      { account: '3041', amount: -1_200_000 },
      { account: '4010', amount: 960_000 },
      { account: '2440', amount: -960_000 },
    ]);
  });

  it("gives the vendor one reseller's statement in its own books, and needs resellerId for it", async () => {
    const json = await h.call('GET', `/v1/admin/revenue/statements/2026-01?resellerId=${book.b.id}`, { key: TEST_ADMIN_KEY });
    expect(json.status).toBe(200);
    expect(json.body.rows.map((r: any) => [r.customerName, r.listPrice, r.vendorAmount])).toEqual([['Brf Björken', 900_000, 675_000]]);

    const sie = await download(h, `/v1/admin/revenue/statements/2026?resellerId=${book.b.id}&format=sie`, TEST_ADMIN_KEY);
    expect(sie.status).toBe(200);
    const file = readSie(sie.bytes);
    expect(file.records.get('#FNAMN')).toEqual([[h.config.VENDOR_NAME]]);
    expect(file.verifications.map((v) => [v.text, v.transactions])).toEqual([
      [
        'Reseller 2: Brf Björken, Licence brf, licensår 1',
        [
          { account: '1510', amount: 675_000 },
          { account: '3041', amount: -675_000 },
        ],
      ],
    ]);

    const missing = await h.call('GET', '/v1/admin/revenue/statements/2026', { key: TEST_ADMIN_KEY });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((i: any) => i.path.at(-1))).toEqual(['resellerId']);
    expect((await h.call('GET', '/v1/admin/revenue/statements/2026?resellerId=res_nobody', { key: TEST_ADMIN_KEY })).status).toBe(404);
    expect((await h.call('GET', '/v1/revenue/statements/2026', { key: TEST_ADMIN_KEY })).status).toBe(403);
  });

  it("keeps resellers' statements apart", async () => {
    const own = await h.call('GET', '/v1/revenue/statements/2026', { key: book.b.key });
    expect(own.body.rows.map((r: any) => r.customerId)).toEqual([book.b1.id]);
    expect((await h.call('GET', `/v1/revenue/statements/2026?resellerId=${book.a.id}`, { key: book.b.key })).status).toBe(400);
    expect((await h.call('GET', `/v1/admin/revenue/statements/2026?resellerId=${book.a.id}`, { key: book.b.key })).status).toBe(403);
  });

  it('refuses a period that is not YYYY-MM or YYYY, and an unknown format, naming the field', async () => {
    for (const period of ['2026-13', '2026-1', '26', '2026-01-15', 'latest']) {
      const res = await h.call('GET', `/v1/revenue/statements/${period}`, { key: book.a.key });
      expect(res.status, period).toBe(400);
      expect(res.body.error.issues.map((i: any) => i.path.at(-1)), period).toEqual(['period']);
    }
    const format = await h.call('GET', '/v1/revenue/statements/2026?format=xlsx', { key: book.a.key });
    expect(format.status).toBe(400);
    expect(format.body.error.issues.map((i: any) => i.path)).toEqual([['query', 'format']]);
  });
});
