/** @module Maintenance plans: read and replace, import from .xlsx or CSV, the import template, and the customer user's own plan. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errors, IdParam, json, jsonBody, security } from '../../contract/common.js';
import { ImportPreview, ImportQuery, ImportResult, Plan, PlanInput } from '../../contract/plans.js';
import { getPlan, importPlan, readOwnPlan, replacePlan, replacePlanAsUser } from './service.js';
import { checkUploadType } from './import/read-file.js';
import { buildTemplate, TEMPLATE_FILENAME, XLSX_MIME } from './import/template.js';
import { readLimitedBody } from '../../http/body.js';
import { MAX_UPLOAD_BYTES } from '../../contract/limits.js';
import type { AppEnv } from '../../http/env.js';
import { createRouter } from '../../http/router.js';
import { requireUserSession, type UserSession } from '../../http/user-session.js';

const tags = ['Plans'];
const binary = z.string().openapi({ format: 'binary' });

const router = createRouter();
router.openapi(
  createRoute({ method: 'get', path: '/v1/organizations/{id}/plan', operationId: 'organizations.plan.retrieve', summary: "Retrieve an organization's maintenance plan", tags, security, request: { params: IdParam('org') }, responses: { 200: json(Plan), ...errors } }),
  async (c) => c.json(await getPlan(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'put',
    path: '/v1/organizations/{id}/plan',
    operationId: 'organizations.plan.replace',
    summary: "Replace an organization's maintenance plan",
    tags,
    security,
    request: { params: IdParam('org'), body: jsonBody(PlanInput) },
    responses: { 200: json(Plan, 'The plan is now exactly these actions, in this order'), ...errors },
  }),
  async (c) => c.json(await replacePlan(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json').actions), 200),
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/organizations/{id}/plan/import',
    operationId: 'organizations.plan.import',
    summary: 'Import a maintenance plan from a spreadsheet',
    tags,
    security,
    description: `Body: the file itself, a \`;\`-separated CSV (UTF-8) or an .xlsx, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB and 20 000 rows. All rows are imported or none; a refused import is a 422 whose \`error.issues\` carry \`{ row, column, message }\`.`,
    request: {
      params: IdParam('org'),
      query: ImportQuery,
      body: { required: true, content: { 'text/csv': { schema: binary }, [XLSX_MIME]: { schema: binary }, 'application/octet-stream': { schema: binary } } },
    },
    responses: {
      200: { description: 'Imported, or with dryRun=true the preview', content: { 'application/json': { schema: z.union([ImportResult, ImportPreview]) } } },
      413: errors[422],
      415: errors[422],
      ...errors,
    },
  }),
  async (c) => {
    const type = checkUploadType(c.req.header('content-type'));
    const bytes = await readLimitedBody(c.req.raw);
    const q = c.req.valid('query');
    return c.json(await importPlan(c.get('ctx'), c.get('actor'), c.req.valid('param').id, { type, bytes }, { mode: q.mode ?? 'append', dryRun: q.dryRun === 'true' }), 200);
  },
);

let template: Promise<Uint8Array> | undefined;
router.openapi(
  createRoute({ method: 'get', path: '/v1/plan-import-template', operationId: 'organizations.plan.template', summary: 'Download the plan import template', tags, security, responses: { 200: { description: 'The import template (.xlsx)', content: { [XLSX_MIME]: { schema: binary } } }, ...errors } }),
  async (c) => {
    // The same for everyone: built once per process.
    template ??= buildTemplate().catch((err: unknown) => {
      template = undefined;
      throw err;
    });
    return c.body((await template) as Uint8Array<ArrayBuffer>, 200, { 'content-type': XLSX_MIME, 'content-disposition': `attachment; filename="${TEMPLATE_FILENAME}"` });
  },
);

/** Customer users authenticate with their own session token, not an API key (the /v1/me paths are public to the API-key guard). */
const sessions = new WeakMap<Request, UserSession>();
// Registered before the routes so that a missing session is a 401 even when the body is also invalid.
router.use('/v1/me/plan', async (c, next) => {
  sessions.set(c.req.raw, await requireUserSession(c));
  await next();
});
const userSession = (c: Context<AppEnv>) => sessions.get(c.req.raw)!;

const userTags = ['Customer users'];
router.openapi(
  createRoute({ method: 'get', path: '/v1/me/plan', operationId: 'me.plan.retrieve', summary: "Retrieve the signed-in user's plan", tags: userTags, security, responses: { 200: json(Plan, "The plan of the user's organization"), ...errors } }),
  async (c) => c.json(await readOwnPlan(c.get('ctx'), userSession(c)), 200),
);
router.openapi(
  createRoute({
    method: 'put',
    path: '/v1/me/plan',
    operationId: 'me.plan.replace',
    summary: "Replace the signed-in user's plan",
    tags: userTags,
    security,
    request: { body: jsonBody(PlanInput) },
    responses: { 200: json(Plan, 'Replaced (editor users only; a reader gets 403)'), ...errors },
  }),
  async (c) => c.json(await replacePlanAsUser(c.get('ctx'), userSession(c), c.req.valid('json').actions), 200),
);

export default router;
