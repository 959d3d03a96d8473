/** @module Widget sessions: short-lived EdDSA JWTs bound to one page origin, minted for a reseller (or the vendor's review element) and accepted as bearer credentials. */
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Actor, Ctx } from '../app/context.js';
import { AuthenticationError, CredentialNoLongerValidError, InvalidRequestError, PermissionDeniedError, UnprocessableError } from '../errors.js';
import type { CredentialResolver } from './authenticate.js';
import { getActiveSigningKey, publicJwks } from './signing-keys.js';
import { allowedOriginsOf } from './repo.js';
import { normalizeOrigin, ORIGIN_HINT } from '../contract/origin.js';

export const WIDGET_AUDIENCE = 'resellerkit-widget';
/** Well under the 15-minute ceiling: the element asks the host for a new one a minute before expiry. */
export const WIDGET_SESSION_SECONDS = 10 * 60;
const ALG = 'EdDSA';

export interface WidgetUser {
  id?: string;
  email?: string;
  name?: string;
}

interface WidgetClaims extends JWTPayload {
  origin: string;
  scope: 'reseller' | 'admin';
  /** The credential that minted the session (a reseller's API key id, or the admin's): revoking the key ends the session, and its rate-limit bucket is the session's. */
  key: string;
  user?: WidgetUser;
}

