/** @module Orders: drafted from a trial, completed with a signed agreement, submitted, and approved or rejected by the vendor. */
import { addYears } from '../../clock.js';
import { OPEN_ORDER, ORGANIZATION_HOLDER, violates } from '../../db/constraints.js';
import { inTransaction } from '../../db/transaction.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';
import { newId } from '../../ids.js';
import { assertTransition, INITIAL, ORDER_EDITABLE, ORDER_OPEN, sourcesOf, TRIAL_ORDERABLE, type OrderStatus } from '../../lifecycle/machines.js';
import { queueEmail } from '../../mail/outbox.js';
import { orderApproved, orderRejected } from '../../mail/render/index.js';
import type { PageParams } from '../../db/pagination.js';
import { requireAdmin } from '../access.js';
import { insertCustomer } from '../customers/repo.js';
import { customerView } from '../customers/model.js';
import { recordRevenue } from '../revenue/service.js';
import { getTrialRow, lockTrialRow, moveTrial, organizationHeld } from '../trials/service.js';
import { trialById } from '../trials/repo.js';
import { organizationName, organizationNameOfTrial } from '../organizations/repo.js';
import { getLicenceRow } from '../vendor/service.js';
import { findLicence, resellerById } from '../vendor/repo.js';
import { checkAgreement } from './agreements.js';
import { toOrder, type OrderInput } from './model.js';
import { refreshSearchText } from '../search/repo.js';
import * as repo from './repo.js';
import { revokeOpenSignatureRequest } from '../agreements/repo.js';
import type { OrderRow } from './repo.js';

export type { OrderInput };

async function checkLicence(tx: Tx, licenceId: string, customerType: string) {
  const licence = await findLicence(tx, licenceId);
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
    return await inTransaction(ctx.db, async (tx) => {
      const trial = await getTrialRow(tx, actor, trialId);
      if (!TRIAL_ORDERABLE.includes(trial.status)) throw new ConflictError(`Cannot start an order: the trial is ${trial.status}.`, { code: 'trial_not_open' });
      await checkLicence(tx, input.licenceId, trial.customer_type);
      const at = nowIso(ctx);
      const row: OrderRow = {
        id: newId('ord'),
        reseller_id: trial.reseller_id,
        trial_id: trial.id,
        licence_id: input.licenceId,
        status: INITIAL.order,
        invoicing: JSON.stringify(input.invoicing),
        signer: JSON.stringify(input.signer),
        agreement_sha256: null,
        agreement_size: null,
        agreement_uploaded_at: null,
        agreement_filename: null,
        agreement_signed_electronically: 0,
        rejection_reason: null,
        submitted_at: null,
        decided_at: null,
        created_at: at,
        updated_at: at,
      };
      await repo.insertOrder(tx, row);
      await refreshSearchText(tx, [trial.id]);
      const order = toOrder(row);
      await recordEvent(tx, at, { type: 'order.created', resellerId: trial.reseller_id, data: order, trialId: trial.id });
      return order;
    });
  } catch (e) {
    if (!violates(e, OPEN_ORDER)) throw e;
    const open = await repo.orderOfTrialIn(ctx.db, trialId, ORDER_OPEN);
    throw new ConflictError(`The trial already has an order in progress${open ? ` (${open.id}, ${open.status})` : ''}.`, { code: 'order_in_progress' });
  }
}

export function getOrderRow(db: Tx, actor: Actor, id: string): Promise<OrderRow> {
  return repo.findOrder(db, id, resellerScope(actor));
}

export async function getOrder(ctx: Ctx, actor: Actor, id: string) {
  return toOrder(await getOrderRow(ctx.db, actor, id));
}

export async function listOrders(ctx: Ctx, actor: Actor, p: PageParams & { status?: string; trialId?: string }) {
  return repo.orderPage(ctx.db, resellerScope(actor), p);
}

function notEditable(status: string) {
  return new ConflictError(`Cannot change the order: it is ${status}.`, { code: 'order_not_editable' });
}

/**
 * Changes an order only while it is editable, in one guarded update: a submit that commits first wins, and the change
 * is then a 409 instead of landing on a submitted order. Returns the row as stored.
 */
async function changeEditableOrder(tx: Tx, order: OrderRow, values: Partial<OrderRow>) {
  const row = await repo.updateOrderIn(tx, order.id, ORDER_EDITABLE, values);
  if (!row) throw notEditable(await repo.orderStatus(tx, order.id));
  return row;
}

/** Corrections are allowed while the order is a draft or after a rejection. */
export async function updateOrder(ctx: Ctx, actor: Actor, id: string, patch: Partial<OrderInput>) {
  return inTransaction(ctx.db, async (tx) => {
    const order = await getOrderRow(tx, actor, id);
    if (!ORDER_EDITABLE.includes(order.status)) throw notEditable(order.status);
    if (patch.licenceId) {
      const trial = await trialById(tx, order.trial_id);
      await checkLicence(tx, patch.licenceId, trial.customer_type);
    }
    const values = {
      ...(patch.licenceId && { licence_id: patch.licenceId }),
      ...(patch.invoicing && { invoicing: JSON.stringify(patch.invoicing) }),
      ...(patch.signer && { signer: JSON.stringify(patch.signer) }),
      updated_at: nowIso(ctx),
    };
    const row = await changeEditableOrder(tx, order, values);
    // A link out names the order as it was: a correction withdraws it, and the reseller sends a new one. Saving the
    // same values again (the dialog's "Nästa") changes nothing the signer sees, so the link stays.
    const changed = (['licence_id', 'invoicing', 'signer'] as const).some((k) => row[k] !== order[k]);
    if (changed) await revokeOpenSignatureRequest(tx, id, row.updated_at);
    return toOrder(row);
  });
}

