import { describe, expect, it } from 'vitest';
import { nameSortKey, searchKey, searchPattern, searchText } from './model.js';

describe('the search key', () => {
  it('lower-cases and drops accents, but keeps å, ä and ö', () => {
    expect(searchKey('Café ÉMILE Müller')).toBe('cafe emile muller');
    expect(searchKey('ÅSA Ängel Öst')).toBe('åsa ängel öst');
    // Decomposed input (as some keyboards and PDFs send it) folds the same.
    expect(searchKey('A\u030asa o\u0308st')).toBe('åsa öst');
  });

  it('joins the fields by line breaks so a match cannot span two', () => {
    expect(searchText({ organizationName: 'Brf Ek', emails: ['a@ek.test'], orderIds: ['ord_1'] })).toBe('brf ek\na@ek.test\nord_1');
  });

  it('takes LIKE wildcards literally', () => {
    expect(searchPattern(' 50%_x\\ ')).toBe('%50\\%\\_x\\\\%');
  });

  it('sorts names in Swedish order under binary comparison', () => {
    const names = ['Ödla', 'zebra', 'Ärla', 'Åkern', 'Ada', 'Émile', 'Æble', 'Øst'];
    const sorted = [...names].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : 1));
    expect(sorted).toEqual(['Ada', 'Émile', 'zebra', 'Åkern', 'Æble', 'Ärla', 'Ödla', 'Øst']);
  });
});
