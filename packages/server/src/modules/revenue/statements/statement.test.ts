import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../errors.js';
import { StatementParams } from '../../../contract/revenue.js';
import { parseStatementPeriod, StatementPeriodError } from './period.js';
import { buildStatement, StatementCurrencyError, statementFileName } from './statement.js';
import { entries, reseller } from './test-fixture.js';

describe('parseStatementPeriod', () => {
  it('reads a month and a year as UTC bounds, December and leap February included', () => {
    expect(parseStatementPeriod('2026-11')).toEqual({ key: '2026-11', kind: 'month', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(parseStatementPeriod('2026-12').to).toBe('2027-01-01T00:00:00.000Z');
    expect(parseStatementPeriod('2028-02').to).toBe('2028-03-01T00:00:00.000Z');
    expect(parseStatementPeriod('2026')).toEqual({ key: '2026', kind: 'year', from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', ' 2026', '2026/11', '', 'abcd', '0999'])('refuses %j with an error naming the field', (value) => {
    const err = (() => {
      try {
        parseStatementPeriod(value, 'period');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StatementPeriodError);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as StatementPeriodError).status).toBe(400);
    expect((err as StatementPeriodError).issues?.[0]?.path).toEqual(['period']);
    expect((err as Error).message).toMatch(/^period must be/);
  });

  it('agrees with its zod schema', () => {
    expect(StatementParams.safeParse({ period: '2026-11' }).success).toBe(true);
    expect(StatementParams.safeParse({ period: '2026-13' }).success).toBe(false);
  });
});

describe('buildStatement', () => {
  it('lists the period’s entries in time order with names and years, and nets the reversal in the totals', () => {
    const s = buildStatement(parseStatementPeriod('2026-11'), reseller, entries);
    expect(s.rows.map((r) => r.entryId)).toEqual(['rev_1', 'rev_2', 'rev_4', 'rev_5', 'rev_3']);
    expect(s.rows[0]).toEqual({
      entryId: 'rev_1',
      date: '2026-11-01',
      kind: 'sale',
      customerId: 'cus_rev_1',
      customerName: 'Brf Solrosen',
      licenceId: 'lic_brf',
      licenceName: 'Planima Bostadsrätt',
      licenceYear: 1,
      listPrice: 1_200_000,
      resellerMargin: 240_000,
      vendorAmount: 960_000,
    });
    expect(s.rows[3]!.kind).toBe('reversal');
    const listPrice = 1_200_000 + 333_333 + 100 - 598_356 + 1_200_050;
    const resellerMargin = 240_000 + 85_000 + 20 - 119_671 + 240_010; // 25.5 % of 3 333,33 kr rounds up to 850,00
    expect(s.totals).toEqual({ listPrice, resellerMargin, vendorAmount: listPrice - resellerMargin });
    expect(s).toMatchObject({ period: '2026-11', currency: 'SEK', reseller, from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
  });

  it('takes the whole calendar year for YYYY', () => {
    const s = buildStatement(parseStatementPeriod('2026'), reseller, entries);
    expect(s.rows.map((r) => r.entryId)).toEqual(['rev_0', 'rev_1', 'rev_2', 'rev_4', 'rev_5', 'rev_3', 'rev_9']);
  });

  it('is empty, in the default currency, for a period without entries', () => {
    const s = buildStatement(parseStatementPeriod('2025-05'), reseller, entries);
    expect(s).toMatchObject({ rows: [], currency: 'SEK', totals: { listPrice: 0, resellerMargin: 0, vendorAmount: 0 } });
  });

  it('refuses to add amounts in two currencies', () => {
    const mixed = [...entries, { ...entries[0]!, id: 'rev_eur', currency: 'EUR' }];
    expect(() => buildStatement(parseStatementPeriod('2026-11'), reseller, mixed)).toThrow(StatementCurrencyError);
  });

  it('names its file by period and reseller, with nothing a header could trip on', () => {
    const s = buildStatement(parseStatementPeriod('2026-11'), { ...reseller, id: 'res_1"\r\n;x' }, entries);
    expect(statementFileName(s, 'csv')).toBe('intakter-2026-11-res_1x.csv');
    expect(statementFileName(s, 'se')).toBe('intakter-2026-11-res_1x.se');
  });
});
