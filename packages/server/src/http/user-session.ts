/** @module The customer user's own endpoints (/v1/me…) authenticate with a user session token, not an API key. */
import type { Context } from 'hono';
import { tokenHash } from '../auth/secrets.js';
import { resolveUserSession } from '../domain/accounts.js';
import { AuthenticationError } from '../errors.js';
import { refuseCredential } from './auth-failures.js';
import type { AppEnv } from './env.js';

export type UserSession = NonNullable<Awaited<ReturnType<typeof resolveUserSession>>>;

const LOG_IN_AGAIN = 'Log in again: the session is missing, expired or revoked.';

export function bearerToken(c: Context<AppEnv>): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/** The rate-limit bucket of a /v1/me request: its session (a digest, never the token itself). */
export function userSessionBucket(c: Context<AppEnv>): string | null {
  const token = bearerToken(c);
  return token ? `session:${tokenHash(token)}` : null;
}

/** The caller's user session; no token is a 401, a token that does not resolve counts as a refused credential. */
export async function requireUserSession(c: Context<AppEnv>): Promise<UserSession> {
  const token = bearerToken(c);
  if (!token) throw new AuthenticationError(LOG_IN_AGAIN);
  const session = await resolveUserSession(c.get('ctx'), token);
  return session ?? refuseCredential(c, LOG_IN_AGAIN);
}
