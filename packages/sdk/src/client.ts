/** @module The ResellerKit client: owns transport, auth, retries with backoff, timeouts and idempotency keys. */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ResellerKitError,
  retryAfterMs,
} from './errors.js';
import { Page, PagePromise } from './pagination.js';
import { Admin } from './resources/admin.js';
import { Customers } from './resources/customers.js';
import { Events } from './resources/events.js';
import { Invitations } from './resources/invitations.js';
import { Licences } from './resources/licences.js';
import { Orders } from './resources/orders.js';
import { Organizations } from './resources/organizations.js';
import { Revenue } from './resources/revenue.js';
import { Trials } from './resources/trials.js';
import { WebhookDeliveries, WebhookEndpoints } from './resources/webhook-endpoints.js';
import { WidgetSessions } from './resources/widget-sessions.js';
import type { ListResponse } from './types.js';
import { VERSION } from './version.js';
import { Webhooks } from './webhooks.js';

export interface ClientOptions {
  /** A reseller key (`rk_…`) or the vendor admin key. Defaults to `RESELLERKIT_API_KEY` where an environment exists. */
  apiKey?: string;
  /** Defaults to `RESELLERKIT_BASE_URL`, then `http://localhost:8787`. */
  baseUrl?: string;
  /** Retries after the first attempt (default 2); `0` turns retries off. */
  maxRetries?: number;
  /**
   * Milliseconds per attempt, until the whole response body is read (default 30 000). `0` or `Infinity` means no
   * timeout; longer than 2^31 − 1 ms (about 24.8 days, what timers can hold) is held to that.
   */
  timeout?: number;
  /** A `fetch` implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Headers sent on every request. */
  defaultHeaders?: Record<string, string>;
}

/** Per-request overrides; the last argument of every resource method. */
export interface RequestOptions {
  maxRetries?: number;
  /** As the client's `timeout`: milliseconds per attempt, `0` or `Infinity` for none. */
  timeout?: number;
  /** Replaces the generated `Idempotency-Key` (POST); sent as given on other methods too. */
  idempotencyKey?: string;
  /** Aborts the request at once, also while it waits to retry (an aborted request is never retried). */
  signal?: AbortSignal;
  /** Extra headers; `null` removes a default one. */
  headers?: Record<string, string | null | undefined>;
}

export type HTTPMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** Everything one logical request needs; resources build these. */
export interface APIRequest {
  method: HTTPMethod;
  path: string;
  query?: object | undefined;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is with its content type (agreement PDF, plan import). Must be re-readable for retries. */
  binary?: { data: Uint8Array | ArrayBuffer | Blob; contentType: string };
  /**
   * How to read a 2xx answer: JSON (the default, `undefined` when empty), the bytes, or UTF-8 text with a byte-order
   * mark kept (a CSV file written back out is then the file the server sent).
   */
  responseType?: 'json' | 'arrayBuffer' | 'text';
}

export const DEFAULT_BASE_URL = 'http://localhost:8787';
const INITIAL_RETRY_DELAY = 500;
const MAX_RETRY_DELAY = 8_000;
/**
 * The longest `Retry-After` the client waits out. A server asking for longer means "not now": the request fails at once
 * with the answer's error (`retryAfterMs` says when to come back) instead of blocking the caller that long, or coming
 * back early against the server's word.
 */
