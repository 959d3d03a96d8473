/** @module Demo data for `npm start`: a vendor catalogue, one reseller with a known key, organizations, trials and a customer. */
import { tokenHash } from '../auth/secrets.js';
import type { Actor, Ctx } from '../app/context.js';
import { approveOrder, attachAgreement, createOrder, submitOrder } from '../modules/orders/service.js';
import { createOrganization } from '../modules/organizations/service.js';
import { createTrial } from '../modules/trials/service.js';
import { createLicence, createReseller, getResellerRow, updateReseller } from '../modules/vendor/service.js';
import { DEMO_CONSUMER_PATH } from './dev-webhooks.js';
import { createEndpoint } from '../webhooks/endpoints/service.js';

/** Well-known demo credentials: fine for a local demo, refused in production by the CLI. */
export const DEMO_ADMIN_KEY = 'rk_admin_demo_0123456789abcdef';
export const DEMO_RESELLER_KEY = 'rk_live_demo_reseller_0123456789abcdef';

/** A minimal valid PDF, used as the demo customer's signed agreement. */
export const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** The most origins a reseller may list (the admin API's limit): the oldest demo addresses make room for new ones. */
const MAX_ORIGINS = 20;

/**
 * Seeds the demo once. `origins` are the addresses the demo serves its page from: on a store seeded before, they are
 * added to the demo reseller's allowedOrigins, so the portal works on whatever port the demo runs this time.
 */
export async function seedDemo(ctx: Ctx, opts: { origins?: string[] } = {}): Promise<{ seeded: boolean; resellerId: string }> {
  const existing = await ctx.db.selectFrom('api_keys').select('reseller_id').where('key_hash', '=', tokenHash(DEMO_RESELLER_KEY)).executeTakeFirst();
  if (existing) {
    if (opts.origins) await allowDemoOrigins(ctx, existing.reseller_id, opts.origins);
    return { seeded: false, resellerId: existing.reseller_id };
  }

  const reseller = await createReseller(ctx, {
    name: 'Förvaltarna i Norden AB',
    orgNumber: '556677-8899',
    contactEmail: 'partner@forvaltarna.example',
    discountPercent: 20,
    allowedOrigins: opts.origins ?? ['http://localhost:8787', 'http://127.0.0.1:8787'],
  });
  // Subscribed before the demo data is made, so the log at /dev/webhooks shows the seed's own events.
  if (ctx.config.WEBHOOK_ALLOW_PRIVATE && ctx.config.NODE_ENV !== 'production') await ensureDemoConsumer(ctx, reseller.id);
  await ctx.db
    .insertInto('api_keys')
    .values({ id: 'key_demo', reseller_id: reseller.id, name: 'demo', key_hash: tokenHash(DEMO_RESELLER_KEY), key_prefix: DEMO_RESELLER_KEY.slice(0, 12), created_at: ctx.clock.now().toISOString() })
    .execute();

  const licences = {
    brf: await createLicence(ctx, { name: 'Planima Bostadsrätt', customerType: 'brf', annualPrice: { amount: 1_200_000, currency: 'SEK' } }),
    property_company: await createLicence(ctx, { name: 'Planima Fastighetsbolag', customerType: 'property_company', annualPrice: { amount: 4_800_000, currency: 'SEK' } }),
    municipality: await createLicence(ctx, { name: 'Planima Offentlig', customerType: 'municipality', annualPrice: { amount: 9_600_000, currency: 'SEK' } }),
    joint_facility: await createLicence(ctx, { name: 'Planima Samfällighet', customerType: 'joint_facility', annualPrice: { amount: 600_000, currency: 'SEK' } }),
    other: await createLicence(ctx, { name: 'Planima Bas', customerType: 'other', annualPrice: { amount: 900_000, currency: 'SEK' } }),
  };

  const actor: Actor = { kind: 'reseller', resellerId: reseller.id, credentialId: 'key_demo' };
  const admin: Actor = { kind: 'admin', credentialId: 'demo-seed' };
  const solrosen = await createOrganization(ctx, actor, { name: 'Brf Solrosen', orgNumber: '769600-1234' });
  await createOrganization(ctx, actor, { name: 'Brf Eken', orgNumber: '769611-2233' });
  const hamnen = await createOrganization(ctx, actor, { name: 'Hamnens Fastigheter AB', orgNumber: '556123-4567' });
  const vallen = await createOrganization(ctx, actor, { name: 'Vallens Samfällighetsförening', orgNumber: '717900-5555' });

  await createTrial(ctx, actor, { organizationId: solrosen.id, customerType: 'brf', users: [{ email: 'ordforande@solrosen.example' }, { email: 'kassor@solrosen.example', role: 'reader' }] });
  await createTrial(ctx, actor, { organizationId: vallen.id, customerType: 'joint_facility', users: [{ email: 'styrelsen@vallen.example' }], durationDays: 14 });

  const converted = await createTrial(ctx, actor, { organizationId: hamnen.id, customerType: 'property_company', users: [{ email: 'forvaltning@hamnen.example' }] });
  const order = await createOrder(ctx, actor, converted.id, {
    licenceId: licences.property_company.id,
    invoicing: { name: 'Hamnens Fastigheter AB', orgNumber: '556123-4567', email: 'faktura@hamnen.example', reference: 'Planima 2026' },
    signer: { name: 'Karin Hamn', email: 'karin@hamnen.example' },
  });
  await attachAgreement(ctx, actor, order.id, DEMO_PDF);
  await submitOrder(ctx, actor, order.id);
  await approveOrder(ctx, admin, order.id);
  return { seeded: true, resellerId: reseller.id };
}

/** Adds the origins the demo runs on now; the ones added by hand (a partner page) stay. */
async function allowDemoOrigins(ctx: Ctx, resellerId: string, origins: string[]): Promise<void> {
  const allowed = JSON.parse((await getResellerRow(ctx, resellerId)).allowed_origins) as string[];
  const missing = [...new Set(origins)].filter((o) => !allowed.includes(o));
  if (missing.length) await updateReseller(ctx, resellerId, { allowedOrigins: [...allowed, ...missing].slice(-MAX_ORIGINS) });
}

/** Subscribes the demo reseller to the built-in consumer (once), so /dev/webhooks shows every delivery of the demo. */
export async function ensureDemoConsumer(ctx: Ctx, resellerId: string): Promise<void> {
  const url = `${ctx.config.PUBLIC_URL}${DEMO_CONSUMER_PATH}`;
  const existing = await ctx.db.selectFrom('webhook_endpoints').select('id').where('url', '=', url).where('reseller_id', '=', resellerId).executeTakeFirst();
  if (existing) return;
  await createEndpoint(ctx, { kind: 'reseller', resellerId, credentialId: 'demo-seed' }, { url, description: 'Inbyggd demomottagare (/dev/webhooks)' });
}
