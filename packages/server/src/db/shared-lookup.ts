/**
 * @module Reads by key shared by the callers that ask at about the same time: one statement for all of them instead of
 * one each. On PostgreSQL every statement is a round trip to a server on the same cores, and a hot read by key (the
 * organization of every trial created) costs both processes more in the round trip than in the read.
 *
 * One read is in flight at a time. A caller that finds none is read at once, alone (no added latency at low load); the
 * keys asked for meanwhile wait for it to settle and then go together, up to MAX_KEYS. Every caller thus gets a value
 * read by a statement sent after it asked, as its own read would have been. db/postgres/data-version.ts shares the
 * snapshot read through it, as a lookup of one key.
 */

const MAX_KEYS = 256;

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(e: unknown): void;
}

export class SharedLookup<V> {
  #reading = false;
  readonly #waiting = new Map<string, Waiter<V>[]>();

  /** `read` answers for the keys it is given (a key it leaves out was not found). */
  constructor(private readonly read: (keys: string[]) => Promise<Map<string, V>>) {}

  /** The value for `key`, or undefined when there is none. */
  get(key: string): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.#waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.#waiting.set(key, [{ resolve, reject }]);
      if (!this.#reading) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#reading = true;
    while (this.#waiting.size > 0) {
      const batch = new Map<string, Waiter<V>[]>();
      for (const [key, waiters] of this.#waiting) {
        if (batch.size >= MAX_KEYS) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) this.#waiting.delete(key);
      try {
        const found = await this.read([...batch.keys()]);
        for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
      } catch (e) {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
      }
    }
    this.#reading = false;
  }
}
