/**
 * @module The agreement in the flow: the vendor's template, the draft rendered from an order, the signing link sent to
 * the signer, and what the signing page does with it (sign or decline). Every outcome of a presented link is a page
 * state, never an exception: the signer sees a page, not a 500.
 */
import { nowIso, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { OPEN_SIGNATURE_REQUEST, violates } from '../../db/constraints.js';
import { inTransaction } from '../../db/transaction.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { newId } from '../../ids.js';
import { ORDER_EDITABLE } from '../../lifecycle/machines.js';
import { queueEmail } from '../../mail/outbox.js';
import { agreementDeclined, agreementSigned, brandingFrom, signatureRequested } from '../../mail/render/index.js';
import { recordEvent } from '../../outbox/record.js';
import { requireAdmin } from '../access.js';
import { organizationNameOfTrial } from '../organizations/repo.js';
import { getOrderRow, storeAgreement, submitOrderRow } from '../orders/service.js';
import { toOrder } from '../orders/model.js';
import type { OrderRow } from '../orders/repo.js';
import * as orderRepo from '../orders/repo.js';
import { findLicence, resellerById } from '../vendor/repo.js';
import { trialById } from '../trials/repo.js';
import type { AgreementData } from './model.js';
import { renderAgreementPdf } from './render-pdf.js';
import * as repo from './repo.js';
import type { SignatureRequestRow } from './repo.js';
import { appendSignaturePage, sha256Hex } from './signature-page.js';
import type { DeclineForm, SignForm } from './signing-form.js';
import type { SigningPageState } from './signing-page.js';
import { hashSigningToken, issueSigningToken, signingLink, verifySigningToken } from './signing-token.js';
import { DEFAULT_TEMPLATE, formatSwedishDate, type AgreementTemplateInput } from './template.js';
import type { z } from '@hono/zod-openapi';

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
async function agreementDataOf(ctx: Ctx, db: Tx, order: OrderRow, issuedAt: Date, signer?: { name: string; email: string }): Promise<AgreementData> {
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
      const mail = signatureRequested(brandingFrom(ctx.config), {
        signerName: data.signer.name,
        resellerName: data.reseller.name,
        organizationName: data.organization.name,
        link: signingLink(ctx.config.PUBLIC_URL, issued.token),
        expiresOn: formatSwedishDate(issued.expiresAt),
      });
      await queueEmail(tx, at, data.signer.email, mail, order.trial_id);
      return { status: 'sent' as const, signerEmail: data.signer.email, expiresAt: issued.expiresAt.toISOString(), autoSubmit: Boolean(input.autoSubmit) };
    });
  } catch (e) {
    if (!violates(e, OPEN_SIGNATURE_REQUEST)) throw e;
    throw new ConflictError('Another signing link for this order was sent at the same moment; try again.', { code: 'changed_meanwhile' });
  }
}

/** Withdraws the order's open link ("Avbryt signering"); its page then says the link is no longer valid. */
export async function cancelSignatureRequest(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const order = await getOrderRow(tx, actor, id);
    if (!(await repo.revokeOpenSignatureRequest(tx, order.id, nowIso(ctx)))) throw new NotFoundError('open signature request of order', id);
  });
}

/** A presented link: its request when usable, or the page that says why not. */
async function presented(ctx: Ctx, db: Tx, token: string): Promise<{ ok: true; request: SignatureRequestRow } | { ok: false; state: SigningPageState }> {
  const record = await repo.requestByTokenHash(db, hashSigningToken(token));
  const verdict = verifySigningToken(token, record && { ...record, tokenHash: record.token_hash, expiresAt: record.expires_at, usedAt: record.used_at, revokedAt: record.revoked_at }, ctx.clock);
  if (verdict.status === 'ok') return { ok: true, request: record! };
  return { ok: false, state: { kind: 'invalid', reason: verdict.status } };
}

/** The signing page for a link as it stands. */
export async function signingPageState(ctx: Ctx, token: string): Promise<SigningPageState> {
  const found = await presented(ctx, ctx.db, token);
  if (!found.ok) return found.state;
  return readyState(ctx, token, found.request);
}

async function readyState(ctx: Ctx, token: string, request: SignatureRequestRow, form?: Extract<SigningPageState, { kind: 'ready' }>['form']): Promise<SigningPageState> {
  const order = await orderRepo.findOrder(ctx.db, request.order_id, null);
  const agreement = await agreementDataOf(ctx, ctx.db, order, new Date(request.created_at), { name: request.signer_name, email: request.signer_email });
  return { kind: 'ready', token, agreement, expiresAt: new Date(request.expires_at), form };
}

