/** @module The agreement's API: the vendor's template, an order's draft as PDF, and sending it for signing. */
import { createRoute, z } from '@hono/zod-openapi';
import { Email, errors, IdParam, json, jsonBody, security, Text } from '../../contract/common.js';
import { createRouter } from '../../http/router.js';
import { agreementDraft, cancelSignatureRequest, getSignatureRequest, getTemplate, putTemplate, requestSignature } from './service.js';
import { AgreementTemplateInput } from './template.js';

const AgreementTemplate = z
  .object({
    text: z.string(),
    isDefault: z.boolean().openapi({ description: 'True while the vendor has not replaced the shipped Swedish template.' }),
    updatedAt: z.string().nullable(),
  })
  .openapi('AgreementTemplate');

const SignatureRequestInput = z
  .object({
    signer: z.object({ name: Text(), email: Email }).optional().openapi({ description: "Who signs for the customer; defaults to the order's signer, and replaces it when given." }),
    autoSubmit: z.boolean().optional().openapi({ description: 'Submit the order for the vendor\'s review as soon as the agreement is signed.' }),
  })
  .openapi('SignatureRequestInput');

const SignatureRequest = z
  .object({
    status: z.enum(['sent', 'signed', 'declined', 'expired']).openapi({ description: '`sent` while the link waits; `expired` also when a newer link, a correction, an upload or a cancel withdrew it.' }),
    signerEmail: z.string(),
    expiresAt: z.string().openapi({ description: 'The link works once, until this instant (14 days).' }),
    autoSubmit: z.boolean(),
    declineReason: z.string().nullable().openapi({ description: 'What the signer wrote when declining.' }),
  })
  .openapi('SignatureRequest');

const pdf = (description: string) => ({ description, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } });

const router = createRouter();
router.openapi(
  createRoute({ method: 'get', operationId: 'admin.agreementTemplate.retrieve', summary: 'The vendor\'s agreement template, the default until one is saved', path: '/v1/admin/agreement-template', tags: ['Vendor'], security, responses: { 200: json(AgreementTemplate), ...errors } }),
  async (c) => c.json(await getTemplate(c.get('ctx'), c.get('actor')), 200),
);
router.openapi(
  createRoute({
    method: 'put',
    operationId: 'admin.agreementTemplate.update',
    path: '/v1/admin/agreement-template',
    tags: ['Vendor'],
    security,
    summary: 'Replaces the end-customer agreement template (docs/agreements.md lists the placeholders)',
    request: { body: jsonBody(AgreementTemplateInput) },
    responses: { 200: json(AgreementTemplate, 'Stored'), ...errors },
  }),
  async (c) => c.json(await putTemplate(c.get('ctx'), c.get('actor'), c.req.valid('json')), 200),
);
router.openapi(
  createRoute({
    method: 'get', operationId: 'orders.agreementDraft',
    path: '/v1/orders/{id}/agreement-draft',
    tags: ['Orders'],
    security,
    summary: 'The end-customer agreement rendered from the template and the order, unsigned',
    request: { params: IdParam('ord') },
    responses: { 200: pdf('The agreement draft'), ...errors },
  }),
  async (c) => {
    const bytes = await agreementDraft(c.get('ctx'), c.get('actor'), c.req.valid('param').id);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="avtal-utkast.pdf"' });
  },
);
router.openapi(
  createRoute({
    method: 'post', operationId: 'orders.requestSignature',
    path: '/v1/orders/{id}/signature-request',
    tags: ['Orders'],
    security,
    summary: "E-mails the signer a one-time link to sign the agreement; a new request withdraws the order's earlier link",
    request: { params: IdParam('ord'), body: jsonBody(SignatureRequestInput) },
    responses: { 201: json(SignatureRequest, 'Sent'), ...errors },
  }),
  async (c) => c.json(await requestSignature(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
);
router.openapi(
  createRoute({
    method: 'get',
    operationId: 'orders.retrieveSignatureRequest',
    path: '/v1/orders/{id}/signature-request',
    tags: ['Orders'],
    security,
    summary: "The order's latest signing request and what became of it; 404 when none was sent",
    request: { params: IdParam('ord') },
    responses: { 200: json(SignatureRequest), ...errors },
  }),
  async (c) => c.json(await getSignatureRequest(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'delete',
    operationId: 'orders.cancelSignatureRequest',
    path: '/v1/orders/{id}/signature-request',
    tags: ['Orders'],
    security,
    summary: "Withdraws the order's open signing link; 404 when none is open",
    request: { params: IdParam('ord') },
    responses: { 204: { description: 'Withdrawn' }, ...errors },
  }),
  async (c) => {
    await cancelSignatureRequest(c.get('ctx'), c.get('actor'), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

export default router;
