/** @module The customer user's own endpoints (/v1/me…) authenticate with a user session token, not an API key. */
import type { Context } from 'hono';
import { bearerToken } from '../auth/authenticate.js';
import { tokenHash } from '../auth/secrets.js';
import { resolveUserSession } from '../modules/accounts/service.js';
import { AuthenticationError } from '../errors.js';
import { refuseCredential } from './auth-failures.js';
import type { AppEnv } from './env.js';

export type UserSession = NonNullable<Awaited<ReturnType<typeof resolveUserSession>>>;

const LOG_IN_AGAIN = 'Log in again: the session is missing, expired or revoked.';

/** The rate-limit bucket of a /v1/me request: its session (a digest, never the token itself). */
export function userSessionBucket(c: Context<AppEnv>): string | null {
  const token = bearerToken(c.req.header('authorization'));
  return token ? `session:${tokenHash(token)}` : null;
}

/** The caller's user session; no token is a 401, a token that does not resolve counts as a refused credential. */
export async function requireUserSession(c: Context<AppEnv>): Promise<UserSession> {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new AuthenticationError(LOG_IN_AGAIN);
  const session = await resolveUserSession(c.get('ctx'), token);
  return session ?? refuseCredential(c, LOG_IN_AGAIN);
}
