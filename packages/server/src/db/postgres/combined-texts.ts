/**
 * @module The texts of combined statements, remembered by the shapes they combine. A group flush's text depends only on
 * its members' statement texts in order (combineBuffers renumbers placeholders by position), and under load the same
 * few shapes come again and again: a trial creation's seven statements, four or five members at a time. Building the
 * text anew cost a regular-expression pass over every statement and a string of some 35 KB per group (and its hash,
 * for the prepared statement's name): about a tenth of the API process's CPU per trial. Remembered, a group costs a
 * lookup by a short key, and the parameters, which are the members' own in order.
 */
import type { CompiledQuery } from 'kysely';
import { combineBuffers } from './group-flush.js';

/** Distinct statement texts given a number; others are combined anew every time. */
const MAX_SHAPES = 500;
/** Combined texts remembered; forgotten all at once when full (the hot ones come back at once). */
const MAX_TEXTS = 500;

export class CombinedTexts {
  readonly #shapes = new Map<string, number>();
  readonly #texts = new Map<string, string>();

  /** As combineBuffers, the text taken from memory when these shapes were combined before. */
  combine(buffers: readonly (readonly CompiledQuery[])[]): { sql: string; parameters: unknown[] } {
    const key = this.#keyOf(buffers);
    const known = key === undefined ? undefined : this.#texts.get(key);
    if (known === undefined) {
      const combined = combineBuffers(buffers);
      if (key !== undefined) {
        if (this.#texts.size >= MAX_TEXTS) this.#texts.clear();
        this.#texts.set(key, combined.sql);
      }
      return combined;
    }
    const parameters: unknown[] = [];
    for (const buffer of buffers) for (const q of buffer) for (const p of q.parameters) parameters.push(p);
    return { sql: known, parameters };
  }

  /** The shapes' numbers in order (`,` between statements, `;` between buffers), or undefined once they run out. */
  #keyOf(buffers: readonly (readonly CompiledQuery[])[]): string | undefined {
    let key = '';
    for (const buffer of buffers) {
      for (const q of buffer) {
        let shape = this.#shapes.get(q.sql);
        if (shape === undefined) {
          if (this.#shapes.size >= MAX_SHAPES) return undefined;
          this.#shapes.set(q.sql, (shape = this.#shapes.size));
        }
        key += `${shape},`;
      }
      key += ';';
    }
    return key;
  }
}