/** The order row is updated (and so locked) before the content is replaced: the PDF and its sha256 always agree. */
export async function attachAgreement(ctx: Ctx, actor: Actor, id: string, bytes: Uint8Array, filename: string | null = null) {
  checkAgreement(bytes);
  return inTransaction(ctx.db, async (tx) => {
    const order = await getOrderRow(tx, actor, id);
    const row = await storeAgreement(ctx, tx, order, bytes, { filename, signedElectronically: false });
    // A PDF signed elsewhere replaces the signing path: an open signing link no longer applies.
    await revokeOpenSignatureRequest(tx, id, row.updated_at);
    return toOrder(row);
  });
}

/**
 * Stores `bytes` as the order's agreement while the order is editable (one home for the rule, whichever path the
 * agreement came by: upload or electronic signature). Returns the row as stored; a 409 once the order is submitted.
 */
export async function storeAgreement(ctx: Ctx, tx: Tx, order: OrderRow, bytes: Uint8Array, how: { filename: string | null; signedElectronically: boolean }) {
  const { sha256, size } = checkAgreement(bytes);
  if (!ORDER_EDITABLE.includes(order.status)) throw notEditable(order.status);
  const at = nowIso(ctx);
  const row = await changeEditableOrder(tx, order, {
    agreement_sha256: sha256,
    agreement_size: size,
    agreement_uploaded_at: at,
    agreement_filename: how.filename,
    agreement_signed_electronically: how.signedElectronically ? 1 : 0,
    updated_at: at,
  });
  await repo.replaceAgreement(tx, order.id, bytes);
  return row;
}

export async function getAgreement(ctx: Ctx, actor: Actor, id: string) {
  const order = await getOrderRow(ctx.db, actor, id);
  const content = await repo.agreementContent(ctx.db, order.id);
  if (!content) throw new NotFoundError('agreement of order', id);
  return { content, sha256: order.agreement_sha256! };
}

/**
 * Moves an order to `to` with a guarded update (only from a state the machine allows) and returns the row as stored,
 * or null when another request moved it first.
 */
function moveOrder(tx: Tx, id: string, to: Exclude<OrderStatus, 'draft'>, values: Partial<OrderRow>) {
  return repo.updateOrderIn(tx, id, sourcesOf('order', to), { status: to, ...values });
}

export async function submitOrder(ctx: Ctx, actor: Actor, id: string) {
  return inTransaction(ctx.db, async (tx) => submitOrderRow(ctx, tx, await getOrderRow(tx, actor, id)));
}

/** The submit transition itself, inside the caller's transaction: the API's submit and the signing page's autoSubmit. */
export async function submitOrderRow(ctx: Ctx, tx: Tx, order: OrderRow) {
  const id = order.id;
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
    return await inTransaction(ctx.db, async (tx) => {
      const now = ctx.clock.now();
      const at = now.toISOString();
      const approved = await moveOrder(tx, id, 'approved', { decided_at: at, updated_at: at });
      const order = approved ?? (await getOrderRow(tx, actor, id));
      if (!approved) throw new ConflictError(`Cannot approve the order: it is ${order.status}.`);

      const trial = await trialById(tx, order.trial_id);
      organizationId = trial.organization_id;
      assertTransition('trial', trial.status, 'converted', 'convert the trial');
      if (!(await moveTrial(tx, trial, 'converted', { converted_at: at }))) throw new ConflictError('The trial changed meanwhile; try again.');

      const licence = await getLicenceRow({ db: tx }, order.licence_id);
      const reseller = await resellerById(tx, order.reseller_id);
      const org = { name: await organizationName(tx, trial.organization_id) };
      const customerRow = {
        id: newId('cus'),
        reseller_id: order.reseller_id,
        organization_id: trial.organization_id,
        trial_id: trial.id,
        order_id: order.id,
        licence_id: licence.id,
        status: INITIAL.customer,
        licence_year: 1,
        renews_at: addYears(now, 1).toISOString(),
        cancelled_at: null,
        created_at: at,
        purged_at: null,
        cancel_at_period_end: 0,
        renewal_notice_year: null,
      };
      await insertCustomer(tx, customerRow);
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
      const mail = orderApproved(ctx.branding, { organizationName: org.name, licenceName: licence.name, renewsAt: customerRow.renews_at });
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
  return inTransaction(ctx.db, async (tx) => {
    const at = nowIso(ctx);
    const rejected = await moveOrder(tx, id, 'rejected', { rejection_reason: reason, decided_at: at, updated_at: at });
    const order = rejected ?? (await getOrderRow(tx, actor, id));
    if (!rejected) throw new ConflictError(`Cannot reject the order: it is ${order.status}.`);
    const view = toOrder(order);
    await recordEvent(tx, at, { type: 'order.rejected', resellerId: order.reseller_id, data: view, trialId: order.trial_id });
    const reseller = await resellerById(tx, order.reseller_id);
    const mail = orderRejected(ctx.branding, { organizationName: await organizationNameOfTrial(tx, order.trial_id), reason });
    await queueEmail(tx, at, reseller.contact_email, mail, order.trial_id);
    if (view.signer.email !== reseller.contact_email) await queueEmail(tx, at, view.signer.email, mail, order.trial_id);
    return view;
  });
}
