import { spawnSync } from 'node:child_process';
import { SERVER_CLI, tsNode } from '@resellerkit/dev-env/processes';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_RETRY_SCHEDULE, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 8787, DATABASE_URL: './data/resellerkit.db', PUBLIC_URL: 'http://localhost:8787', RATE_LIMIT: 6000, WEBHOOK_ALLOW_PRIVATE: false });
    expect(c.WEBHOOK_RETRY_SCHEDULE).toEqual(DEFAULT_RETRY_SCHEDULE);
    expect(c).toMatchObject({ TRUST_PROXY: 0, AUTH_FAILURE_LIMIT: 20, LOGIN_ATTEMPT_LIMIT: 10 });
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ RATE_LIMIT: '-1' }, 'RATE_LIMIT'],
    [{ WEBHOOK_RETRY_SCHEDULE: '5,soon' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_ALLOW_PRIVATE: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE'],
    [{ RESELLERKIT_ADMIN_KEY: 'short' }, 'RESELLERKIT_ADMIN_KEY'],
    [{ RESELLERKIT_SECRET_KEY: 'not-32-bytes' }, 'RESELLERKIT_SECRET_KEY'],
    [{ RESELLERKIT_SECRET_KEY: Buffer.alloc(31).toString('base64') }, 'RESELLERKIT_SECRET_KEY'],
    [{ RESELLERKIT_SECRET_KEY_PREVIOUS: `${Buffer.alloc(32, 1).toString('base64')},nope` }, 'RESELLERKIT_SECRET_KEY_PREVIOUS'],
    [{ NODE_ENV: 'production' }, 'RESELLERKIT_SECRET_KEY'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '1.5' }, 'TRUST_PROXY'],
    [{ LOGIN_ATTEMPT_LIMIT: '-1' }, 'LOGIN_ATTEMPT_LIMIT'],
    [{ RETENTION_EVENT_DAYS: '-1' }, 'RETENTION_EVENT_DAYS'],
    [{ RETENTION_ATTEMPT_DAYS: 'month' }, 'RETENTION_ATTEMPT_DAYS'],
    [{ RETENTION_EMAIL_DAYS: '3651' }, 'RETENTION_EMAIL_DAYS'],
    [{ RETENTION_BATCH: '0' }, 'RETENTION_BATCH'],
    [{ RETENTION_MAX_BATCHES: '0' }, 'RETENTION_MAX_BATCHES'],
    [{ VENDOR_NAME: 'Planima\nBcc: x@evil.example' }, 'VENDOR_NAME'],
    [{ VENDOR_LOGO_URL: 'http://vendor.example/logo.png' }, 'VENDOR_LOGO_URL'],
    [{ VENDOR_LOGO_URL: 'logo.png' }, 'VENDOR_LOGO_URL'],
    [{ VENDOR_COLOR: 'blue' }, 'VENDOR_COLOR'],
    [{ VENDOR_COLOR: '#fff' }, 'VENDOR_COLOR'],
  ])('refuses %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^\\s+${name}:`, 'm'));
  });

  it('takes the branding of the e-mails, the optional parts absent when unset', () => {
    expect(loadConfig({ VENDOR_NAME: 'Acme', VENDOR_LOGO_URL: 'https://cdn.acme.example/logo.png', VENDOR_COLOR: '#FFCC00' })).toMatchObject({
      VENDOR_NAME: 'Acme',
      VENDOR_LOGO_URL: 'https://cdn.acme.example/logo.png',
      VENDOR_COLOR: '#ffcc00',
    });
    const plain = loadConfig({ VENDOR_LOGO_URL: '', VENDOR_COLOR: '' });
    expect([plain.VENDOR_LOGO_URL, plain.VENDOR_COLOR]).toEqual([undefined, undefined]);
  });

  it('stops the CLI at start naming a bad branding variable', () => {
    const res = spawnSync(process.execPath, [...tsNode(SERVER_CLI), 'serve'], { env: { ...process.env, VENDOR_COLOR: 'red' }, encoding: 'utf8', timeout: 30_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("VENDOR_COLOR: must be a colour written #rrggbb, e.g. #1f5f8b, got 'red'");
  });

  it('takes a secret key of 32 bytes in base64, and earlier ones beside it', () => {
    const [a, b] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const c = loadConfig({ NODE_ENV: 'production', RESELLERKIT_SECRET_KEY: a.toString('base64'), RESELLERKIT_SECRET_KEY_PREVIOUS: ` ${b.toString('base64url')} ,` });
    expect(c.RESELLERKIT_SECRET_KEY).toEqual(a);
    expect(c.RESELLERKIT_SECRET_KEY_PREVIOUS).toEqual([b]);
    expect(loadConfig({}).RESELLERKIT_SECRET_KEY).toBeUndefined();
  });

  it('stops the CLI at start with the message and a non-zero exit', () => {
    const res = spawnSync(process.execPath, [...tsNode(SERVER_CLI), 'serve'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8', timeout: 30_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT: must be an integer');
  });

  it('prints help for every command', () => {
    const res = spawnSync(process.execPath, [...tsNode(SERVER_CLI), 'create-api-key', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('--reseller');
  });
});