const MAX_RETRY_AFTER = 60_000;
/** The longest delay `setTimeout` holds; beyond it, timers fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ResellerKit {
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly timeout: number;
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;
  readonly #defaultHeaders: Record<string, string>;

  readonly organizations = new Organizations(this);
  readonly trials = new Trials(this);
  readonly orders = new Orders(this);
  readonly licences = new Licences(this);
  readonly customers = new Customers(this);
  readonly revenue = new Revenue(this);
  readonly events = new Events(this);
  readonly webhookEndpoints = new WebhookEndpoints(this);
  readonly webhookDeliveries = new WebhookDeliveries(this);
  readonly widgetSessions = new WidgetSessions(this);
  readonly invitations = new Invitations(this);
  /** Vendor endpoints; need the admin key. */
  readonly admin = new Admin(this);
  /** Webhook signature verification and signing (also exported as `verifyWebhook` / `signWebhook`). */
  readonly webhooks = new Webhooks();

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? env('RESELLERKIT_API_KEY');
    if (!apiKey) {
      throw new ResellerKitError(
        'Missing API key: pass `new ResellerKit({ apiKey })` or set RESELLERKIT_API_KEY.',
      );
    }
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new ResellerKitError('No fetch implementation: pass `fetch` in the options.');
    }
    this.#apiKey = apiKey;
    // Called as a plain function: a browser's fetch called as a method of another object throws "Illegal invocation".
    this.#fetch = (input, init) => fetchImpl(input, init);
    this.baseUrl = (options.baseUrl ?? env('RESELLERKIT_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.maxRetries = options.maxRetries ?? 2;
    this.timeout = checkTimeout(options.timeout ?? 30_000);
    this.#defaultHeaders = options.defaultHeaders ?? {};
  }

  get<T>(path: string, query?: object, options?: RequestOptions): Promise<T> {
    return this.request<T>({ method: 'GET', path, query }, options);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>({ method: 'POST', path, body }, options);
  }
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>({ method: 'PUT', path, body }, options);
  }
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>({ method: 'PATCH', path, body }, options);
  }
  delete<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>({ method: 'DELETE', path }, options);
  }

  /**
   * A list endpoint: await it for the first page, `for await` it for every item. `cursorParam` names
   * the query parameter that carries `nextCursor` (the event feed calls it `after`).
   */
  getList<T>(path: string, query: object = {}, options?: RequestOptions, cursorParam = 'cursor'): PagePromise<T> {
    const fetchPage = async (cursor?: string): Promise<Page<T>> => {
      const q = cursor === undefined ? query : { ...query, [cursorParam]: cursor };
      const body = await this.request<ListResponse<T>>({ method: 'GET', path, query: q }, options);
      return new Page<T>(body, fetchPage);
    };
    return new PagePromise<T>(() => fetchPage());
  }

  /** Sends one logical request, retrying it as configured. */
  async request<T>(req: APIRequest, options: RequestOptions = {}): Promise<T> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout === undefined ? this.timeout : checkTimeout(options.timeout);
    const idempotencyKey =
      options.idempotencyKey ?? (req.method === 'POST' ? globalThis.crypto.randomUUID() : undefined);
    const url = this.buildUrl(req.path, req.query);
    const headers = this.buildHeaders(req, options, idempotencyKey);
    const body = req.binary
      ? (req.binary.data as BodyInit)
      : req.body === undefined
        ? undefined
        : JSON.stringify(req.body);

    const signal = options.signal;
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = attempt < maxRetries;
      let result: { response: Response; data: unknown };
      try {
        result = await this.#attempt(url, { method: req.method, headers, body }, req, timeout, signal);
      } catch (err) {
        if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: err });
        if (retriesLeft) {
          await this.#wait(this.retryDelay(attempt), signal);
          continue;
        }
        if (err instanceof TimeoutMarker) throw new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`);
        throw new APIConnectionError(`Connection error: ${errorMessage(err)}`, { cause: err });
      }

      const { response, data } = result;
      if (response.ok) return data as T;
      if (retriesLeft && shouldRetry(response.status, data) && !waitTooLong(response.headers)) {
        await this.#wait(this.retryDelay(attempt, response.headers), signal);
        continue;
      }
      throw APIError.generate(response.status, data, response.headers);
    }
  }

  /** The backoff before a retry, cut short by an abort (which then ends the request). */
  async #wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    await this.sleep(ms, signal);
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
  }

  /** One attempt: fetch and read the whole body, all within `timeout`. */
  async #attempt(
    url: string,
    init: RequestInit,
    req: APIRequest,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Response; data: unknown }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeout === Infinity
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeout);
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.#fetch(url, { ...init, signal: controller.signal });
      const data = response.ok && req.responseType ? await readAs(response, req.responseType) : await readBody(response);
      return { response, data };
    } catch (err) {
      throw timedOut ? new TimeoutMarker() : err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Milliseconds to wait before retry number `attempt + 1`. */
  protected retryDelay(attempt: number, headers?: Headers): number {
    const requested = retryAfterMs(headers);
    if (requested !== undefined && requested >= 0 && requested <= MAX_RETRY_AFTER) return requested;
    const base = Math.min(INITIAL_RETRY_DELAY * 2 ** attempt, MAX_RETRY_DELAY);
    // Jitter: up to a quarter less, so clients that failed together retry apart.
    return base * (1 - this.random() * 0.25);
  }

  /** Waits `ms`, or less when `signal` aborts (it resolves then; the caller looks at the signal). Overridable for tests. */
  protected sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, MAX_TIMER_MS));
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Overridable for tests. */
  protected random(): number {
    return Math.random();
  }

  protected buildUrl(path: string, query?: object): string {
    const url = this.baseUrl + path;
    if (!query) return url;
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      search.append(key, String(value));
    }
    const qs = search.toString();
    return qs ? `${url}?${qs}` : url;
  }

  protected buildHeaders(req: APIRequest, options: RequestOptions, idempotencyKey: string | undefined): Headers {
    const headers = new Headers({
      Accept: 'application/json',
      Authorization: `Bearer ${this.#apiKey}`,
      'X-ResellerKit-SDK': `resellerkit-js/${VERSION}`,
    });
    // Browsers do not let a page set User-Agent; elsewhere it helps the vendor's logs.
    if (typeof (globalThis as { document?: unknown }).document === 'undefined') {
      headers.set('User-Agent', `resellerkit-js/${VERSION}`);
    }
    if (req.binary) headers.set('Content-Type', req.binary.contentType);
    else if (req.body !== undefined) headers.set('Content-Type', 'application/json');
    if (idempotencyKey) headers.set('Idempotency-Key', idempotencyKey);
    for (const extra of [this.#defaultHeaders, options.headers ?? {}]) {
      for (const [name, value] of Object.entries(extra)) {
        if (value === null) headers.delete(name);
        else if (value !== undefined) headers.set(name, value);
      }
    }
    return headers;
  }
}

