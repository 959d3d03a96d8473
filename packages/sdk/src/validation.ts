/**
 * @module The server's own rules for e-mail addresses and organisation numbers, to check input before sending it.
 *
 * The patterns come from the contract (generated/formats.ts), so these answer exactly as the server
 * would: `isEmail('åsa@brf.se')` is false because the server refuses it too.
 */
import { formats } from './generated/formats.js';

type Format = { pattern: RegExp; maxLength?: number };

const matches = (format: Format, value: string) => value.length <= (format.maxLength ?? Infinity) && format.pattern.test(value);

/** True when the server accepts `value` as an e-mail address (trim it first, as a form would). */
export const isEmail = (value: string): boolean => matches(formats.Email, value);

/** True when the server accepts `value` as a Swedish organisation number, `NNNNNN-NNNN` with the dash optional. */
export const isOrgNumber = (value: string): boolean => matches(formats.OrgNumber, value.trim());
