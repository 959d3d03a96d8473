/** @module The vendor's audit log: every state change with actor, credential and request id, newest first. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, listOf, PageQuery, security } from '../../contract/common.js';
import { listAudit } from './service.js';
import { requireAdmin } from '../access.js';
import { createRouter } from '../../http/router.js';

const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actorKind: z.string().openapi({ description: 'admin, reseller, public (no credential, e.g. accepting an invitation) or system (scheduler, workers).' }),
    credentialId: z.string().nullable().openapi({ description: "The API key's id, `admin`, or `widget:<jti>` for a widget session." }),
    resellerId: z.string().nullable(),
    requestId: z.string().nullable(),
    action: z.string().openapi({ example: 'trial.created' }),
    resourceId: z.string().nullable(),
  })
  .openapi('AuditEntry');

const router = createRouter();
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/audit-log',
    operationId: 'admin.auditLog.list',
    summary: 'List the audit log',
    tags: ['Vendor'],
    security,
    request: { query: PageQuery.extend({ resourceId: z.string().max(64).optional() }) },
    responses: { 200: json(listOf(AuditEntry, 'AuditLog')), ...errors },
  }),
  async (c) => {
    requireAdmin(c.get('actor'));
    return c.json(await listAudit(c.get('ctx'), c.req.valid('query')), 200);
  },
);

export default router;
