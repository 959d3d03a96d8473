/** @module Environment configuration, validated at start: a bad value stops start-up naming the variable. */
import { z } from 'zod';
import { vendorBranding } from './mail/render/branding.js';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const intIn = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}, got '${v}'` });
        return z.NEVER;
      }
      return n;
    });

/** A secret key for data at rest: 32 random bytes in base64 (`openssl rand -base64 32`); null when it is not one. */
function parseSecretKey(v: string): Buffer | null {
  const text = v.trim();
  const key = Buffer.from(text, 'base64');
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) && key.length === 32 ? key : null;
}
const SECRET_KEY_FORMAT = 'must be 32 random bytes in base64, e.g. the output of `openssl rand -base64 32`';

export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

const schema = z.object({
  PORT: intIn(8787, 0, 65535),
  DATABASE_URL: z.string().min(1).default('./data/resellerkit.db'),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as http://localhost:8787' }).optional(),
  RESELLERKIT_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().default('resellerkit <no-reply@resellerkit.local>'),
  /** The vendor's name as e-mails and the vendor's SIE statements (#FNAMN) show it, checked by the branding's rule;
   * a neutral default lets a development store start without one. */
  VENDOR_NAME: vendorBranding.VENDOR_NAME.default('resellerkit'),
  /** The vendor's logo atop every e-mail (https only, so mail clients show it); without one the name is written out. */
  VENDOR_LOGO_URL: vendorBranding.VENDOR_LOGO_URL,
  /** The e-mails' accent and button colour (#rrggbb); the button text is white or black, whichever reads better on it. */
  VENDOR_COLOR: vendorBranding.VENDOR_COLOR,
  /** #ORGNR of the SIE statements the vendor takes per reseller. */
  VENDOR_ORG_NUMBER: z
    .string()
    .trim()
    .regex(/^\d{6}-?\d{4}$/, 'must be a Swedish organisation number such as 556677-8899')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  WEBHOOK_ALLOW_PRIVATE: bool,
  /** `off` stops recording customer users' activity (trial engagement); only the bench turns it off, to price it. */
  ENGAGEMENT_TRACKING: z.enum(['on', 'off'], { error: "must be 'on' or 'off'" }).default('on'),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return DEFAULT_RETRY_SCHEDULE;
      const parts = v.split(',').map((s) => Number(s.trim()));
      if (parts.some((n) => !Number.isFinite(n) || n < 0)) {
        ctx.addIssue({ code: 'custom', message: `must be comma-separated seconds, got '${v}'` });
        return z.NEVER;
      }
      return parts;
    }),
  RATE_LIMIT: intIn(6000, 0, 10_000_000),
  /** Refused credentials and failed logins a minute per client address; past it they get 429 (valid ones never); 0 off. */
  AUTH_FAILURE_LIMIT: intIn(20, 0, 1_000_000),
  /** Seals secrets the service keeps (signing keys); required in production, see docs/operations.md. */
  RESELLERKIT_SECRET_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const key = parseSecretKey(v);
      if (!key) {
        ctx.addIssue({ code: 'custom', message: SECRET_KEY_FORMAT });
        return z.NEVER;
      }
      return key;
    }),
  /** Earlier secret keys, comma-separated: they only open what they sealed, while a rotation is under way. */
  RESELLERKIT_SECRET_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const keys = (v ?? '').split(',').filter((p) => p.trim() !== '').map(parseSecretKey);
      if (keys.some((k) => k === null)) {
        ctx.addIssue({ code: 'custom', message: `each comma-separated key ${SECRET_KEY_FORMAT}` });
        return z.NEVER;
      }
      return keys as Buffer[];
    }),
  /** Wall-clock time one plan import may spend reading its file (in a reader process) before a 422. */
  PLAN_IMPORT_TIMEOUT_MS: intIn(20_000, 100, 600_000),
  /** The heap of each reader process, in MB; a file that needs more is refused with a 422. */
  PLAN_IMPORT_MEMORY_MB: intIn(512, 16, 16_384),
  /** Password attempts per customer account and client address in 15 minutes, reserved before the password is checked; 0 off. */
  LOGIN_ATTEMPT_LIMIT: intIn(10, 0, 1_000_000),
  /** Retention (retention/policy.ts): days a webhook attempt, and a finished delivery, is kept; 0 keeps them forever. */
  RETENTION_ATTEMPT_DAYS: intIn(30, 0, 3650),
  /** Days an event is kept unless the ledger, an open order or a delivery still needs it; 0 forever. */
  RETENTION_EVENT_DAYS: intIn(90, 0, 3650),
  /** Days a sent e-mail is kept; 0 forever. */
  RETENTION_EMAIL_DAYS: intIn(30, 0, 3650),
  /** Rows one retention statement deletes: small, so no statement holds its locks long. */
  RETENTION_BATCH: intIn(500, 1, 10_000),
  /** Statements per table per scheduler round; what is left waits for the next round. */
  RETENTION_MAX_BATCHES: intIn(20, 1, 10_000),
  /** Proxies in front of the service that append the client to X-Forwarded-For; 0 trusts no header (the socket's peer is the client). */
  TRUST_PROXY: intIn(0, 0, 10),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.output<typeof schema> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.RESELLERKIT_SECRET_KEY) {
    throw new ConfigError('Invalid configuration:\n  RESELLERKIT_SECRET_KEY: is required in production (32 random bytes in base64, e.g. `openssl rand -base64 32`)');
  }
  return { ...c, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` };
}
