import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ResellerKit } from './client.js';
import { ResellerKitError, WebhookVerificationError } from './errors.js';
import type { WebhookEvent } from './types.js';
import { signWebhook, verifyWebhook } from './webhooks.js';

const secretBytes = randomBytes(32);
const SECRET = `whsec_${secretBytes.toString('base64')}`;
const OLD_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const ID = 'msg_2Kq8';
const BODY = JSON.stringify({ type: 'order.approved', timestamp: '2026-11-26T10:00:00.000Z', data: { id: 'ord_1', status: 'approved' } });
const now = () => Math.floor(Date.now() / 1000);

async function ed25519() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: `whpk_${Buffer.from(raw).toString('base64')}` };
}

/** Headers as the server sends them, HMAC computed independently with node:crypto. */
function nodeSigned(body: string, secret: Buffer, timestamp = now(), id = ID) {
  const sig = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${sig}` };
}

describe('verifyWebhook', () => {
  it('accepts a good v1 signature and returns the typed event', async () => {
    const event = await verifyWebhook(BODY, nodeSigned(BODY, secretBytes), SECRET);
    expect(event.type).toBe('order.approved');
    if (event.type === 'order.approved') expect(event.data.id).toBe('ord_1');
  });

  it('accepts bytes, a Headers object, svix-* aliases and mixed-case header names', async () => {
    const h = nodeSigned(BODY, secretBytes);
    await expect(verifyWebhook(new TextEncoder().encode(BODY), new Headers(h), SECRET)).resolves.toMatchObject({ type: 'order.approved' });
    await expect(verifyWebhook(Buffer.from(BODY), h, SECRET)).resolves.toMatchObject({ type: 'order.approved' });
    const svix = { 'svix-id': h['webhook-id'], 'svix-timestamp': h['webhook-timestamp'], 'svix-signature': h['webhook-signature'] };
    await expect(verifyWebhook(BODY, svix, SECRET)).resolves.toMatchObject({ type: 'order.approved' });
    const cased = { 'Webhook-Id': h['webhook-id'], 'Webhook-Timestamp': h['webhook-timestamp'], 'Webhook-Signature': [h['webhook-signature']] };
    await expect(verifyWebhook(BODY, cased, SECRET)).resolves.toMatchObject({ type: 'order.approved' });
  });

  it('accepts a good v1a Ed25519 signature with the public key', async () => {
    const { privateKey, publicKey } = await ed25519();
    const headers = await signWebhook({ id: ID, body: BODY, secret: SECRET, privateKey });
    const onlyV1a = { ...headers, 'webhook-signature': headers['webhook-signature'].split(' ')[1]! };
    expect(onlyV1a['webhook-signature']).toMatch(/^v1a,/);
    await expect(verifyWebhook(BODY, onlyV1a, publicKey)).resolves.toMatchObject({ type: 'order.approved' });
    await expect(verifyWebhook(BODY, onlyV1a, { publicKey })).resolves.toMatchObject({ type: 'order.approved' });
    // The v1 signature alone does not satisfy a public key, nor v1a a secret.
    await expect(verifyWebhook(BODY, onlyV1a, SECRET)).rejects.toBeInstanceOf(WebhookVerificationError);
    const other = await ed25519();
    await expect(verifyWebhook(BODY, onlyV1a, other.publicKey)).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(verifyWebhook(`${BODY} `, onlyV1a, publicKey)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('refuses a tampered body', async () => {
    const tampered = BODY.replace('ord_1', 'ord_2');
    await expect(verifyWebhook(tampered, nodeSigned(BODY, secretBytes), SECRET)).rejects.toThrow(/No matching webhook signature/);
  });

  it('refuses a re-serialised body (the raw-body pitfall)', async () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    await expect(verifyWebhook(pretty, nodeSigned(BODY, secretBytes), SECRET)).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(verifyWebhook(JSON.parse(BODY) as string, nodeSigned(BODY, secretBytes), SECRET)).rejects.toThrow(/raw request body/);
  });

  it('refuses truncated, empty and unknown-version signatures', async () => {
    const h = nodeSigned(BODY, secretBytes);
    const sig = h['webhook-signature'].slice(3);
    for (const bad of ['v1,Zm9v', 'v1,', `v1,${sig.slice(0, 20)}`, `v2,${sig}`, sig, 'v1,not base64!']) {
      await expect(verifyWebhook(BODY, { ...h, 'webhook-signature': bad }, SECRET), bad).rejects.toBeInstanceOf(WebhookVerificationError);
    }
  });

  it('refuses a wrong secret', async () => {
    await expect(verifyWebhook(BODY, nodeSigned(BODY, secretBytes), OLD_SECRET)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('refuses a signed id or timestamp that was swapped', async () => {
    const h = nodeSigned(BODY, secretBytes);
    await expect(verifyWebhook(BODY, { ...h, 'webhook-id': 'msg_other' }, SECRET)).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(verifyWebhook(BODY, { ...h, 'webhook-timestamp': String(now() - 1) }, SECRET)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('refuses a timestamp more than 5 minutes old, accepts one just inside', async () => {
    await expect(verifyWebhook(BODY, nodeSigned(BODY, secretBytes, now() - 301), SECRET)).rejects.toThrow(/too old/);
    await expect(verifyWebhook(BODY, nodeSigned(BODY, secretBytes, now() - 290), SECRET)).resolves.toBeTruthy();
  });

  it('refuses a timestamp more than 5 minutes ahead, accepts one just inside', async () => {
    await expect(verifyWebhook(BODY, nodeSigned(BODY, secretBytes, now() + 301), SECRET)).rejects.toThrow(/future/);
    await expect(verifyWebhook(BODY, nodeSigned(BODY, secretBytes, now() + 290), SECRET)).resolves.toBeTruthy();
  });

  it('takes tolerance and clock from options', async () => {
    const ts = 1_700_000_000;
    const h = nodeSigned(BODY, secretBytes, ts);
    await expect(verifyWebhook(BODY, h, SECRET, { now: new Date((ts + 30) * 1000) })).resolves.toBeTruthy();
    await expect(verifyWebhook(BODY, h, SECRET, { now: (ts + 30) * 1000, toleranceSeconds: 10 })).rejects.toThrow(/too old/);
  });

  it('passes when any one of several signatures matches (rotation grace period)', async () => {
    const ts = now();
    const oldSig = nodeSigned(BODY, Buffer.from(OLD_SECRET.slice(6), 'base64'), ts)['webhook-signature'];
    const newSig = nodeSigned(BODY, secretBytes, ts)['webhook-signature'];
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,Zm9v ${oldSig} v2,junk ${newSig}` };
    await expect(verifyWebhook(BODY, headers, SECRET)).resolves.toBeTruthy();
    await expect(verifyWebhook(BODY, headers, OLD_SECRET)).resolves.toBeTruthy();
    await expect(verifyWebhook(BODY, { ...headers, 'webhook-signature': oldSig }, SECRET)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)('refuses a delivery without %s', async (name) => {
    const h: Record<string, string> = nodeSigned(BODY, secretBytes);
    delete h[name];
    await expect(verifyWebhook(BODY, h, SECRET)).rejects.toThrow(/Missing/);
  });

  it('refuses a non-numeric timestamp, a bad secret and a signed non-event', async () => {
    await expect(verifyWebhook(BODY, { ...nodeSigned(BODY, secretBytes), 'webhook-timestamp': '1e9' }, SECRET)).rejects.toThrow(/Invalid webhook-timestamp/);
    await expect(verifyWebhook(BODY, nodeSigned(BODY, secretBytes), 'whsec_***')).rejects.toThrow(/base64/);
    await expect(verifyWebhook(BODY, nodeSigned(BODY, secretBytes), {})).rejects.toThrow(/No webhook secret/);
    await expect(verifyWebhook('[1]', nodeSigned('[1]', secretBytes), SECRET)).rejects.toThrow(/no event type/);
    await expect(verifyWebhook('nope', nodeSigned('nope', secretBytes), SECRET)).rejects.toThrow(/not JSON/);
  });

  it('refuses a missing secret or headers with WebhookVerificationError, never a TypeError (an unset environment variable)', async () => {
    const h = nodeSigned(BODY, secretBytes);
    for (const secret of [undefined, null, '', {}, { secret: '' }, { publicKey: undefined }, 42]) {
      const err = await verifyWebhook(BODY, h, secret as never).catch((e: unknown) => e);
      expect(err, JSON.stringify(secret)).toBeInstanceOf(WebhookVerificationError);
      expect((err as Error).message).toBe('No webhook secret or public key given.');
    }
    for (const headers of [undefined, null, 'webhook-id: x']) {
      await expect(verifyWebhook(BODY, headers as never, SECRET)).rejects.toBeInstanceOf(WebhookVerificationError);
    }
    await expect(new ResellerKit({ apiKey: 'rk_test' }).webhooks.verify(BODY, h, process.env.RESELLERKIT_UNSET_SECRET as never)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('throws WebhookVerificationError, a ResellerKitError', async () => {
    const err = await verifyWebhook(BODY, {}, SECRET).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect(err).toBeInstanceOf(ResellerKitError);
  });
});

describe('signWebhook', () => {
  it('matches an HMAC computed independently with node:crypto', async () => {
    const ts = 1_764_000_000;
    const headers = await signWebhook({ id: ID, timestamp: ts, body: BODY, secret: SECRET });
    expect(headers).toEqual(nodeSigned(BODY, secretBytes, ts));
    const fromDate = await signWebhook({ id: ID, timestamp: new Date(ts * 1000 + 999), body: new TextEncoder().encode(BODY), secret: SECRET });
    expect(fromDate).toEqual(headers);
  });

  it('round-trips through verify, also from the client and with several secrets', async () => {
    const rk = new ResellerKit({ apiKey: 'rk_test' });
    const headers = await rk.webhooks.sign({ id: ID, body: BODY, secret: [OLD_SECRET, SECRET] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(Math.abs(Number(headers['webhook-timestamp']) - now())).toBeLessThanOrEqual(1);
    const event: WebhookEvent = await rk.webhooks.verify(BODY, headers, SECRET);
    expect(event).toEqual(JSON.parse(BODY));
    await expect(rk.webhooks.verify(BODY, headers, OLD_SECRET)).resolves.toEqual(JSON.parse(BODY));
  });

  it('accepts a base64url secret as well', async () => {
    const url = `whsec_${secretBytes.toString('base64url')}`;
    const headers = await signWebhook({ id: ID, body: BODY, secret: url });
    await expect(verifyWebhook(BODY, headers, SECRET)).resolves.toBeTruthy();
  });
});

// Interoperability with the public `standardwebhooks` package, which the server's tests also use.
const standard = await import('standardwebhooks').catch(() => undefined);

describe.skipIf(!standard)('interop with standardwebhooks', () => {
  it('verifies what standardwebhooks signs, and it verifies what we sign', async () => {
    const wh = new standard!.Webhook(SECRET);
    const date = new Date();
    const signature = wh.sign(ID, date, BODY);
    const theirs = { 'webhook-id': ID, 'webhook-timestamp': String(Math.floor(date.getTime() / 1000)), 'webhook-signature': signature };
    await expect(verifyWebhook(BODY, theirs, SECRET)).resolves.toEqual(JSON.parse(BODY));
    const ours = await signWebhook({ id: ID, timestamp: date, body: BODY, secret: SECRET });
    expect(wh.verify(BODY, ours)).toEqual(JSON.parse(BODY));
  });
});
