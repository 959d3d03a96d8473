/** @module Orders: drafted from a trial, completed with a signed agreement, submitted, and approved or rejected by the vendor. */
import { addYears } from '../../clock.js';
import { toOrder, type OrderInput } from './model.js';
import { OPEN_ORDER, ORGANIZATION_HOLDER, violates } from '../../db/constraints.js';
import type { Selectable } from 'kysely';
import type { OrderTable } from '../../db/schema.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';
import { newId } from '../../ids.js';
import { queueEmail } from '../../mail/outbox.js';
import { orderApproved, orderRejected } from '../../mail/templates.js';
import { checkAgreement } from './agreements.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../domain/context.js';
import { customerView } from '../customers/model.js';
import { recordEvent } from '../../domain/outbox.js';
import { page, type PageParams } from '../../db/pagination.js';
import { requireAdmin } from '../access.js';
import { recordRevenue } from '../revenue/service.js';
import { assertTransition, ORDER_EDITABLE, ORDER_OPEN, sourcesOf, TRIAL_ORDERABLE } from '../../lifecycle/machines.js';
import { getTrialRow, lockTrialRow, moveTrial, organizationHeld } from '../trials/service.js';
import { getLicenceRow } from '../vendor/service.js';

async function checkLicence(tx: Tx, licenceId: string, customerType: string) {
  const licence = await tx.selectFrom('licences').selectAll().where('id', '=', licenceId).executeTakeFirst();
  if (!licence) throw new UnprocessableError(`No licence with id '${licenceId}'.`, { code: 'unknown_licence', issues: [{ path: ['licenceId'], message: 'unknown licence' }] });
  if (licence.customer_type !== customerType) {
    throw new UnprocessableError(`The licence '${licence.name}' is for customer type ${licence.customer_type}, the trial is ${customerType}.`, {
      code: 'licence_customer_type_mismatch',
      issues: [{ path: ['licenceId'], message: `licence is for ${licence.customer_type}` }],
    });
  }
  return licence;
}

/** A trial has at most one order in progress: the unique index decides, so two racing drafts cannot both be made. */
export async function createOrder(ctx: Ctx, actor: Actor, trialId: string, input: OrderInput) {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const trial = await getTrialRow(tx, actor, trialId);
      if (!TRIAL_ORDERABLE.includes(trial.status)) throw new ConflictError(`Cannot start an order: the trial is ${trial.status}.`, { code: 'trial_not_open' });
      await checkLicence(tx, input.licenceId, trial.customer_type);
      const at = nowIso(ctx);
      const row = {
        id: newId('ord'),
        reseller_id: trial.reseller_id,
        trial_id: trial.id,
        licence_id: input.licenceId,
        status: 'draft',
        invoicing: JSON.stringify(input.invoicing),
        signer: JSON.stringify(input.signer),
        agreement_sha256: null,
        agreement_size: null,
        agreement_uploaded_at: null,
        agreement_filename: null,
        rejection_reason: null,
        submitted_at: null,
        decided_at: null,
        created_at: at,
        updated_at: at,
      };
      await tx.insertInto('orders').values(row).execute();
      const order = toOrder(row);
      await recordEvent(tx, at, { type: 'order.created', resellerId: trial.reseller_id, data: order, trialId: trial.id });
      return order;
    });
  } catch (e) {
    if (!violates(e, OPEN_ORDER)) throw e;
    const open = await ctx.db.selectFrom('orders').select(['id', 'status']).where('trial_id', '=', trialId).where('status', 'in', ORDER_OPEN).executeTakeFirst();
    throw new ConflictError(`The trial already has an order in progress${open ? ` (${open.id}, ${open.status})` : ''}.`, { code: 'order_in_progress' });
  }
}

export async function getOrderRow(db: Tx, actor: Actor, id: string) {
  let q = db.selectFrom('orders').selectAll().where('id', '=', id);
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('order', id);
  return row;
}

export async function getOrder(ctx: Ctx, actor: Actor, id: string) {
  return toOrder(await getOrderRow(ctx.db, actor, id));
}

export async function listOrders(ctx: Ctx, actor: Actor, p: PageParams & { status?: string; trialId?: string }) {
  let q = ctx.db.selectFrom('orders').selectAll();
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  if (p.status) q = q.where('status', '=', p.status);
  if (p.trialId) q = q.where('trial_id', '=', p.trialId);
  return page(q, p, toOrder);
}

function notEditable(status: string) {
  return new ConflictError(`Cannot change the order: it is ${status}.`, { code: 'order_not_editable' });
}

