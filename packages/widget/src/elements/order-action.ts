/** @module The order button a trial offers, the same on its row and in its detail: start, continue or correct, or none. */
import type { Messages } from '../i18n/index.js';
import type { Order, Trial } from '../types.js';

export function orderAction(t: Messages, trial: Trial, order: Order | null | undefined): string | null {
  if (trial.status !== 'active' && trial.status !== 'expired') return null;
  return !order ? t.order.start : order.status === 'draft' ? t.order.continue : order.status === 'rejected' ? t.order.correct : null;
}