/** Thrown inside an attempt when our own timer aborted it. */
class TimeoutMarker extends Error {}

/**
 * Connection-level trouble, 408, 429 and 5xx are worth another try. A 409 is a state conflict, final, unless its type
 * says it is transient: the same Idempotency-Key still running on the server.
 */
function shouldRetry(status: number, body: unknown): boolean {
  if (status === 409) return errorType(body) === 'idempotency_in_progress';
  return status === 408 || status === 429 || status >= 500;
}

/** The server asked for a longer pause than the client waits out (see MAX_RETRY_AFTER). */
function waitTooLong(headers: Headers): boolean {
  const requested = retryAfterMs(headers);
  return requested !== undefined && requested > MAX_RETRY_AFTER;
}

function errorType(body: unknown): unknown {
  return (body as { error?: { type?: unknown } } | undefined)?.error?.type;
}

/** Milliseconds for a timer: 0 and Infinity mean none (Infinity), huge values the longest a timer holds. */
function checkTimeout(timeout: number): number {
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new ResellerKitError(`timeout must be a number of milliseconds, 0 or more (0 or Infinity: none); got ${String(timeout)}.`);
  }
  if (timeout === 0 || timeout === Infinity) return Infinity;
  return Math.min(timeout, MAX_TIMER_MS);
}

async function readAs(response: Response, type: 'json' | 'arrayBuffer' | 'text'): Promise<unknown> {
  if (type === 'json') return readBody(response);
  const bytes = await response.arrayBuffer();
  return type === 'arrayBuffer' ? bytes : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all (a proxy's error page): keep the text.
    }
  }
  return text;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return err.message + cause;
  }
  return String(err);
}

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value || undefined;
}
