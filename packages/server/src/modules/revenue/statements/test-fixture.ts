/** @module Ledger entries for the statement tests: å ä ö in names, a quote, a formula-looking name, and a reversal. */
import { splitPrice } from '../model.js';
import type { StatementEntry, StatementParty } from './statement.js';

export const reseller: StatementParty = { id: 'res_1', name: 'Åkesson & Öberg Fastighetssystem AB', orgNumber: '5566778899' };

const entry = (id: string, periodStart: string, customerName: string, licenceYear: number, listPrice: number, discountBp = 2_000): StatementEntry => ({
  id,
  customerId: `cus_${id}`,
  customerName,
  licenceId: 'lic_brf',
  licenceName: 'Planima Bostadsrätt',
  licenceYear,
  periodStart,
  currency: 'SEK',
  kind: 'sale',
  ...splitPrice(listPrice, discountBp),
});

export const entries: StatementEntry[] = [
  entry('rev_3', '2026-11-30T23:59:59.000Z', 'Brf Sjöängen', 2, 1_200_050),
  entry('rev_1', '2026-11-01T00:00:00.000Z', 'Brf Solrosen', 1, 1_200_000),
  entry('rev_2', '2026-11-12T08:00:00.000Z', 'Brf "Gärdet" Östra; hus 2', 1, 333_333, 2_550),
  entry('rev_4', '2026-11-20T10:00:00.000Z', '=HYPERLINK("http://x")', 1, 100),
  // A pro-rata refund of Solrosen's year: negative in all three parts.
  { ...entry('rev_5', '2026-11-25T12:00:00.000Z', 'Brf Solrosen', 1, 0), customerId: 'cus_rev_1', kind: 'reversal', listPrice: -598_356, resellerMargin: -119_671, vendorAmount: -478_685 },
  // Outside November: the month's statement leaves them out, the year's keeps the first.
  entry('rev_0', '2026-10-31T23:59:59.999Z', 'Brf Äppellunden', 3, 900_000),
  entry('rev_9', '2026-12-01T00:00:00.000Z', 'Brf Solrosen', 2, 1_200_000),
  entry('rev_8', '2027-01-01T00:00:00.000Z', 'Brf Solrosen', 3, 1_200_000),
];
