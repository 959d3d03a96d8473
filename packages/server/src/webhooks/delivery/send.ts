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

/** Where a URL sends, worked out once per URL: the request options, or why it is refused. */
type Target = { options: http.RequestOptions; https: boolean } | { refused: string };

/** Endpoint URLs a transport keeps worked out; a worker sends to few, and the oldest leaves first. */
const MAX_TARGETS = 1000;

export function createTransport(opts: { allowPrivate: boolean; timeoutMs: number; maxSockets?: number }): Transport {
  const lookup = guardedLookup(opts.allowPrivate) as unknown as http.AgentOptions['lookup'];
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 256, lookup };
  const agents = { 'http:': new http.Agent(agentOpts), 'https:': new https.Agent(agentOpts) };
  // Parsing the URL, checking a literal address and turning the URL into request options is the same work on every
  // delivery to an endpoint: done once per URL (the address check depends only on the URL and allowPrivate).
  const targets = new Map<string, Target>();

  function target(raw: string): Target {
    let t = targets.get(raw);
    if (t) return t;
    t = resolveTarget(raw, opts.allowPrivate, agents);
    if (targets.size >= MAX_TARGETS) targets.delete(targets.keys().next().value!);
    targets.set(raw, t);
    return t;
  }

  return {
    post(raw, headers, body) {
      const started = performance.now();
      const t = target(raw);
      if ('refused' in t) return Promise.resolve(failed(t.refused, started));
      return new Promise((resolve) => new Exchange(t, headers, body, opts.timeoutMs, started, resolve));
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function resolveTarget(raw: string, allowPrivate: boolean, agents: { 'http:': http.Agent; 'https:': https.Agent }): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: 'invalid url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refused: `refused: ${url.protocol} is not http(s)` };
  // Node skips `lookup` for IP literals, so they are checked here.
  const ip = literalAddress(url.hostname);
  if (ip && !allowPrivate && isForbiddenAddress(ip)) return { refused: new ForbiddenAddressError(url.hostname, ip).message };
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: http.RequestOptions = { protocol: url.protocol, hostname, port: url.port || undefined, path: `${url.pathname}${url.search}`, method: 'POST', agent: agents[url.protocol] };
  if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { options, https: url.protocol === 'https:' };
}

const failed = (error: string, started: number): SendResult => ({ statusCode: null, body: null, retryAfter: null, error, durationMs: Math.round(performance.now() - started) });

/**
 * One POST and its answer. A class rather than closures: the server runs under tsx, whose transform names every
 * closure assigned to a variable (a property definition per closure, per delivery); methods are named once.
 */
class Exchange {
  readonly #req: http.ClientRequest;
  readonly #timer: NodeJS.Timeout;
  readonly #started: number;
  readonly #resolve: (r: SendResult) => void;
  #settled = false;
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(t: { options: http.RequestOptions; https: boolean }, headers: Record<string, string>, body: string, timeoutMs: number, started: number, resolve: (r: SendResult) => void) {
    this.#started = started;
    this.#resolve = resolve;
    const payload = Buffer.from(body);
    const req = (t.https ? https : http).request({ ...t.options, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length), 'user-agent': 'resellerkit-webhooks/1' } });
    this.#req = req;
    this.#timer = setTimeout(() => req.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => this.#finish(failed(e.message, this.#started)));
    req.on('response', (res) => this.#onResponse(res));
    req.end(payload);
  }

  #onResponse(res: http.IncomingMessage): void {
    res.on('data', (c: Buffer) => {
      if (this.#size < MAX_READ) this.#chunks.push(c);
      this.#size += c.length;
      if (this.#size > MAX_READ) res.destroy(); // do not wait for an endless body; the socket is dropped, not reused
    });
    res.on('end', () => this.#answered(res));
    res.on('close', () => this.#answered(res));
    res.on('error', () => this.#answered(res));
  }

  #answered(res: http.IncomingMessage): void {
    if (this.#settled) return;
    const text = this.#chunks.length === 0 ? '' : Buffer.concat(this.#chunks).subarray(0, MAX_LOGGED_BODY).toString('utf8');
    const retryAfter = res.headers['retry-after'];
    this.#finish({ statusCode: res.statusCode ?? null, body: text, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, error: null, durationMs: Math.round(performance.now() - this.#started) });
  }

  #finish(r: SendResult): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#resolve(r);
  }
}
