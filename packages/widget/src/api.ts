/**
 * @module A tiny fetch client: bearer session from the host's fetchSession, refreshed before expiry, one retry on 401.
 *
 * Swapping the session source (`reset()`, a user change on the host page) starts a new epoch: calls from before it are
 * aborted, and a token that arrives for an old epoch is thrown away, so no request ever leaves with the previous
 * user's token. Any failure, a synchronous throw of fetchSession included, can be retried.
 */
import type { ApiErrorBody, ErrorCode, FetchSession, Page, WidgetSession } from './types.js';

/** Refresh this long before the token expires, so a request never leaves with a token about to die. */
const REFRESH_MARGIN_MS = 60_000;

/** A failed call: the server's `error` body, its HTTP status (0 when no answer came), and its stable `code`. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: ErrorCode | undefined;
  readonly issues: NonNullable<ApiErrorBody['issues']>;
  readonly requestId: string | undefined;
  constructor(status: number, body: Pick<ApiErrorBody, 'type' | 'message'> & Partial<ApiErrorBody>) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.type = body.type;
    this.code = body.code;
    this.issues = body.issues ?? [];
    this.requestId = body.requestId;
  }
}

/** A call from before the session source changed: its answer belongs to someone else, so nobody shows it. */
export const isStale = (e: unknown): boolean => e instanceof ApiError && e.type === 'stale';

function expiryOf(s: WidgetSession): number {
  if (typeof s.expiresAt === 'number') return s.expiresAt;
  if (typeof s.expiresAt === 'string') return Date.parse(s.expiresAt);
  try {
    const payload = s.token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: number }).exp;
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    /* not a JWT we can read: treat as short-lived */
  }
  return Date.now() + REFRESH_MARGIN_MS * 2;
}

/** A host's `fetchSession` may throw anything; an object with a string `code` (the API's error code) keeps it. */
function sessionError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  return new ApiError(0, { type: 'session_failed', message: e instanceof Error ? e.message : String(e), ...(typeof code === 'string' && { code: code as ErrorCode }) });
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body (file upload) sent with this content type instead of JSON. */
  raw?: Blob;
  contentType?: string;
  /** Abandons the call (a search overtaken by the next one): it fails as stale, reported by nobody. */
  signal?: AbortSignal;
  /** Return the response as a Blob (the agreement PDF, a statement file). */
  blob?: boolean;
  /** The Accept header of a Blob request; the agreement's PDF unless said. */
  accept?: string;
}

/** One session source's lifetime: its token, its shared refresh, and what aborts its calls. */
interface Epoch {
  session: { token: string; expires: number } | null;
  pending: Promise<string> | null;
  abort: AbortController;
}

export class Api {
  private epoch: Epoch = { session: null, pending: null, abort: new AbortController() };

  constructor(
    private readonly base: () => string,
    private readonly fetchSession: () => FetchSession | undefined,
  ) {}

  /** Forget the token and abandon every call in flight (the host swapped fetchSession or the user changed). */
  reset(): void {
    this.epoch.abort.abort();
    this.epoch = { session: null, pending: null, abort: new AbortController() };
  }

  private stale(epoch: Epoch): ApiError {
    return new ApiError(0, { type: 'stale', message: 'The session source changed while this call ran.' });
  }

  /** A usable token: the cached one unless it is near expiry or is the one the server just refused (`rejected`). */
  private token(epoch: Epoch, rejected?: string): Promise<string> {
    const s = epoch.session;
    if (s && s.token !== rejected && s.expires - Date.now() > REFRESH_MARGIN_MS) return Promise.resolve(s.token);
    // Concurrent requests share one refresh instead of minting a token each.
    if (epoch.pending) return epoch.pending;
    const pending = this.mint(epoch);
    epoch.pending = pending;
    // Cleared once settled, whether it failed or not, so the next call asks again.
    const clear = () => {
      if (epoch.pending === pending) epoch.pending = null;
    };
    pending.then(clear, clear);
    return pending;
  }

  private async mint(epoch: Epoch): Promise<string> {
    const fetchSession = this.fetchSession();
    if (!fetchSession) throw new ApiError(0, { type: 'no_session', message: 'fetchSession is not set on the element.' });
    let s: WidgetSession;
    try {
      s = await fetchSession();
    } catch (e) {
      throw epoch === this.epoch ? sessionError(e) : this.stale(epoch);
    }
    if (epoch !== this.epoch) throw this.stale(epoch);
    if (!s || typeof s.token !== 'string') throw sessionError(new Error('fetchSession returned no token'));
    epoch.session = { token: s.token, expires: expiryOf(s) };
    return s.token;
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const epoch = this.epoch;
    const send = async (token: string) => {
      if (epoch !== this.epoch) throw this.stale(epoch);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: opts.blob ? (opts.accept ?? 'application/pdf') : 'application/json' };
      let body: BodyInit | undefined;
      if (opts.raw) {
        body = opts.raw;
        headers['content-type'] = opts.contentType ?? 'application/octet-stream';
      } else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      try {
        return await fetch(this.base().replace(/\/$/, '') + path, { method, headers, body, mode: 'cors', credentials: 'omit', signal: opts.signal ?? epoch.abort.signal });
      } catch (e) {
        if (epoch !== this.epoch || opts.signal?.aborted) throw this.stale(epoch);
        throw new ApiError(0, { type: 'network', message: e instanceof Error ? e.message : String(e) });
      }
    };
    const token = await this.token(epoch);
    let res = await send(token);
    // Once only: a second 401 with a fresh token is a real refusal (wrong origin, revoked reseller), shown as such.
    if (res.status === 401) res = await send(await this.token(epoch, token));
    if (!res.ok) {
      let body: ApiErrorBody = { type: 'http_error', message: `HTTP ${res.status}`, requestId: '' };
      try {
        const parsed = (await res.json()) as { error?: ApiErrorBody };
        if (parsed.error?.message) body = parsed.error;
      } catch {
        /* no JSON body: keep the status line */
      }
      throw new ApiError(res.status, body);
    }
    const out = opts.blob ? await res.blob() : res.status === 204 ? undefined : await res.json();
    if (epoch !== this.epoch || opts.signal?.aborted) throw this.stale(epoch);
    return out as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {} });
  }

  /** Every page of a list endpoint. */
  async all<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep: string = path.includes('?') ? '&' : '?';
      const page: Page<T> = await this.request<Page<T>>('GET', `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { signal });
      out.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
