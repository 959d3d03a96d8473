/**
 * @module The agreement's API side: the vendor's template, the draft rendered from an order, and the signing link
 * sent to the signer (requested, read back, withdrawn). What the link's page does is signing.ts.
 */
import { nowIso, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { OPEN_SIGNATURE_REQUEST, violates } from '../../db/constraints.js';
import { inTransaction } from '../../db/transaction.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { newId } from '../../ids.js';
import { ORDER_EDITABLE } from '../../lifecycle/machines.js';
import { queueEmail } from '../../mail/outbox.js';
import { signatureRequested } from '../../mail/render/index.js';
import { requireAdmin } from '../access.js';
import { getOrderRow } from '../orders/service.js';
import { toOrder } from '../orders/model.js';
import type { OrderRow } from '../orders/repo.js';
import * as orderRepo from '../orders/repo.js';
import { findLicence, resellerById } from '../vendor/repo.js';
import { trialById } from '../trials/repo.js';
import type { AgreementData } from './model.js';
import { renderAgreementPdf } from './render-pdf.js';
import * as repo from './repo.js';
import { sha256Hex } from './signature-page.js';
import { issueSigningToken, signingLink } from './signing-token.js';
import { DEFAULT_TEMPLATE, formatSwedishDate, type AgreementTemplateInput } from './template.js';

/** A licence runs a year at a time (DESIGN.md); the agreement's term says so. */
const TERM_MONTHS = 12;

export async function getTemplate(ctx: Ctx, actor: Actor) {
  requireAdmin(actor);
  const row = await repo.storedTemplate(ctx.db);
  return { text: row?.text ?? DEFAULT_TEMPLATE, isDefault: !row, updatedAt: row?.updated_at ?? null };
}

export async function putTemplate(ctx: Ctx, actor: Actor, input: AgreementTemplateInput) {
  requireAdmin(actor);
  const at = nowIso(ctx);
  await repo.saveTemplate(ctx.db, input.text, at);
  return { text: input.text, isDefault: false, updatedAt: at };
}

/** What the agreement for this order says, as of `issuedAt`, signed by `signer` (the order's unless given). */
export async function agreementDataOf(ctx: Ctx, db: Tx, order: OrderRow, issuedAt: Date, signer?: { name: string; email: string }): Promise<AgreementData> {
  const view = toOrder(order);
  const [reseller, trial, licence] = await Promise.all([resellerById(db, order.reseller_id), trialById(db, order.trial_id), findLicence(db, order.licence_id)]);
  const organization = await db.selectFrom('organizations').select(['name', 'org_number']).where('id', '=', trial.organization_id).executeTakeFirstOrThrow();
  return {
    orderId: order.id,
    vendor: { name: ctx.config.VENDOR_NAME, orgNumber: ctx.config.VENDOR_ORG_NUMBER ?? null },
    reseller: { name: reseller.name, orgNumber: reseller.org_number },
    organization: { name: organization.name, orgNumber: organization.org_number },
    invoicing: { ...view.invoicing, reference: view.invoicing.reference ?? null },
    licence: { name: licence?.name ?? order.licence_id, annualPrice: { amount: Number(licence?.price_amount ?? 0), currency: licence?.currency ?? 'SEK' } },
    term: { startsOn: formatSwedishDate(issuedAt), months: TERM_MONTHS },
    signer: signer ?? view.signer,
    issuedAt,
  };
}

async function renderFor(ctx: Ctx, db: Tx, order: OrderRow, issuedAt: Date, signer?: { name: string; email: string }) {
  const data = await agreementDataOf(ctx, db, order, issuedAt, signer);
  const template = (await repo.storedTemplate(db))?.text ?? DEFAULT_TEMPLATE;
  return { data, bytes: await renderAgreementPdf(data, template) };
}

/** `GET /v1/orders/{id}/agreement-draft`: the agreement as it would be sent for signing now. */
export async function agreementDraft(ctx: Ctx, actor: Actor, id: string): Promise<Uint8Array> {
  const order = await getOrderRow(ctx.db, actor, id);
  return (await renderFor(ctx, ctx.db, order, ctx.clock.now())).bytes;
}

export interface SignatureRequestInput {
  signer?: { name: string; email: string };
  autoSubmit?: boolean;
}

function notRequestable(status: string) {
  return new ConflictError(`Cannot send the agreement for signing: the order is ${status}.`, { code: 'order_not_editable' });
}

/**
 * Sends the signer a one-time link. The order row is updated first (a guarded update, so only while the order can
 * still be submitted), which locks it: two racing requests run one after the other, and the later one supersedes the
 * earlier (its link opens the "no longer valid" page). The unique index on the open request is the backstop.
 */
export async function requestSignature(ctx: Ctx, actor: Actor, id: string, input: SignatureRequestInput) {
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const order = await getOrderRow(tx, actor, id);
      if (!ORDER_EDITABLE.includes(order.status)) throw notRequestable(order.status);
      const at = nowIso(ctx);
      const locked = await orderRepo.updateOrderIn(tx, order.id, ORDER_EDITABLE, { ...(input.signer && { signer: JSON.stringify(input.signer) }), updated_at: at });
      if (!locked) throw notRequestable(await orderRepo.orderStatus(tx, order.id));
      await repo.revokeOpenSignatureRequest(tx, order.id, at);

      const { data, bytes } = await renderFor(ctx, tx, locked, ctx.clock.now());
      const issued = issueSigningToken(ctx.clock);
      await repo.insertSignatureRequest(tx, {
        id: newId('sig'),
        order_id: order.id,
        reseller_id: order.reseller_id,
        trial_id: order.trial_id,
        signer_name: data.signer.name,
        signer_email: data.signer.email,
        token_hash: issued.tokenHash,
        auto_submit: input.autoSubmit ? 1 : 0,
        draft: bytes,
        draft_sha256: sha256Hex(bytes),
        status: 'sent',
        decline_reason: null,
        expires_at: issued.expiresAt.toISOString(),
        used_at: null,
        revoked_at: null,
        created_at: at,
      });
      const mail = signatureRequested(ctx.branding, {
        signerName: data.signer.name,
        resellerName: data.reseller.name,
        organizationName: data.organization.name,
        link: signingLink(ctx.config.PUBLIC_URL, issued.token),
        expiresOn: formatSwedishDate(issued.expiresAt),
      });
      await queueEmail(tx, at, data.signer.email, mail, order.trial_id);
      return { status: 'sent' as const, signerEmail: data.signer.email, expiresAt: issued.expiresAt.toISOString(), autoSubmit: Boolean(input.autoSubmit), declineReason: null };
    });
  } catch (e) {
    if (!violates(e, OPEN_SIGNATURE_REQUEST)) throw e;
    throw new ConflictError('Another signing link for this order was sent at the same moment; try again.', { code: 'changed_meanwhile' });
  }
}

/** The order's latest signing request as the reseller sees it: a `sent` link past its time reads `expired`. */
export async function getSignatureRequest(ctx: Ctx, actor: Actor, id: string) {
  const order = await getOrderRow(ctx.db, actor, id);
  const row = await repo.latestSignatureRequest(ctx.db, order.id);
  if (!row) throw new NotFoundError('signature request of order', id);
  const lapsed = row.status === 'sent' && ctx.clock.now().getTime() >= new Date(row.expires_at).getTime();
  const status = (lapsed ? 'expired' : row.status) as 'sent' | 'signed' | 'declined' | 'expired';
  return { status, signerEmail: row.signer_email, expiresAt: row.expires_at, autoSubmit: row.auto_submit === 1, declineReason: row.decline_reason };
}

/** Withdraws the order's open link ("Avbryt signering"); its page then says the link is no longer valid. */
export async function cancelSignatureRequest(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const order = await getOrderRow(tx, actor, id);
    if (!(await repo.revokeOpenSignatureRequest(tx, order.id, nowIso(ctx)))) throw new NotFoundError('open signature request of order', id);
  });
}