/**
 * Changes an order only while it is editable, in one guarded update: a submit that commits first wins, and the change
 * is then a 409 instead of landing on a submitted order. Returns the row as stored.
 */
async function changeEditableOrder(tx: Tx, order: Selectable<OrderTable>, values: Partial<Selectable<OrderTable>>) {
  const [row] = await tx.updateTable('orders').set(values).where('id', '=', order.id).where('status', 'in', ORDER_EDITABLE).returningAll().execute();
  if (!row) {
    const now = await tx.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow();
    throw notEditable(now.status);
  }
  return row;
}

/** Corrections are allowed while the order is a draft or after a rejection. */
export async function updateOrder(ctx: Ctx, actor: Actor, id: string, patch: Partial<OrderInput>) {
  return ctx.db.transaction().execute(async (tx) => {
    const order = await getOrderRow(tx, actor, id);
    if (!ORDER_EDITABLE.includes(order.status)) throw notEditable(order.status);
    if (patch.licenceId) {
      const trial = await tx.selectFrom('trials').select('customer_type').where('id', '=', order.trial_id).executeTakeFirstOrThrow();
      await checkLicence(tx, patch.licenceId, trial.customer_type);
    }
    const values = {
      ...(patch.licenceId && { licence_id: patch.licenceId }),
      ...(patch.invoicing && { invoicing: JSON.stringify(patch.invoicing) }),
      ...(patch.signer && { signer: JSON.stringify(patch.signer) }),
      updated_at: nowIso(ctx),
    };
    return toOrder(await changeEditableOrder(tx, order, values));
  });
}

/** The order row is updated (and so locked) before the content is replaced: the PDF and its sha256 always agree. */
export async function attachAgreement(ctx: Ctx, actor: Actor, id: string, bytes: Uint8Array, filename: string | null = null) {
  const { sha256, size } = checkAgreement(bytes);
  return ctx.db.transaction().execute(async (tx) => {
    const order = await getOrderRow(tx, actor, id);
    if (!ORDER_EDITABLE.includes(order.status)) throw notEditable(order.status);
    const at = nowIso(ctx);
    const row = await changeEditableOrder(tx, order, { agreement_sha256: sha256, agreement_size: size, agreement_uploaded_at: at, agreement_filename: filename, updated_at: at });
    await tx.deleteFrom('agreements').where('order_id', '=', id).execute();
    await tx.insertInto('agreements').values({ order_id: id, content: bytes }).execute();
    return toOrder(row);
  });
}

export async function getAgreement(ctx: Ctx, actor: Actor, id: string) {
  const order = await getOrderRow(ctx.db, actor, id);
  const row = await ctx.db.selectFrom('agreements').select('content').where('order_id', '=', order.id).executeTakeFirst();
  if (!row) throw new NotFoundError('agreement of order', id);
  return { content: new Uint8Array(row.content), sha256: order.agreement_sha256! };
}

/**
 * Moves an order to `to` with a guarded update (only from a state the machine allows) and returns the row as stored,
 * or null when another request moved it first.
 */
async function moveOrder(tx: Tx, id: string, to: 'submitted' | 'approved' | 'rejected', values: Partial<Selectable<OrderTable>>) {
  const [row] = await tx.updateTable('orders').set({ status: to, ...values }).where('id', '=', id).where('status', 'in', sourcesOf('order', to)).returningAll().execute();
  return row ?? null;
}

export async function submitOrder(ctx: Ctx, actor: Actor, id: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const order = await getOrderRow(tx, actor, id);
    assertTransition('order', order.status, 'submitted', 'submit the order');
    if (!order.agreement_sha256) {
      throw new UnprocessableError('Attach the signed agreement before submitting the order.', { code: 'agreement_missing', issues: [{ path: ['agreement'], message: 'required before submit' }] });
    }
    // The trial's customer type may have been corrected since the draft: the licence must still fit it.
    const trial = await lockTrialRow(ctx, tx, order.trial_id, 'share');
    await checkLicence(tx, order.licence_id, trial.customer_type);
    const at = nowIso(ctx);
    const row = await moveOrder(tx, id, 'submitted', { submitted_at: at, rejection_reason: null, decided_at: null, updated_at: at });
    if (!row) throw new ConflictError('The order changed meanwhile; try again.', { code: 'changed_meanwhile' });
    const view = toOrder(row);
    await recordEvent(tx, at, { type: 'order.submitted', resellerId: order.reseller_id, data: view, trialId: order.trial_id });
    return view;
  });
}

