import { describe, expect, it } from 'vitest';
import { SharedLookup } from './shared-lookup.js';

/** A read that answers when told to, recording the keys of each call. */
function controlledRead() {
  const calls: { keys: string[]; answer(values?: Record<string, number>): void; fail(e: Error): void }[] = [];
  const read = (keys: string[]) =>
    new Promise<Map<string, number>>((resolve, reject) => {
      calls.push({ keys, answer: (values = {}) => resolve(new Map(Object.entries(values))), fail: reject });
    });
  return { calls, read };
}
const turn = () => new Promise((r) => setImmediate(r));

describe('shared lookup', () => {
  it('reads the first key at once, then everything asked meanwhile in one read', async () => {
    const { calls, read } = controlledRead();
    const lookup = new SharedLookup(read);
    const first = lookup.get('a');
    expect(calls.map((c) => c.keys)).toEqual([['a']]);
    const rest = [lookup.get('b'), lookup.get('c'), lookup.get('b')];
    await turn();
    expect(calls).toHaveLength(1);
    calls[0]!.answer({ a: 1 });
    expect(await first).toBe(1);
    await turn();
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['b', 'c']]);
    calls[1]!.answer({ b: 2 });
    expect(await Promise.all(rest)).toEqual([2, undefined, 2]);
  });

  it('answers a key asked while it was being read from the next read, which starts after the caller asked', async () => {
    const { calls, read } = controlledRead();
    const lookup = new SharedLookup(read);
    const early = lookup.get('a');
    const late = lookup.get('a');
    calls[0]!.answer({ a: 1 });
    expect(await early).toBe(1);
    await turn();
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['a']]);
    calls[1]!.answer({ a: 2 });
    expect(await late).toBe(2);
  });

  it('fails only the callers of a failed read, and reads again for the next', async () => {
    const { calls, read } = controlledRead();
    const lookup = new SharedLookup(read);
    const failing = lookup.get('a');
    const next = lookup.get('b');
    calls[0]!.fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await turn();
    calls[1]!.answer({ b: 2 });
    expect(await next).toBe(2);
    const again = lookup.get('a');
    expect(calls).toHaveLength(3);
    calls[2]!.answer({ a: 1 });
    expect(await again).toBe(1);
  });
});
