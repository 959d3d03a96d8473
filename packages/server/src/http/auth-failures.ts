/**
 * @module What a refused credential or password costs the client's address, and how password guessing is held back.
 *
 * A valid credential is never refused for anyone's failures: bearer credentials (API keys, widget and user sessions)
 * are always checked, and only one that does not verify is counted, and answered 429 instead of 401 once its address
 * is over `AUTH_FAILURE_LIMIT` (they are random or signed, so a limit protects the service, not the secret). A
 * password is low-entropy: each attempt reserves a token from its account-and-address bucket and its address bucket
 * before the password is checked (so parallel guesses cannot all get through), and a successful login gives both back.
 */
import type { Context } from 'hono';
import { AuthenticationError, RateLimitedError } from '../errors.js';
import type { AppEnv } from './env.js';
import type { Limiter } from '../limits/limiter.js';

const TOO_MANY = 'Too many failed authentication attempts from your address. Try again later.';

/**
 * Refuses a credential that was presented and did not verify: 401 (the resolver's own error, keeping its `code`, or
 * one with `refusal` as its message), or 429 once the address has failed too often.
 */
export async function refuseCredential(c: Context<AppEnv>, refusal: string | AuthenticationError): Promise<never> {
  const limiter = c.get('limits').failuresByAddress;
  const address = c.get('clientAddress');
  if (limiter && address) {
    const r = await limiter.take(address);
    if (!r.ok) throw new RateLimitedError(TOO_MANY, r.retryAfterSeconds);
  }
  throw typeof refusal === 'string' ? new AuthenticationError(refusal) : refusal;
}

/**
 * Runs a password check under its reservations: refused with 429 (the password unchecked) when either bucket is
 * empty; a wrong password keeps the reservations, anything else (a success, an account that may not log in) returns them.
 */
export async function withPasswordAttempt<T>(c: Context<AppEnv>, account: string, check: () => Promise<T>): Promise<T> {
  const { passwordAttempts, failuresByAddress } = c.get('limits');
  const address = c.get('clientAddress');
  const wanted: [Limiter | null, string | null][] = [
    [passwordAttempts, `${account.trim().toLowerCase()} ${address ?? ''}`],
    [failuresByAddress, address],
  ];
  const reserved: [Limiter, string][] = [];
  const giveBack = () => Promise.all(reserved.map(([limiter, key]) => limiter.refund(key)));
  for (const [limiter, key] of wanted) {
    if (!limiter || key === null) continue;
    const r = await limiter.take(key);
    if (!r.ok) {
      await giveBack();
      throw new RateLimitedError(`Too many login attempts for this account from your address. Retry after ${r.retryAfterSeconds} s.`, r.retryAfterSeconds);
    }
    reserved.push([limiter, key]);
  }
  try {
    const result = await check();
    await giveBack();
    return result;
  } catch (err) {
    if (!(err instanceof AuthenticationError)) await giveBack();
    throw err;
  }
}
