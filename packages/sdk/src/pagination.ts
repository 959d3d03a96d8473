/** @module Cursor pagination: a page with `getNextPage()`, and a promise of it that also iterates every item. */
import { ResellerKitError } from './errors.js';
import type { ListResponse } from './types.js';

/** One page of a list: `data`, `nextCursor`, and the way to the next page. Iterating a page yields every item from it onward. */
export class Page<T> implements AsyncIterable<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
  readonly #fetchPage: (cursor: string) => Promise<Page<T>>;

  constructor(body: ListResponse<T>, fetchPage: (cursor: string) => Promise<Page<T>>) {
    this.data = Array.isArray(body?.data) ? body.data : [];
    this.nextCursor = body?.nextCursor ?? null;
    this.#fetchPage = fetchPage;
  }

  /** Whether another page follows (an empty page ends the list, whatever its cursor). */
  hasNextPage(): boolean {
    return this.nextCursor !== null && this.data.length > 0;
  }

  /** Fetches the next page; throws when there is none, so check `hasNextPage()` first. */
  getNextPage(): Promise<Page<T>> {
    if (!this.hasNextPage()) {
      return Promise.reject(new ResellerKitError('No next page: check hasNextPage() before getNextPage().'));
    }
    return this.#fetchPage(this.nextCursor!);
  }

  /** This page and every page after it. */
  async *iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    let page: Page<T> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/**
 * What `list()` returns: `await` it for the first page, or `for await` it for every item across
 * all pages. The first request is sent when it is first awaited or iterated, and only once.
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  #load: () => Promise<Page<T>>;
  #promise: Promise<Page<T>> | undefined;

  constructor(load: () => Promise<Page<T>>) {
    this.#load = load;
  }

  #page(): Promise<Page<T>> {
    return (this.#promise ??= this.#load());
  }

  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#page().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.#page().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#page().finally(onfinally);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    yield* await this.#page();
  }

  /** Makes it structurally a Promise, assignable to `Promise<Page<T>>`. */
  get [Symbol.toStringTag](): string {
    return 'PagePromise';
  }
}