/**
 * Approval is one transaction: order approved, trial converted, customer created, first licence year recorded,
 * events and e-mails queued. The guarded update lets exactly one of any number of racing approvals through; the
 * converted trial takes hold of its organization, which the unique index refuses while another trial or customer
 * holds it (an expired trial's late order after a new trial was opened): that is a 409 and nothing is written.
 */
export async function approveOrder(ctx: Ctx, actor: Actor, id: string) {
  requireAdmin(actor);
  let organizationId: string | undefined;
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const now = ctx.clock.now();
      const at = now.toISOString();
      const approved = await moveOrder(tx, id, 'approved', { decided_at: at, updated_at: at });
      const order = approved ?? (await getOrderRow(tx, actor, id));
      if (!approved) throw new ConflictError(`Cannot approve the order: it is ${order.status}.`);

      const trial = await tx.selectFrom('trials').selectAll().where('id', '=', order.trial_id).executeTakeFirstOrThrow();
      organizationId = trial.organization_id;
      assertTransition('trial', trial.status, 'converted', 'convert the trial');
      if (!(await moveTrial(tx, trial, 'converted', { converted_at: at }))) throw new ConflictError('The trial changed meanwhile; try again.');

      const licence = await getLicenceRow({ db: tx }, order.licence_id);
      const reseller = await tx.selectFrom('resellers').selectAll().where('id', '=', order.reseller_id).executeTakeFirstOrThrow();
      const org = await tx.selectFrom('organizations').select('name').where('id', '=', trial.organization_id).executeTakeFirstOrThrow();
      const customerRow = {
        id: newId('cus'),
        reseller_id: order.reseller_id,
        organization_id: trial.organization_id,
        trial_id: trial.id,
        order_id: order.id,
        licence_id: licence.id,
        status: 'active',
        licence_year: 1,
        renews_at: addYears(now, 1).toISOString(),
        cancelled_at: null,
        created_at: at,
        purged_at: null,
      };
      await tx.insertInto('customers').values(customerRow).execute();
      const customer = customerView(customerRow, org.name, licence);
      const orderView = toOrder(order);
      await recordEvent(tx, at, { type: 'order.approved', resellerId: order.reseller_id, data: orderView, trialId: trial.id });
      await recordEvent(tx, at, { type: 'customer.created', resellerId: order.reseller_id, data: customer, trialId: trial.id });
      await recordRevenue(tx, at, {
        resellerId: order.reseller_id,
        customerId: customerRow.id,
        licenceId: licence.id,
        licenceYear: 1,
        periodStart: at,
        currency: licence.currency,
        listPrice: Number(licence.price_amount),
        discountBp: reseller.discount_bp,
      });
      const mail = orderApproved({ organizationName: org.name, licenceName: licence.name, renewsAt: customerRow.renews_at });
      await queueEmail(tx, at, reseller.contact_email, mail, trial.id);
      if (orderView.signer.email !== reseller.contact_email) await queueEmail(tx, at, orderView.signer.email, mail, trial.id);
      return { order: orderView, customer };
    });
  } catch (e) {
    if (organizationId && violates(e, ORGANIZATION_HOLDER)) throw await organizationHeld(ctx, organizationId, 'approve the order');
    throw e;
  }
}

export async function rejectOrder(ctx: Ctx, actor: Actor, id: string, reason: string) {
  requireAdmin(actor);
  return ctx.db.transaction().execute(async (tx) => {
    const at = nowIso(ctx);
    const rejected = await moveOrder(tx, id, 'rejected', { rejection_reason: reason, decided_at: at, updated_at: at });
    const order = rejected ?? (await getOrderRow(tx, actor, id));
    if (!rejected) throw new ConflictError(`Cannot reject the order: it is ${order.status}.`);
    const view = toOrder(order);
    await recordEvent(tx, at, { type: 'order.rejected', resellerId: order.reseller_id, data: view, trialId: order.trial_id });
    const reseller = await tx.selectFrom('resellers').select('contact_email').where('id', '=', order.reseller_id).executeTakeFirstOrThrow();
    const org = await tx
      .selectFrom('organizations')
      .innerJoin('trials', 'trials.organization_id', 'organizations.id')
      .select('organizations.name')
      .where('trials.id', '=', order.trial_id)
      .executeTakeFirstOrThrow();
    const mail = orderRejected({ organizationName: org.name, reason });
    await queueEmail(tx, at, reseller.contact_email, mail, order.trial_id);
    if (view.signer.email !== reseller.contact_email) await queueEmail(tx, at, view.signer.email, mail, order.trial_id);
    return view;
  });
}
