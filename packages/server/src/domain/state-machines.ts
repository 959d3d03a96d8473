/** @module The lifecycles of trials, orders and customers; anything else is a 409. */
import { ConflictError } from '../errors.js';

const machines = {
  trial: {
    active: ['expired', 'converted', 'cancelled'],
    // A customer may order after the trial period ends, as long as the data still exists.
    expired: ['purged', 'converted'],
    converted: [],
    cancelled: [],
    purged: [],
  },
  order: {
    draft: ['submitted'],
    submitted: ['approved', 'rejected'],
    rejected: ['submitted'],
    approved: [],
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

export function canTransition<M extends keyof Machines>(machine: M, from: string, to: keyof Machines[M]): boolean {
  const allowed = (machines[machine] as Record<string, readonly string[]>)[from];
  return !!allowed?.includes(to as string);
}

export function assertTransition<M extends keyof Machines>(machine: M, from: string, to: keyof Machines[M], what: string): void {
  if (!canTransition(machine, from, to)) throw new ConflictError(`Cannot ${what}: the ${machine} is ${from}.`);
}

/** States in which a trial's users may be changed and may log in. */
export const TRIAL_OPEN: readonly string[] = ['active'];
/** States from which an order may be drafted or edited. */
export const ORDER_EDITABLE: readonly string[] = ['draft', 'rejected'];
