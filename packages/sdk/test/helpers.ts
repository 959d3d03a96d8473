/** @module Test helpers: an msw server, a recording client that never really sleeps, JSON replies. */
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ClientOptions, ResellerKit } from '../src/client.js';

export const BASE = 'http://api.test';
export const server = setupServer();

/** Starts msw for the calling test file; unhandled requests fail the test. */
export function useServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

/** Records the backoff it would sleep instead of sleeping; `rand` stands in for Math.random(). */
export class TestClient extends ResellerKit {
  sleeps: number[] = [];
  rand: () => number = () => 0.5;
  protected override sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return Promise.resolve();
  }
  protected override random(): number {
    return this.rand();
  }
  /** Exposes the protected delay computation. */
  delayFor(attempt: number, headers?: Headers): number {
    return this.retryDelay(attempt, headers);
  }
}

export function client(options: ClientOptions = {}): TestClient {
  return new TestClient({ apiKey: 'rk_test', baseUrl: BASE, ...options });
}

export function apiError(status: number, type: string, message: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json({ error: { type, message, requestId: `req_${status}`, ...extra } }, { status });
}
