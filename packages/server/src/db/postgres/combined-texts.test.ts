import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CombinedTexts } from './combined-texts.js';
import { combineBuffers } from './group-flush.js';

const insert = (table: string, ...values: unknown[]) => CompiledQuery.raw(`insert into "${table}" ("x", "y") values (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
const fanOut = (value: unknown) => CompiledQuery.raw('insert into "w" ("x") select $1 from "e"', [value]);
const notify = (channel: string) => CompiledQuery.raw('select pg_notify($1, \'\')', [channel]);

describe('combined texts', () => {
  it('gives what combineBuffers gives, whether the shapes are new or remembered', () => {
    const texts = new CombinedTexts();
    const member = (n: number) => [insert('a', n, `${n}a`), fanOut(n), notify(`c${n}`), insert('b', n, n + 1)];
    const batches = [
      [member(1), member(2)],
      [member(3), member(4)], // the same shapes, other values: remembered
      [member(5), member(6), member(7)], // one member more: a new text
      [member(8), [insert('b', 9, 10)], member(9)], // a member of another shape between two
      [member(10), member(11)],
    ];
    for (const batch of batches) expect(texts.combine(batch)).toEqual(combineBuffers(batch));
  });

  it('keys on the shapes in their order: the same statements in another order are another text', () => {
    const texts = new CombinedTexts();
    const a = insert('a', 1, 2);
    const b = insert('b', 3, 4);
    const ab = texts.combine([[a], [b]]);
    const ba = texts.combine([[b], [a]]);
    expect(ab).toEqual(combineBuffers([[a], [b]]));
    expect(ba).toEqual(combineBuffers([[b], [a]]));
    expect(ba.sql).not.toBe(ab.sql);
    expect(texts.combine([[a]])).toEqual({ sql: a.sql, parameters: [1, 2] });
  });
});
