/** @module The period of a revenue statement: a calendar month `YYYY-MM` or a calendar year `YYYY`, in UTC. */
import { InvalidRequestError } from '../../../errors.js';
import { STATEMENT_PERIOD as PERIOD } from '../model.js';

export interface StatementPeriod {
  /** As requested and as shown: `2026-11` or `2026`. */
  key: string;
  kind: 'month' | 'year';
  /** ISO-8601 UTC instants: `from` inclusive, `to` exclusive, comparable as text with the ledger's `period_start`. */
  from: string;
  to: string;
}

/** Refused periods name the field, like every other invalid request. */
export class StatementPeriodError extends InvalidRequestError {
  constructor(field: string, value: string) {
    const message = `${field} must be a month (YYYY-MM) or a year (YYYY); got ${JSON.stringify(value.slice(0, 40))}.`;
    super(message, [{ path: [field], message }]);
  }
}

export function parseStatementPeriod(value: string, field = 'period'): StatementPeriod {
  const m = PERIOD.exec(value);
  if (!m) throw new StatementPeriodError(field, value);
  const year = Number(m[1]);
  if (year < 1900) throw new StatementPeriodError(field, value);
  if (m[2] === undefined) {
    return { key: value, kind: 'year', from: new Date(Date.UTC(year, 0, 1)).toISOString(), to: new Date(Date.UTC(year + 1, 0, 1)).toISOString() };
  }
  const month = Number(m[2]) - 1;
  return { key: value, kind: 'month', from: new Date(Date.UTC(year, month, 1)).toISOString(), to: new Date(Date.UTC(year, month + 1, 1)).toISOString() };
}
