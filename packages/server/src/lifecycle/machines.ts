/**
 * @module The lifecycles of trials, orders and customers, and the rules that follow from their states; anything else is
 * a 409. Every status change in the domain is a guarded update whose guard comes from here (`sourcesOf`), so a rule
 * the machine refuses cannot slip through another path.
 */
import { ConflictError } from '../errors.js';

const machines = {
  trial: {
    active: ['expired', 'converted', 'cancelled'],
    // A customer may order after the trial period ends, as long as the data still exists.
    expired: ['purged', 'converted'],
    purged: [],
    converted: [],
    // A cancelled trial's personal data is erased after CANCELLED_PURGE_DAYS (modules/trials/model.ts).
    cancelled: ['purged'],
  },
  order: {
    draft: ['submitted'],
    submitted: ['approved', 'rejected'],
    approved: [],
    rejected: ['submitted'],
  },
  customer: {
    active: ['cancelled'],
    cancelled: [],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

type Machines = typeof machines;
export type TrialStatus = keyof Machines['trial'];
export type OrderStatus = keyof Machines['order'];
export type CustomerStatus = keyof Machines['customer'];

/** The state each lifecycle starts in: a new trial is active, a new order a draft, a new customer active. */
export const INITIAL = { trial: 'active', order: 'draft', customer: 'active' } as const satisfies { [M in keyof Machines]: keyof Machines[M] };

const statesOf = <M extends keyof Machines>(machine: M) => Object.keys(machines[machine]) as [keyof Machines[M] & string, ...(keyof Machines[M] & string)[]];
/** Every state, in the order the API documents them. */
export const TRIAL_STATUSES = statesOf('trial');
export const ORDER_STATUSES = statesOf('order');
export const CUSTOMER_STATUSES = statesOf('customer');

export function canTransition<M extends keyof Machines>(machine: M, from: string, to: keyof Machines[M]): boolean {
  const allowed = (machines[machine] as Record<string, readonly string[]>)[from];
  return !!allowed?.includes(to as string);
}

export function assertTransition<M extends keyof Machines>(machine: M, from: string, to: keyof Machines[M], what: string): void {
  if (!canTransition(machine, from, to)) throw new ConflictError(`Cannot ${what}: the ${machine} is ${from}.`, { code: 'invalid_state' });
}

/** The states a row may be in to move to `to`: the `where status in (…)` of the guarded update that moves it. */
export function sourcesOf<M extends keyof Machines>(machine: M, to: keyof Machines[M]): string[] {
  return Object.entries(machines[machine] as Record<string, readonly string[]>)
    .filter(([, next]) => next.includes(to as string))
    .map(([from]) => from);
}

/** States from which an order may be started: those from which the trial can still be converted. */
export const TRIAL_ORDERABLE: readonly string[] = sourcesOf('trial', 'converted');
/** States in which an order may be edited (its agreement replaced): those from which it can still be submitted. */
export const ORDER_EDITABLE: readonly string[] = sourcesOf('order', 'submitted');
/** Order states after which the trial's customer type is settled: no longer editable, the vendor reviews or has approved the licence. */
export const ORDER_SETTLED: readonly string[] = Object.keys(machines.order).filter((s) => !ORDER_EDITABLE.includes(s));
/**
 * Orders in progress are those that can still move (not approved): a trial has at most one, which the unique index
 * orders_one_open_per_trial enforces.
 */
export const ORDER_OPEN: readonly string[] = Object.entries(machines.order as Record<string, readonly string[]>)
  .filter(([, next]) => next.length > 0)
  .map(([state]) => state);

/** Trials that run out: those the clock can still expire. */
export const TRIAL_EXPIRABLE: readonly string[] = sourcesOf('trial', 'expired');
/** Customers whose licence renews yearly: those that can still be cancelled. */
export const CUSTOMER_LIVE: readonly string[] = sourcesOf('customer', 'cancelled');

/**
 * An account is a trial and, once its order is approved, the customer it became. Its users may be added, changed and
 * removed, may redeem invitations and log in, and their sessions count, only while this holds: the trial is active, or
 * it was converted and the customer is live. Expiry, cancellation of the trial or of the customer, and purge shut them
 * out. Trials, customers, login and session resolution all ask this one function.
 */
export function accountOpen(trialStatus: string, customerStatus: string | null | undefined): boolean {
  if (trialStatus === 'active') return true;
  return trialStatus === 'converted' && customerStatus === 'active';
}

/**
 * Whether a trial in this state (with its customer's state once converted) holds its organization. An organization
 * holds at most one open trial or live customer: the trial row that holds it carries `holds_organization = 1`, and the
 * unique index `trials_organization_holder` lets only one row per organization do so, however requests race.
 *
 * "Open" means active. An expired trial does not hold its organization, even with an order in progress: a new trial
 * may be opened, and the expired trial's order is approved only if the organization is free at that moment (no other
 * active trial, no live customer); otherwise the approval is a 409 and the order stays submitted.
 */
export function holdsOrganization(trialStatus: string, customerStatus?: string | null): 1 | null {
  return accountOpen(trialStatus, customerStatus) ? 1 : null;
}
