/**
 * @module A Content-Security-Policy for the service's own HTML pages (start page, API reference, invitation page, dev
 * pages): scripts and styles only from this origin or as the exact inline blocks the page carries (by hash), no
 * plugins, frames or foreign connections, and Trusted Types with the one policy the widget's Lit creates (`lit-html`).
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

const INLINE = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface PagePolicyOptions {
  /** Styles a script adds at run time are allowed (`'unsafe-inline'` for styles only): the API reference's renderer. */
  runtimeStyles?: boolean;
  /** Trusted Types with Lit's policy (default on). */
  trustedTypes?: boolean;
  /** Frames from this origin may be embedded (`frame-src 'self'`): the dev mailbox shows each mail's HTML in one. */
  sameOriginFrames?: boolean;
}

/** The policy for one page: its inline `<script>` and `<style>` blocks are allowed by hash, nothing else inline. */
export function pagePolicy(html: string, opts: PagePolicyOptions = {}): string {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const [, tag, attributes, body] of html.matchAll(INLINE)) {
    if (/\ssrc\s*=/i.test(attributes!)) continue;
    (tag!.toLowerCase() === 'script' ? scripts : styles).add(hash(body!));
  }
  return [
    "default-src 'none'",
    `script-src 'self' ${[...scripts].join(' ')}`.trim(),
    // With a hash in the list browsers ignore 'unsafe-inline', so run-time styles mean no hashes.
    opts.runtimeStyles ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' ${[...styles].join(' ')}`.trim(),
    "img-src 'self' data:",
    "connect-src 'self'",
    ...(opts.sameOriginFrames ? ["frame-src 'self'"] : []),
    // The review element opens signed agreements as blob: PDFs in a new tab; that document inherits this policy.
    'object-src blob:',
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    ...(opts.trustedTypes === false ? [] : ["require-trusted-types-for 'script'", 'trusted-types lit-html']),
  ].join('; ');
}

/** Adds the page policy to every HTML answer that has none; JSON, the widget bundle and files pass untouched. */
export function pageSecurity(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (!type.startsWith('text/html') || c.res.headers.has('content-security-policy')) return;
    const html = await c.res.clone().text();
    c.res.headers.set('content-security-policy', pagePolicy(html));
  };
}
