/**
 * @module The views few visits need, split from the entry into chunks beside it (`chunks/` next to `widget.js`,
 * resolved from the entry's own URL), fetched the first time one is wanted. A failed fetch is forgotten, so the
 * next attempt ("Försök igen", another click) asks the network again; the element explains it as the network failure
 * it is.
 */
import { ApiError } from './api.js';

function once(load: () => Promise<unknown>): () => Promise<void> {
  let pending: Promise<void> | null = null;
  return () =>
    (pending ??= load().then(
      () => undefined,
      (e: unknown) => {
        pending = null;
        throw new ApiError(0, { type: 'network', message: e instanceof Error ? e.message : String(e) });
      },
    ));
}

/** A trial's and a customer's detail, opened from their rows ("Hantera"). */
export const detailViews = once(() => import('./views/detail.js'));
/** The name `views/detail.ts` registers, so a panel can tell whether its rows' details are there yet. */
export const DETAIL_DEFINED = 'resellerkit-trial-detail';
/** "Nytt provkonto" and the order dialog. */
export const orderViews = once(() => import('./views/order.js'));
/** Kunder's revenue chart with its table, forecast and statements. */
export const revenueViews = once(() => import('./views/revenue.js'));
