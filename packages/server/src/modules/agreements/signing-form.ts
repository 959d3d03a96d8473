/**
 * @module What the signing page posts back (`application/x-www-form-urlencoded`): the typed name and the consent to
 * sign, or a reason to decline. A refusal is a list of field faults the page shows in the signer's language.
 */
import { z } from '@hono/zod-openapi';
import { MultilineText, Text } from '../../contract/common.js';

/** The statement the signer ticks; printed as consent on the signature page, word for word. */
export const CONSENT_TEXT = { sv: 'Jag har läst och godkänner avtalet', en: 'I have read and accept the agreement' } as const;
export const MAX_SIGNER_NAME_CHARS = 200;
export const MAX_DECLINE_REASON_CHARS = 1000;

export const SignForm = z.object({ name: Text(MAX_SIGNER_NAME_CHARS), consent: z.literal('yes') });
export const DeclineForm = z.object({ reason: MultilineText(MAX_DECLINE_REASON_CHARS) });

export type SignFault = 'name_missing' | 'name_invalid' | 'consent_missing';
export type DeclineFault = 'reason_missing' | 'reason_invalid';

export type FormReading<T, F> = { ok: true; value: T } | { ok: false; faults: F[] };

/** A form field's first value as text; a repeated or file field counts as its first text value. */
const field = (body: Record<string, unknown>, name: string): string | undefined => {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
};

export function readSignForm(body: Record<string, unknown>): FormReading<z.output<typeof SignForm>, SignFault> {
  const name = field(body, 'name');
  const parsed = SignForm.safeParse({ name, consent: field(body, 'consent') });
  if (parsed.success) return { ok: true, value: parsed.data };
  const faults: SignFault[] = [];
  if (parsed.error.issues.some((i) => i.path[0] === 'name')) faults.push(name === undefined || name.trim() === '' ? 'name_missing' : 'name_invalid');
  if (parsed.error.issues.some((i) => i.path[0] === 'consent')) faults.push('consent_missing');
  return { ok: false, faults };
}

export function readDeclineForm(body: Record<string, unknown>): FormReading<z.output<typeof DeclineForm>, DeclineFault> {
  const reason = field(body, 'reason');
  const parsed = DeclineForm.safeParse({ reason });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, faults: [reason === undefined || reason.trim() === '' ? 'reason_missing' : 'reason_invalid'] };
}
