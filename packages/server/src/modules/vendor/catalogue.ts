/** @module The licence catalogue as a reseller sees it: list price, its margin, and what the vendor invoices. */
import { toLicence } from './model.js';
import type { Actor, Ctx } from '../../app/context.js';
import { splitPrice } from '../revenue/model.js';

export async function resellerLicences(ctx: Ctx, actor: Actor) {
  const discountBp =
    actor.kind === 'reseller' ? (await ctx.db.selectFrom('resellers').select('discount_bp').where('id', '=', actor.resellerId).executeTakeFirstOrThrow()).discount_bp : 0;
  const rows = await ctx.db.selectFrom('licences').selectAll().orderBy('customer_type').orderBy('price_amount').execute();
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
