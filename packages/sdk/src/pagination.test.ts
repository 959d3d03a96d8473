import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, client, server, useServer } from '../test/helpers.js';
import { ResellerKitError } from './errors.js';
import { Page } from './pagination.js';
import type { Trial } from './types.js';

useServer();

const PAGES: Record<string, { data: { id: string }[]; nextCursor: string | null }> = {
  '': { data: [{ id: 'trial_1' }, { id: 'trial_2' }, { id: 'trial_3' }], nextCursor: 'c2' },
  c2: { data: [{ id: 'trial_4' }, { id: 'trial_5' }], nextCursor: 'c3' },
  c3: { data: [{ id: 'trial_6' }, { id: 'trial_7' }], nextCursor: null },
};

function threePages(): URL[] {
  const seen: URL[] = [];
  server.use(
    http.get(`${BASE}/v1/trials`, ({ request }) => {
      const url = new URL(request.url);
      seen.push(url);
      const page = PAGES[url.searchParams.get('cursor') ?? ''];
      return page ? HttpResponse.json(page) : HttpResponse.json({ error: { type: 'invalid_request', message: 'bad cursor' } }, { status: 400 });
    }),
  );
  return seen;
}

describe('pagination', () => {
  it('iterates every item across three pages with for await, keeping the filters', async () => {
    const seen = threePages();
    const ids: string[] = [];
    for await (const trial of client().trials.list({ status: 'active', limit: 3 })) ids.push(trial.id);
    expect(ids).toEqual(['trial_1', 'trial_2', 'trial_3', 'trial_4', 'trial_5', 'trial_6', 'trial_7']);
    expect(seen.map((u) => u.search)).toEqual([
      '?status=active&limit=3',
      '?status=active&limit=3&cursor=c2',
      '?status=active&limit=3&cursor=c3',
    ]);
  });

  it('awaits the first page and walks on with getNextPage', async () => {
    threePages();
    const first = await client().trials.list();
    expect(first).toBeInstanceOf(Page);
    expect(first.data.map((t) => t.id)).toEqual(['trial_1', 'trial_2', 'trial_3']);
    expect(first.nextCursor).toBe('c2');
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.data.map((t) => t.id)).toEqual(['trial_4', 'trial_5']);
    const third = await second.getNextPage();
    expect(third.data.map((t) => t.id)).toEqual(['trial_6', 'trial_7']);
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toBeInstanceOf(ResellerKitError);
  });

  it('iterates pages, and items from a page onward', async () => {
    threePages();
    const first = await client().trials.list();
    const sizes: number[] = [];
    for await (const page of first.iterPages()) sizes.push(page.data.length);
    expect(sizes).toEqual([3, 2, 2]);
    const second = await first.getNextPage();
    const rest: Trial['id'][] = [];
    for await (const t of second) rest.push(t.id);
    expect(rest).toEqual(['trial_4', 'trial_5', 'trial_6', 'trial_7']);
  });

  it('sends nothing until awaited or iterated, and the first page only once', async () => {
    const seen = threePages();
    const list = client().trials.list();
    await Promise.resolve();
    expect(seen).toHaveLength(0);
    const page = await list;
    const again = await list;
    expect(again).toBe(page);
    const ids: string[] = [];
    for await (const t of list) ids.push(t.id);
    expect(ids).toHaveLength(7);
    expect(seen.map((u) => u.searchParams.get('cursor'))).toEqual([null, 'c2', 'c3']);
  });

  it('stops at an empty page even when it has a cursor', async () => {
    let calls = 0;
    // A second request fails the test instead of looping forever.
    server.use(
      http.get(`${BASE}/v1/customers`, ({ request }) =>
        (calls++, new URL(request.url).searchParams.has('cursor'))
          ? HttpResponse.json({ error: { type: 'invalid_request', message: 'followed an empty page' } }, { status: 400 }) : HttpResponse.json({ data: [], nextCursor: 'loop' }),
      ),
    );
    const items: unknown[] = [];
    for await (const c of client().customers.list()) items.push(c);
    expect(items).toEqual([]);
    expect(calls).toBe(1);
    const page = await client().customers.list();
    expect(page.hasNextPage()).toBe(false);
    expect(calls).toBe(2);
  });

  it('rejects the awaited list and the iteration with the API error', async () => {
    server.use(http.get(`${BASE}/v1/events`, () => HttpResponse.json({ error: { type: 'authentication_error', message: 'bad key' } }, { status: 401 })));
    const list = client().events.list();
    await expect(list).rejects.toMatchObject({ status: 401 });
    await expect(list.catch((e: unknown) => (e as { type: string }).type)).resolves.toBe('authentication_error');
    await expect((async () => { for await (const _ of client().events.list()) void _; })()).rejects.toMatchObject({ status: 401 });
  });

  it('follows the event feed by cursor and stops at the first empty page, whose cursor stays put', async () => {
    const queries: string[] = [];
    server.use(
      http.get(`${BASE}/v1/events`, ({ request }) => {
        const q = new URL(request.url).search;
        queries.push(q);
        if (!q.includes('cursor=')) return HttpResponse.json({ data: [{ id: 'evt_1', type: 'trial.created', createdAt: 'x', data: {} }], nextCursor: '7' });
        return HttpResponse.json({ data: [], nextCursor: '7' });
      }),
    );
    const ids: string[] = [];
    for await (const e of client().events.list({ type: 'trial.created' })) ids.push(e.id);
    expect(ids).toEqual(['evt_1']);
    expect(queries).toEqual(['?type=trial.created', '?type=trial.created&cursor=7']);
  });
});
