import type { Outbox } from '../outbox/outbox.js';

export interface Ctx {
  outbox: Outbox;
}
