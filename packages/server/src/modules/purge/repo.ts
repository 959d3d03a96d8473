/** @module The purge's SQL: where an account's personal data is stored, and the statements that erase it. */
import type { Tx } from '../../app/context.js';

/** The users (with their invitations) and every e-mail queued or sent about the account. */
export async function deleteAccountUsersAndMail(tx: Tx, trialId: string): Promise<void> {
  await tx.deleteFrom('trial_users').where('trial_id', '=', trialId).execute();
  await tx.deleteFrom('emails').where('trial_id', '=', trialId).execute();
}

export function eventsOf(db: Tx, trialId: string) {
  return db.selectFrom('events').select(['id', 'type', 'data']).where('trial_id', '=', trialId).execute();
}

export async function setEventData(tx: Tx, id: string, data: string): Promise<void> {
  await tx.updateTable('events').set({ data }).where('id', '=', id).execute();
}

/** Drops the logged replies to deliveries of these events. */
export async function forgetResponses(tx: Tx, eventIds: string[]): Promise<void> {
  await tx
    .updateTable('webhook_attempts')
    .set({ response_body: null })
    .where('delivery_id', 'in', (eb) => eb.selectFrom('webhook_deliveries').select('id').where('event_id', 'in', eventIds))
    .where('response_body', 'is not', null)
    .execute();
}

export function ordersOf(db: Tx, trialId: string) {
  return db.selectFrom('orders').select(['id', 'signer', 'invoicing']).where('trial_id', '=', trialId).execute();
}

/** Writes the redacted signer and invoicing and clears the agreement's file name. */
export async function setOrderPersonalData(tx: Tx, id: string, signer: string, invoicing: string): Promise<void> {
  await tx.updateTable('orders').set({ signer, invoicing, agreement_filename: null }).where('id', '=', id).execute();
}

export async function deleteAgreements(tx: Tx, orderIds: string[]): Promise<void> {
  await tx.deleteFrom('agreements').where('order_id', 'in', orderIds).execute();
}

/** The signing links name the signer and keep the draft; a kept signed agreement carries its own signature page. */
export async function deleteSignatureRequests(tx: Tx, orderIds: string[]): Promise<void> {
  await tx.deleteFrom('signature_requests').where('order_id', 'in', orderIds).execute();
}
