/** @module Which actor may do what, beyond tenant scoping. */
import { PermissionDeniedError } from '../errors.js';
import type { Actor } from '../app/context.js';

/** Creating reseller-owned resources needs a reseller credential: the vendor acts through review, not on a partner's behalf. */
export function requireReseller(actor: Actor): string {
  if (actor.kind !== 'reseller') throw new PermissionDeniedError('This operation needs a reseller API key or widget session.');
  return actor.resellerId;
}

export function requireAdmin(actor: Actor): void {
  if (actor.kind !== 'admin') throw new PermissionDeniedError('This operation needs the vendor admin key.');
}