/** The exact PDF the link asks the signer to sign, or the page saying why the link cannot be used. */
export async function signingDraft(ctx: Ctx, token: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; state: SigningPageState }> {
  const found = await presented(ctx, ctx.db, token);
  return found.ok ? { ok: true, bytes: new Uint8Array(found.request.draft) } : found;
}

/** The form re-shown with what was wrong, for a usable link. */
export async function signingFormFaults(ctx: Ctx, token: string, form: NonNullable<Extract<SigningPageState, { kind: 'ready' }>['form']>): Promise<SigningPageState> {
  const found = await presented(ctx, ctx.db, token);
  return found.ok ? readyState(ctx, token, found.request, form) : found.state;
}

/** Where the signature came from, as the signature page records it. */
export interface SigningClient {
  ipAddress: string;
  userAgent: string;
  consentText: string;
}

/** Thrown inside the signing transaction when the order can no longer take the agreement; the link reads as revoked. */
class OrderMovedOn extends Error {}

/**
 * Signs: the signature page is appended to the kept draft, the link is used (once: an atomic update), the signed PDF
 * becomes the order's agreement through the orders' own rule, the event and the reseller's e-mail are queued, and
 * with autoSubmit the order is submitted by the orders' own transition, all in one transaction.
 */
export async function signAgreement(ctx: Ctx, token: string, form: z.output<typeof SignForm>, client: SigningClient): Promise<SigningPageState> {
  const found = await presented(ctx, ctx.db, token);
  if (!found.ok) return found.state;
  const request = found.request;
  const signedAt = ctx.clock.now();
  const signed = await appendSignaturePage(new Uint8Array(request.draft), { typedName: form.name, email: request.signer_email, signedAt, ...client });
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const at = signedAt.toISOString();
      const used = await repo.useSignatureRequest(tx, request.id, at, { status: 'signed' });
      if (!used) return { kind: 'invalid', reason: 'used' } as const;
      const order = await orderRepo.findOrder(tx, request.order_id, null);
      if (!ORDER_EDITABLE.includes(order.status)) throw new OrderMovedOn();
      const row = await storeAgreement(ctx, tx, order, signed.bytes, { filename: 'avtal-signerat.pdf', signedElectronically: true }).catch((e) => {
        throw e instanceof ConflictError ? new OrderMovedOn() : e;
      });
      await recordEvent(tx, at, { type: 'order.agreement_signed', resellerId: order.reseller_id, data: toOrder(row), trialId: order.trial_id });
      let submitted = false;
      if (used.auto_submit === 1) {
        // A refusal (the licence no longer fits the trial) leaves the signed order for the reseller to submit; the
        // checks before the move write nothing, so the transaction goes on.
        submitted = await submitOrderRow(ctx, tx, row).then(
          () => true,
          (e) => {
            ctx.logger.warn({ err: String(e), orderId: order.id }, 'autoSubmit after signing refused');
            return false;
          },
        );
      }
      const organizationName = await organizationNameOfTrial(tx, order.trial_id);
      const reseller = await resellerById(tx, order.reseller_id);
      await queueEmail(tx, at, reseller.contact_email, agreementSigned(brandingFrom(ctx.config), { organizationName, signerName: form.name, submitted }), order.trial_id);
      return { kind: 'signed', signerName: form.name, signedAt, organizationName } as const;
    });
  } catch (e) {
    if (e instanceof OrderMovedOn) return { kind: 'invalid', reason: 'revoked' };
    throw e;
  }
}

/** Declines: the link is used, the event and the reseller's e-mail carry the signer's reason. */
export async function declineAgreement(ctx: Ctx, token: string, form: z.output<typeof DeclineForm>): Promise<SigningPageState> {
  const found = await presented(ctx, ctx.db, token);
  if (!found.ok) return found.state;
  return inTransaction(ctx.db, async (tx) => {
    const at = nowIso(ctx);
    const used = await repo.useSignatureRequest(tx, found.request.id, at, { status: 'declined', decline_reason: form.reason });
    if (!used) return { kind: 'invalid', reason: 'used' } as const;
    const organizationName = await organizationNameOfTrial(tx, used.trial_id);
    const data = { orderId: used.order_id, trialId: used.trial_id, signerName: used.signer_name, signerEmail: used.signer_email, reason: form.reason };
    await recordEvent(tx, at, { type: 'order.agreement_declined', resellerId: used.reseller_id, data, trialId: used.trial_id });
    const reseller = await resellerById(tx, used.reseller_id);
    await queueEmail(tx, at, reseller.contact_email, agreementDeclined(brandingFrom(ctx.config), { organizationName, signerName: used.signer_name, reason: form.reason }), used.trial_id);
    return { kind: 'declined', organizationName } as const;
  });
}
