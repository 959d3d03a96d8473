import { describe, expect, it } from 'vitest';
import { CUSTOMER_LIVE, CUSTOMER_STATUSES, INITIAL, ORDER_EDITABLE, ORDER_OPEN, ORDER_SETTLED, ORDER_STATUSES, sourcesOf, TRIAL_EXPIRABLE, TRIAL_ORDERABLE, TRIAL_STATUSES } from './machines.js';

describe('the state sets derived from the machines', () => {
  it('lists every state in the order the API documents', () => {
    expect(TRIAL_STATUSES).toEqual(['active', 'expired', 'purged', 'converted', 'cancelled']);
    expect(ORDER_STATUSES).toEqual(['draft', 'submitted', 'approved', 'rejected']);
    expect(CUSTOMER_STATUSES).toEqual(['active', 'cancelled']);
  });

  it('starts each lifecycle where creation puts it', () => {
    expect(INITIAL).toEqual({ trial: 'active', order: 'draft', customer: 'active' });
  });

  it('lets an order be edited while it can be submitted, and settles the customer type once it cannot', () => {
    expect([...ORDER_EDITABLE].sort()).toEqual(['draft', 'rejected']);
    expect([...ORDER_SETTLED].sort()).toEqual(['approved', 'submitted']);
    expect([...ORDER_OPEN].sort()).toEqual(['draft', 'rejected', 'submitted']);
  });

  it('expires only running trials, orders only from trials that can still convert, renews only live customers', () => {
    expect(TRIAL_EXPIRABLE).toEqual(['active']);
    expect([...TRIAL_ORDERABLE].sort()).toEqual(['active', 'expired']);
    expect(CUSTOMER_LIVE).toEqual(['active']);
    expect([...sourcesOf('trial', 'purged')].sort()).toEqual(['cancelled', 'expired']);
  });
});
