/**
 * @module Safety net for the audit log: a successful state-changing request that wrote no audit row of its own (an
 * operation without an outbox event, such as creating an organization) gets one here, after the fact. Operations
 * with events are audited inside their own transaction by the outbox and skip this.
 */
import type { MiddlewareHandler } from 'hono';
import { recordAudit } from '../modules/audit/service.js';
import type { AppEnv } from './env.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ID = /^[a-z]+_[0-9a-z]+$/;

export function auditFallback(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const req = c.get('scope');
    if (req.audited || !MUTATING.has(c.req.method) || c.res.status >= 400) return;
    if (c.res.headers.get('idempotent-replayed')) return;
    let resourceId: string | null = null;
    if (c.res.headers.get('content-type')?.includes('application/json')) {
      const body = (await c.res.clone().json().catch(() => null)) as { id?: unknown } | null;
      if (typeof body?.id === 'string') resourceId = body.id;
    }
    resourceId ??= c.req.path.split('/').find((s) => ID.test(s)) ?? null;
    const ctx = c.get('ctx');
    await recordAudit(ctx.db, ctx.clock.now().toISOString(), { action: `${c.req.method} ${c.req.path.split('/').map((s) => (ID.test(s) ? '{id}' : s)).join('/')}`, resourceId });
  };
}
