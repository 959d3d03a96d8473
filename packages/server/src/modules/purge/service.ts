/**
 * @module What a purge erases: an account's personal data everywhere it is stored, keeping what accounting needs.
 *
 * Erased: the users (e-mail, password hash, invitation) and their sessions; every e-mail queued or sent about the
 * account (invitations with their links, warnings, order notices); in the account's past events (served by
 * `GET /v1/events` and read again by webhook redelivery) every `email`, the signer's name, the invoicing reference,
 * the agreement's file name (people name files after people) and the reason a signer typed when declining;
 * what webhook endpoints answered to those events (the attempt log keeps the first KB of each reply, which may echo
 * the payload; delivery bodies are not stored, they are built from the event when sent); the same fields in its
 * orders; its signing links (signer, draft); and, for an account that never became a customer, the signed agreements.
 * Kept: ids, statuses and dates, the organization and its plan, licences, amounts, the invoicing name and organisation
 * number, the revenue ledger, the audit log, and a customer's signed agreement (the contract behind the ledger).
 */
import type { Tx } from '../../app/context.js';
import type { EventType } from '../../outbox/event-types.js';
import { revokeSessions } from '../accounts/users.js';
import { refreshSearchText } from '../search/repo.js';
import * as repo from './repo.js';

/** What personal fields read after a purge. */
export const PURGED = '[purged]';

/** Fields that hold personal data wherever they appear in an event's `data` or an order. */
const PERSONAL_KEYS = new Set(['email']);
const PERSONAL_IN = { signer: ['name', 'email'], invoicing: ['email', 'reference'], agreement: ['filename'] } as const satisfies Record<string, readonly string[]>;
/**
 * Top-level fields personal only in some event types: a declining signer's free text may say anything about them,
 * while the same key elsewhere (`order.rejected`'s `reason`) is the vendor's words and stays.
 */
const PERSONAL_IN_EVENT: Partial<Record<EventType, readonly string[]>> = { 'order.agreement_declined': ['reason'] };

/** A copy of `value` with every personal field replaced by `PURGED`; anything else as it was. */
export function redactPersonalData(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => redactPersonalData(v));
  if (value === null || typeof value !== 'object') return value;
  const within: readonly string[] = (parentKey && PERSONAL_IN[parentKey as keyof typeof PERSONAL_IN]) || [];
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, (PERSONAL_KEYS.has(k) || within.includes(k)) && typeof v === 'string' ? PURGED : redactPersonalData(v, k)]),
  );
}

/** An event's `data` with its personal fields redacted, those of its type included. */
export function redactEventData(type: string, data: unknown): unknown {
  const redacted = redactPersonalData(data);
  const own = PERSONAL_IN_EVENT[type as EventType];
  if (!own || redacted === null || typeof redacted !== 'object' || Array.isArray(redacted)) return redacted;
  return Object.fromEntries(Object.entries(redacted).map(([k, v]) => [k, own.includes(k) && typeof v === 'string' ? PURGED : v]));
}

/** Erases the account's personal data in one transaction; `keepAgreements` for a customer's contract. */
export async function erasePersonalData(tx: Tx, trialId: string, opts: { keepAgreements: boolean }): Promise<void> {
  await revokeSessions(tx, trialId);
  await repo.deleteAccountUsersAndMail(tx, trialId);
  await refreshSearchText(tx, [trialId]);

  const events = await repo.eventsOf(tx, trialId);
  for (const e of events) {
    const data = JSON.stringify(redactEventData(e.type, JSON.parse(e.data)));
    if (data !== e.data) await repo.setEventData(tx, e.id, data);
  }
  // What endpoints answered to those events may echo the payload.
  if (events.length > 0) await repo.forgetResponses(tx, events.map((e) => e.id));

  const orders = await repo.ordersOf(tx, trialId);
  for (const o of orders) await repo.setOrderPersonalData(tx, o.id, redactField('signer', o.signer), redactField('invoicing', o.invoicing));
  if (!opts.keepAgreements && orders.length > 0) await repo.deleteAgreements(tx, orders.map((o) => o.id));
  if (orders.length > 0) await repo.deleteSignatureRequests(tx, orders.map((o) => o.id));
}

/** An order column holds the object that events carry under `key`: redact it as if it were there. */
function redactField(key: keyof typeof PERSONAL_IN, json: string): string {
  return JSON.stringify((redactPersonalData({ [key]: JSON.parse(json) }) as Record<string, unknown>)[key]);
}
