/** @module The licence catalogue as a reseller sees it: list price, its margin, and what the vendor invoices. */
import { toLicence } from './model.js';
import { catalogue, resellerById } from './repo.js';
import type { Actor, Ctx } from '../../app/context.js';
import { splitPrice } from '../revenue/model.js';

export async function resellerLicences(ctx: Ctx, actor: Actor) {
  const discountBp = actor.kind === 'reseller' ? (await resellerById(ctx.db, actor.resellerId)).discount_bp : 0;
  const rows = await catalogue(ctx.db);
  return rows.map((r) => {
    const l = toLicence(r);
    const split = splitPrice(l.annualPrice.amount, discountBp);
    return {
      ...l,
      discountPercent: discountBp / 100,
      resellerMargin: { amount: split.resellerMargin, currency: l.annualPrice.currency },
      vendorAmount: { amount: split.vendorAmount, currency: l.annualPrice.currency },
    };
  });
}