export async function mintWidgetSession(ctx: Ctx, actor: Actor, input: { origin: string; user?: WidgetUser }): Promise<{ token: string; expiresAt: string }> {
  const origin = normalizeOrigin(input.origin);
  if (!origin) throw new InvalidRequestError(`origin ${ORIGIN_HINT}.`, [{ path: ['origin'], message: ORIGIN_HINT }]);
  if (actor.kind === 'reseller' && actor.scopes?.includes('widget')) throw new PermissionDeniedError('A widget session cannot mint widget sessions; mint them from your backend with your API key.');
  let subject = 'admin';
  if (actor.kind === 'reseller') {
    const allowed = await allowedOriginsOf(ctx.db, actor.resellerId);
    if (!allowed.includes(origin)) {
      throw new UnprocessableError(`origin ${origin} is not one of the reseller's allowedOrigins.`, {
        code: 'origin_not_allowed',
        issues: [{ path: ['origin'], message: `is not in allowedOrigins (${allowed.join(', ') || 'none configured'})` }],
      });
    }
    subject = actor.resellerId;
  }
  const key = await getActiveSigningKey(ctx);
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  const exp = now + WIDGET_SESSION_SECONDS;
  const claims: WidgetClaims = { origin, scope: actor.kind, key: actor.credentialId, ...(input.user && { user: input.user }) };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(ctx.config.PUBLIC_URL)
    .setAudience(WIDGET_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(key.privateKey);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** Public keys by kid, re-read at most every few seconds so a rotation elsewhere is seen without a query per request. */
const KEYS_TTL_MS = 60_000;
const KEYS_MISS_RETRY_MS = 5_000;

/** The public keys that verify widget sessions, by kid. */
export class WidgetKeyCache {
  #entry: { at: number; keys: Map<string, KeyObject> } | undefined;

  async publicKey(ctx: Ctx, kid: string): Promise<KeyObject | undefined> {
    let entry = this.#entry;
    const age = entry ? Date.now() - entry.at : Infinity;
    if (!entry || age > KEYS_TTL_MS || (!entry.keys.has(kid) && age > KEYS_MISS_RETRY_MS)) {
      const { keys } = await publicJwks(ctx);
      entry = { at: Date.now(), keys: new Map(keys.map((k) => [k.kid, createPublicKey({ key: { kty: k.kty, crv: k.crv, x: k.x }, format: 'jwk' })])) };
      this.#entry = entry;
    }
    return entry.keys.get(kid);
  }
}

/** What a widget session may call: the Provkonton / Kunder flow for a reseller, the review queue for the vendor. */
const RESELLER_PATHS = /^\/v1\/(organizations|trials|orders|customers|licences|revenue)(\/|$)/;
const ADMIN_RULES: { method: string; path: RegExp }[] = [
  { method: 'GET', path: /^\/v1\/admin\/orders$/ },
  { method: 'POST', path: /^\/v1\/admin\/orders\/[^/]+\/(approve|reject)$/ },
  { method: 'GET', path: /^\/v1\/orders\/[^/]+(\/agreement)?$/ },
  { method: 'GET', path: /^\/v1\/trials\/[^/]+$/ },
  { method: 'GET', path: /^\/v1\/(admin\/)?licences$/ },
];

function allowedFor(scope: WidgetClaims['scope'], method: string, path: string): boolean {
  if (scope === 'reseller') return RESELLER_PATHS.test(path);
  return ADMIN_RULES.some((r) => r.method === method && r.path.test(path));
}

/**
 * The page origin a browser request comes from. Browsers omit Origin on same-origin GETs, so a
 * same-origin fetch (Sec-Fetch-Site) counts as coming from this server's own origin.
 */
function requestOrigins(ctx: Ctx, req: Request): string[] {
  const origin = req.headers.get('origin');
  if (origin) return [origin];
  if (req.headers.get('sec-fetch-site') === 'same-origin') return [new URL(req.url).origin, new URL(ctx.config.PUBLIC_URL).origin];
  return [];
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Accepts widget session JWTs: signature by our key (alg pinned), issuer, audience, expiry, and the page origin the token was minted for. */
export const widgetSessionResolver: CredentialResolver = async (ctx, token, req) => {
  if (!JWT_SHAPE.test(token)) return null;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return null; // not a JWT at all: leave it to the other resolvers
  }
  let claims: WidgetClaims;
  try {
    const { kid, alg } = header;
    if (alg !== ALG || !kid) throw new Error('unexpected header');
    const key = await ctx.caches.widgetKeys.publicKey(ctx, kid);
    if (!key) throw new Error('unknown kid');
    const verified = await jwtVerify<WidgetClaims>(token, key, {
      algorithms: [ALG],
      issuer: ctx.config.PUBLIC_URL,
      audience: WIDGET_AUDIENCE,
      currentDate: ctx.clock.now(),
      requiredClaims: ['exp', 'sub', 'origin', 'key'],
    });
    claims = verified.payload;
  } catch (err) {
    // Expiry is the normal end of a genuine session; anything else (a bad signature, an unknown key) may be a forgery.
    const message = 'The widget session is not valid or has expired; ask your backend for a new one.';
    throw err instanceof errors.JWTExpired ? new CredentialNoLongerValidError(message, { code: 'session_invalid' }) : new AuthenticationError(message, { code: 'session_invalid' });
  }
  if (!requestOrigins(ctx, req).includes(claims.origin)) {
    throw new CredentialNoLongerValidError('The widget session is bound to another origin than this page.', { code: 'session_origin_mismatch' });
  }
  // Within the key cache's bound (TTL_MS on other processes, at once on this one), a revoked key ends its sessions.
  if (claims.scope === 'reseller' && !(await ctx.caches.apiKeys.active(ctx.db, claims.key, claims.sub!))) {
    throw new CredentialNoLongerValidError('The API key that minted this widget session has been revoked; ask your backend for a new session.', { code: 'session_invalid' });
  }
  const url = new URL(req.url);
  if (!allowedFor(claims.scope, req.method, url.pathname)) {
    throw new PermissionDeniedError('A widget session may not call this endpoint.');
  }
  const credentialId = `widget:${claims.jti ?? 'session'}`;
  if (claims.scope === 'admin') return { kind: 'admin', credentialId, bucket: claims.key };
  return { kind: 'reseller', resellerId: claims.sub!, credentialId, scopes: ['widget'], bucket: claims.key };
};
