/** @module One HTTP POST to a receiver: keep-alive agents with the SSRF-guarded lookup, a hard timeout, no redirects. */
import http from 'node:http';
import https from 'node:https';
import { ForbiddenAddressError, guardedLookup, isForbiddenAddress, literalAddress } from '../ssrf.js';

export const MAX_LOGGED_BODY = 1024;
/** Read at most this much of a response: enough for the log, small enough that a hostile receiver cannot flood us. */
const MAX_READ = 64 * 1024;

export interface SendResult {
  statusCode: number | null;
  /** The first KB of the response, for the attempt log. */
  body: string | null;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
}

export interface Transport {
  post(url: string, headers: Record<string, string>, body: string): Promise<SendResult>;
  close(): void;
}

export function createTransport(opts: { allowPrivate: boolean; timeoutMs: number; maxSockets?: number }): Transport {
  const lookup = guardedLookup(opts.allowPrivate) as unknown as http.AgentOptions['lookup'];
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 256, lookup };
  const agents = { 'http:': new http.Agent(agentOpts), 'https:': new https.Agent(agentOpts) };

  function post(raw: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
    const fail = (error: string) => done({ statusCode: null, body: null, retryAfter: null, error });
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return Promise.resolve(fail('invalid url'));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.resolve(fail(`refused: ${url.protocol} is not http(s)`));
    // Node skips `lookup` for IP literals, so they are checked here.
    const ip = literalAddress(url.hostname);
    if (ip && !opts.allowPrivate && isForbiddenAddress(ip)) return Promise.resolve(fail(new ForbiddenAddressError(url.hostname, ip).message));

    return new Promise((resolve) => {
      const payload = Buffer.from(body);
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length), 'user-agent': 'resellerkit-webhooks/1' },
      });
      const timer = setTimeout(() => req.destroy(new Error(`timeout after ${opts.timeoutMs} ms`)), opts.timeoutMs);
      let settled = false;
      const finish = (r: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      req.on('error', (e) => finish(fail(e.message)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_READ) chunks.push(c);
          size += c.length;
          if (size > MAX_READ) res.destroy(); // do not wait for an endless body; the socket is dropped, not reused
        });
        const end = () => {
          const text = Buffer.concat(chunks).subarray(0, MAX_LOGGED_BODY).toString('utf8');
          const retryAfter = res.headers['retry-after'];
          finish(done({ statusCode: res.statusCode ?? null, body: text, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, error: null }));
        };
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      });
      req.end(payload);
    });
  }

  return {
    post,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
