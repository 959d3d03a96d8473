import { describe, expect, it } from 'vitest';
import { chooseLocale, pickLocale } from './accept-language.js';

describe('Accept-Language', () => {
  it.each([
    [undefined, 'sv'],
    ['', 'sv'],
    ['sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7', 'sv'],
    ['en-US,en;q=0.9,sv;q=0.8', 'en'],
    ['en-GB', 'en'],
    ['EN', 'en'],
    ['de-DE,de;q=0.9', 'sv'],
    ['de-DE,de;q=0.9,en;q=0.5', 'en'],
    ['sv;q=0.5,en;q=0.6', 'en'],
    ['sv;q=0.6,en;q=0.6', 'sv'],
    ['en;q=0.6,sv;q=0.6', 'en'],
    ['en;q=0,sv;q=0.1', 'sv'],
    ['en;q=0', 'sv'],
    ['*', 'sv'],
    ['en;q=abc', 'sv'],
    ['en;q=1.5', 'sv'],
    ['en ; q = 0.8 , fr', 'en'],
    ['nb-NO,nb;q=0.9,en;q=0.4', 'en'],
    ['enx,svenska', 'sv'],
  ])('%j → %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale);
  });

  it('reads a bounded prefix of a hostile header', () => {
    const header = `${'xx;q=0.1,'.repeat(100_000)}en`;
    const started = performance.now();
    expect(pickLocale(header)).toBe('sv');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('lets a chosen ?lang= win over the header and ignores an unknown one', () => {
    expect(chooseLocale('en', 'sv-SE')).toBe('en');
    expect(chooseLocale('SV', 'en-US')).toBe('sv');
    expect(chooseLocale('fr', 'en-US')).toBe('en');
    expect(chooseLocale(null, null)).toBe('sv');
  });
});
