/** @module Organizations of the calling reseller. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, IdParam, json, jsonBody, listOf, OrgNumber, PageQuery, security, Text } from '../../contract/common.js';
import { Organization } from '../../contract/resources.js';
import { createOrganization, getOrganization, listOrganizations, updateOrganization } from './service.js';
import { createRouter } from '../../http/router.js';

const tags = ['Organizations'];
const OrganizationInput = z.object({
  name: Text(),
  // A union, not .nullable(): zod-openapi would write allOf [OrgNumber, string|null], which no null satisfies.
  orgNumber: z.union([OrgNumber, z.null()]).optional(),
});

const router = createRouter();
router.openapi(
  createRoute({ method: 'post', path: '/v1/organizations', operationId: 'organizations.create', summary: 'Create an organization', tags, security, request: { body: jsonBody(OrganizationInput) }, responses: { 201: json(Organization, 'Created'), ...errors } }),
  async (c) => c.json(await createOrganization(c.get('ctx'), c.get('actor'), c.req.valid('json')), 201),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/organizations', operationId: 'organizations.list', summary: 'List organizations', tags, security, request: { query: PageQuery }, responses: { 200: json(listOf(Organization, 'OrganizationList')), ...errors } }),
  async (c) => c.json(await listOrganizations(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/organizations/{id}', operationId: 'organizations.retrieve', summary: 'Retrieve an organization', tags, security, request: { params: IdParam('org') }, responses: { 200: json(Organization), ...errors } }),
  async (c) => c.json(await getOrganization(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'patch',
    path: '/v1/organizations/{id}',
    operationId: 'organizations.update',
    summary: 'Update an organization',
    tags,
    security,
    request: { params: IdParam('org'), body: jsonBody(OrganizationInput.partial()) },
    responses: { 200: json(Organization), ...errors },
  }),
  async (c) => c.json(await updateOrganization(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
);

export default router;
