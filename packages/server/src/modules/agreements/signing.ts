/**
 * @module What a signing link's page does: shows the agreement, signs or declines. Every outcome of a presented link
 * is a page state, never an exception: the signer sees a page, not a 500.
 */
import type { z } from '@hono/zod-openapi';
import { nowIso, type Ctx, type Tx } from '../../app/context.js';
import { inTransaction } from '../../db/transaction.js';
import { ConflictError } from '../../errors.js';
import { ORDER_EDITABLE } from '../../lifecycle/machines.js';
import { queueEmail } from '../../mail/outbox.js';
import { agreementDeclined, agreementSigned } from '../../mail/render/index.js';
import { recordEvent } from '../../outbox/record.js';
import { organizationNameOfTrial } from '../organizations/repo.js';
import { storeAgreement, submitOrderRow } from '../orders/service.js';
import { toOrder } from '../orders/model.js';
import * as orderRepo from '../orders/repo.js';
import { resellerById } from '../vendor/repo.js';
import * as repo from './repo.js';
import type { SignatureRequestRow } from './repo.js';
import { agreementDataOf } from './service.js';
import { appendSignaturePage } from './signature-page.js';
import type { DeclineForm, SignForm } from './signing-form.js';
import type { SigningPageState } from './signing-page.js';
import { hashSigningToken, verifySigningToken } from './signing-token.js';

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
      await queueEmail(tx, at, reseller.contact_email, agreementSigned(ctx.branding, { organizationName, signerName: form.name, submitted }), order.trial_id);
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
    // The signer under `signer`, where a purge looks for an order's signer in every event.
    const data = { orderId: used.order_id, trialId: used.trial_id, signer: { name: used.signer_name, email: used.signer_email }, reason: form.reason };
    await recordEvent(tx, at, { type: 'order.agreement_declined', resellerId: used.reseller_id, data, trialId: used.trial_id });
    const reseller = await resellerById(tx, used.reseller_id);
    await queueEmail(tx, at, reseller.contact_email, agreementDeclined(ctx.branding, { organizationName, signerName: used.signer_name, reason: form.reason }), used.trial_id);
    return { kind: 'declined', organizationName } as const;
  });
}
