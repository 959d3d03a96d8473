import { describe, expect, it } from 'vitest';
import { daysLeft, isEmail, isOrgNumber, money, parseEmails } from './format.js';
import { messagesFor } from './i18n/index.js';

describe('what the widget parses and formats', () => {
  it('splits pasted addresses on commas, semicolons, spaces and newlines, once each, and names the bad ones', () => {
    expect(parseEmails(' anna@x.se, bo@x.se;cecilia@x.se\n\nANNA@x.se\tdavid@x.se ; nope  ')).toEqual({
      emails: ['anna@x.se', 'bo@x.se', 'cecilia@x.se', 'david@x.se'],
      invalid: ['nope'],
    });
    expect(parseEmails(' ;, \n')).toEqual({ emails: [], invalid: [] });
    expect(parseEmails('a@b')).toEqual({ emails: [], invalid: ['a@b'] });
  });

  it('accepts exactly the addresses and organisation numbers the server accepts (one rule, from the contract)', () => {
    expect(parseEmails('åsa@brf.se, asa@brf.se')).toEqual({ emails: ['asa@brf.se'], invalid: ['åsa@brf.se'] });
    expect([isEmail('bo@eken'), isEmail('o.brien+x@brf-solrosen.se')]).toEqual([false, true]);
    expect([isOrgNumber('769600-1234'), isOrgNumber('7696001234'), isOrgNumber('769600-123'), isOrgNumber('SE7696001234')]).toEqual([true, true, false, false]);
  });

  it('shows öre as kronor, with decimals only when there are öre', () => {
    expect(money({ amount: 1_200_000, currency: 'SEK' }, 'sv-SE').replace(/\s/g, ' ')).toBe('12 000 kr');
    expect(money({ amount: 123_450, currency: 'SEK' }, 'sv-SE').replace(/\s/g, ' ')).toBe('1 234,50 kr');
  });

  it('counts whole days left, never below zero', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(daysLeft('2026-01-31T12:00:00Z', now)).toBe(30);
    expect(daysLeft('2026-01-02T11:00:00Z', now)).toBe(1);
    expect(daysLeft('2025-12-01T00:00:00Z', now)).toBe(0);
  });

  it('picks a locale by language tag and falls back to nothing it does not know', () => {
    expect(messagesFor('en-GB')?.tabs.trials).toBe('Trial accounts');
    expect(messagesFor('SV')?.tabs.trials).toBe('Provkonton');
    expect(messagesFor('de')).toBeUndefined();
  });
});
