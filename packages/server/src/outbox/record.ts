/** @module The outbox: every state change writes its event row in the same transaction; webhooks, e-mail and the feed read it. */
import { newId } from '../ids.js';
import { recordAudit, resourceIdOf } from '../modules/audit/service.js';
import { fanOutEvent } from '../webhooks/delivery/fan-out.js';
import type { Tx } from '../app/context.js';
import { insertRows } from '../db/insert-rows.js';

export const EVENT_TYPES = [
  'trial.created',
  'trial.user_added',
  'trial.user_removed',
  'trial.extended',
  'trial.updated',
  'trial.expiring',
  'trial.expired',
  'trial.cancelled',
  'trial.purge_scheduled',
  'trial.purged',
  'order.created',
  'order.submitted',
  'order.approved',
  'order.rejected',
  'customer.created',
  'customer.renewed',
  'customer.cancelled',
  'customer.user_added',
  'customer.user_removed',
  'customer.purged',
  'revenue.recorded',
  'plan.imported',
  'webhook.test',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  type: EventType;
  resellerId: string | null;
  data: unknown;
  /** The account (trial id) whose personal data `data` may carry: its purge redacts it. */
  trialId?: string | null;
}

export async function recordEvent(tx: Tx, at: string, e: NewEvent): Promise<string> {
  const id = newId('evt');
  const json = JSON.stringify(e.data);
  await insertRows(tx, 'events', [{ id, type: e.type, reseller_id: e.resellerId, data: json, created_at: at, trial_id: e.trialId ?? null }]);
  // Webhook deliveries are written in the same transaction: an event is never recorded without them.
  await fanOutEvent(tx, at, { id, type: e.type, resellerId: e.resellerId, data: e.data, json });
  // The audit row rides the same transaction: a change is never committed without who made it.
  await recordAudit(tx, at, { action: e.type, resourceId: resourceIdOf(e.data), resellerId: e.resellerId });
  return id;
}
