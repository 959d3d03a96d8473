/**
 * @module Page origins (`scheme://host[:port]`) as browsers send them in the Origin header: one normaliser for every
 * origin we store or compare (a reseller's allowedOrigins, the origin a widget session is minted for).
 */
import { z } from '@hono/zod-openapi';

export const ORIGIN_HINT = 'must be an origin such as https://pms.example (scheme, host and port; no path, query or credentials)';

/**
 * The browser's serialisation of an http(s) origin: scheme and host lowercased, the default port dropped, IDN hosts in
 * punycode. A trailing `/` is allowed; a path, query, fragment or credentials make it not an origin (null).
 */
export function normalizeOrigin(value: string): string | null {
  const text = value.trim();
  // A bare authority after the scheme: `https://host/.`, `https://host\x` or a host with a line break in it would
  // parse to the same origin (the URL parser drops or rewrites them) but are not what was typed.
  if (!/^https?:\/\/[^/\\?#@\s\u0000-\u001F\u007F]+\/?$/i.test(text)) return null;
  try {
    return new URL(text).origin;
  } catch {
    return null;
  }
}

/** An origin in a request body: normalised on input, so what is stored is what a browser sends. */
export const Origin = z
  .string()
  .max(300)
  .transform((value, ctx) => {
    const origin = normalizeOrigin(value);
    if (origin === null) {
      ctx.addIssue({ code: 'custom', message: ORIGIN_HINT });
      return z.NEVER;
    }
    return origin;
  })
  .openapi({ type: 'string', example: 'https://pms.example', description: 'Normalised as browsers send it: lowercase scheme and host, no default port, no path.' });
