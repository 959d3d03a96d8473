/** The service's own pages send a Content-Security-Policy that allows exactly their own inline blocks and nothing inline else. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_KEY, seedDemo } from '../src/demo/seed.js';
import devMail from '../src/demo/dev-mail.js';
import devWebhooks from '../src/demo/dev-webhooks.js';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';

/** /docs has a policy of its own (below): its renderer builds styles at run time. */
const PAGES = ['/', '/invitations/accept?token=x', '/dev/mail', '/dev/webhooks'];

describe('page policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite', {
      env: { RESELLERKIT_ADMIN_KEY: DEMO_ADMIN_KEY, NODE_ENV: 'development' },
      extend: (app) => {
        app.route('/', devMail);
        app.route('/', devWebhooks);
      },
    });
    await seedDemo(h.services.ctx);
  });
  afterAll(() => h.close());

  it.each(PAGES)('%s allows its inline scripts and styles by hash, and nothing unsafe', async (path) => {
    const res = await h.app.request(path);
    expect(res.status).toBe(200);
    const policy = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(policy.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(directives.get('trusted-types')).toEqual(['lit-html']);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const html = await res.text();
    const inline = [...html.matchAll(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1>/g)].filter((m) => !/\ssrc=/.test(m[2]!));
    expect(inline.length).toBeGreaterThan(0);
    for (const [, tag, , body] of inline) {
      const digest = `'sha256-${createHash('sha256').update(body!).digest('base64')}'`;
      expect(directives.get(`${tag}-src`), `${path}: a ${tag} block`).toContain(digest);
    }
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it('/docs allows scripts and connections from this origin only, and styles made at run time', async () => {
    const res = await h.app.request('/docs');
    const policy = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(policy.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    const [self, ...hashes] = directives.get('script-src')!;
    expect(self).toBe("'self'");
    expect(hashes.every((h) => /^'sha256-/.test(h))).toBe(true);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(await res.text()).toMatch(/<script src="\/docs\/scalar\.js"><\/script>/);
  });

  it('leaves JSON and the widget bundle alone', async () => {
    expect((await h.app.request('/healthz')).headers.get('content-security-policy')).toBeNull();
    expect((await h.app.request('/widget.js')).headers.get('content-security-policy')).toBeNull();
  });
});
