/** @module A tiny fetch client: bearer session from the host's fetchSession, refreshed before expiry, one retry on 401. */
import type { FetchSession, Page, WidgetSession } from './types.js';

/** Refresh this long before the token expires, so a request never leaves with a token about to die. */
const REFRESH_MARGIN_MS = 60_000;

export interface ApiErrorBody {
  type: string;
  message: string;
  issues?: { path?: (string | number)[]; message: string }[];
  requestId?: string;
}

/** A failed call, carrying the server's own `error.message` to show the user. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly issues: NonNullable<ApiErrorBody['issues']>;
  readonly requestId: string | undefined;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.type = body.type;
    this.issues = body.issues ?? [];
    this.requestId = body.requestId;
  }
}

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

export interface RequestOptions {
  body?: unknown;
  /** A raw body (file upload) sent with this content type instead of JSON. */
  raw?: Blob;
  contentType?: string;
  /** Return the response as a Blob (the agreement PDF). */
  blob?: boolean;
}

export class Api {
  private session: { token: string; expires: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly base: () => string,
    private readonly fetchSession: () => FetchSession | undefined,
  ) {}

  /** Forget the token (the host swapped fetchSession or the user changed). */
  reset(): void {
    this.session = null;
    this.pending = null;
  }

  /** A usable token: the cached one unless it is near expiry or is the one the server just refused (`rejected`). */
  private async token(rejected?: string): Promise<string> {
    const s = this.session;
    if (s && s.token !== rejected && s.expires - Date.now() > REFRESH_MARGIN_MS) return s.token;
    // Concurrent requests share one refresh instead of minting a token each.
    this.pending ??= (async () => {
      const fetchSession = this.fetchSession();
      if (!fetchSession) throw new ApiError(0, { type: 'no_session', message: 'fetchSession is not set on the element.' });
      try {
        const s = await fetchSession();
        if (!s || typeof s.token !== 'string') throw new Error('fetchSession returned no token');
        this.session = { token: s.token, expires: expiryOf(s) };
        return s.token;
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(0, { type: 'session_failed', message: e instanceof Error ? e.message : String(e) });
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const send = async (token: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: opts.blob ? 'application/pdf' : 'application/json' };
      let body: BodyInit | undefined;
      if (opts.raw) {
        body = opts.raw;
        headers['content-type'] = opts.contentType ?? 'application/octet-stream';
      } else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      try {
        return await fetch(this.base().replace(/\/$/, '') + path, { method, headers, body, mode: 'cors', credentials: 'omit' });
      } catch (e) {
        throw new ApiError(0, { type: 'network', message: e instanceof Error ? e.message : String(e) });
      }
    };
    const token = await this.token();
    let res = await send(token);
    // Once only: a second 401 with a fresh token is a real refusal (wrong origin, revoked reseller), shown as such.
    if (res.status === 401) res = await send(await this.token(token));
    if (!res.ok) {
      let body: ApiErrorBody = { type: 'http_error', message: `HTTP ${res.status}` };
      try {
        const parsed = (await res.json()) as { error?: ApiErrorBody };
        if (parsed.error?.message) body = parsed.error;
      } catch {
        /* no JSON body: keep the status line */
      }
      throw new ApiError(res.status, body);
    }
    if (opts.blob) return (await res.blob()) as T;
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {} });
  }

  /** Every page of a list endpoint. */
  async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep: string = path.includes('?') ? '&' : '?';
      const page: Page<T> = await this.get<Page<T>>(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
