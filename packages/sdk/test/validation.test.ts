/** The SDK's isEmail / isOrgNumber answer as the server does, because both come from one pattern in the contract. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Email, OrgNumber } from '../../server/src/contract/common.js';
import { liveContract } from '../scripts/contract.js';
import { FORMATS_FILE, renderFormats } from '../scripts/formats.js';
import { isEmail, isOrgNumber } from '../src/validation.js';

const serverEmail = (s: string) => Email.safeParse(s).success;
const serverOrgNumber = (s: string) => OrgNumber.safeParse(s).success;

describe('isEmail and isOrgNumber', () => {
  it('src/generated/formats.ts matches the running server (run `npm run generate -w @resellerkit/sdk`)', async () => {
    expect(readFileSync(FORMATS_FILE, 'utf8')).toBe(renderFormats(await liveContract()));
  });

  it('refuse what the server refuses and accept what it accepts', () => {
    const emails = ['anna@brf-solrosen.se', 'o.brien+test@x.co', 'åsa@brf.se', 'asa@brf-ängen.se', 'bo@eken', 'carl.example', 'a..b@x.se', '.a@x.se', 'a@x.s', 'a b@x.se', `${'a'.repeat(250)}@x.se`, ''];
    for (const e of emails) expect([e, isEmail(e)]).toEqual([e, serverEmail(e)]);
    expect(isEmail('åsa@brf.se')).toBe(false);
    expect(isEmail('asa@brf.se')).toBe(true);
    const numbers = ['769600-1234', '7696001234', ' 769600-1234 ', '769600–1234', '76960-01234', '769600-123', 'SE769600123401', ''];
    for (const n of numbers) expect([n, isOrgNumber(n)]).toEqual([n, serverOrgNumber(n)]);
  });

  it('agree with the server on arbitrary strings', () => {
    const chars = fc.constantFrom(...'ab9._+-\'@åé ()-'.split(''));
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: chars, maxLength: 40 }), fc.emailAddress());
    fc.assert(fc.property(text, (s) => isEmail(s) === serverEmail(s)), { numRuns: 2000 });
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789- '.split('')), maxLength: 14 });
    fc.assert(fc.property(digits, (s) => isOrgNumber(s) === serverOrgNumber(s)), { numRuns: 2000 });
  });
});
