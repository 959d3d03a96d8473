/**
 * @module The outbox: every state change writes its event row in the same transaction, and the subscribers the app
 * registered at start (webhook fan-out, audit log) add theirs to that transaction too; the feed reads the rows. The
 * outbox knows its subscribers only by this interface.
 */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../ids.js';
import { insertRows } from '../db/insert-rows.js';
import type { Database } from '../db/schema.js';
import { workOf } from '../db/work-handle.js';
import { EVENT_TYPES, type EventType } from './event-types.js';

export { EVENT_TYPES, type EventType };

export interface NewEvent {
  type: EventType;
  resellerId: string | null;
  data: unknown;
  /** The account (trial id) whose personal data `data` may carry: its purge redacts it. */
  trialId?: string | null;
}

/** An event as recorded, for the subscribers. */
export interface RecordedEvent {
  id: string;
  type: EventType;
  resellerId: string | null;
  data: unknown;
  /** `data` as the event row stores it. */
  json: string;
  at: string;
}

/** Runs inside the transaction that records the event: what it writes commits with the event, or neither does. */
export type EventSubscriber = (tx: Kysely<Database> | Transaction<Database>, e: RecordedEvent) => Promise<unknown>;

export class Outbox {
  readonly #subscribers: EventSubscriber[] = [];

  /** At start, before any event is recorded; subscribers run in the order they were added. */
  subscribe(subscriber: EventSubscriber): void {
    this.#subscribers.push(subscriber);
  }

  async record(tx: Kysely<Database> | Transaction<Database>, at: string, e: NewEvent): Promise<string> {
    const id = newId('evt');
    const json = JSON.stringify(e.data);
    await insertRows(tx, 'events', [{ id, type: e.type, reseller_id: e.resellerId, data: json, created_at: at, trial_id: e.trialId ?? null }]);
    const recorded: RecordedEvent = { id, type: e.type, resellerId: e.resellerId, data: e.data, json, at };
    for (const subscriber of this.#subscribers) await subscriber(tx, recorded);
    return id;
  }
}

/** What a handle's work must carry for events to be recorded through it (the AppContext's handles do). */
export interface OutboxWork {
  outbox: Outbox;
}

/** Records the event through the outbox of the app whose handle `tx` is (or was opened from). */
export function recordEvent(tx: Kysely<Database> | Transaction<Database>, at: string, e: NewEvent): Promise<string> {
  const outbox = workOf<OutboxWork>(tx)?.outbox;
  if (!outbox) throw new Error("recordEvent needs a handle of the app's context (ctx.db or a transaction opened from it).");
  return outbox.record(tx, at, e);
}
