/**
 * @module The vendor's name, logo and colour in every e-mail, from configuration: VENDOR_NAME (required),
 * VENDOR_LOGO_URL and VENDOR_COLOR (optional). Validated at start like the rest of the configuration, so a bad value
 * stops start-up with a message under the variable's name instead of reaching a customer's inbox.
 */
import { z } from 'zod';
import { contrastRatio, readableTextOn } from './contrast.js';

/** The button colour when VENDOR_COLOR is unset: a dark blue that carries white text at 4.5:1 and more. */
export const DEFAULT_VENDOR_COLOR = '#1f5f8b';
/** A button lighter than this against the white page gets an outline, so it still reads as a button (WCAG 1.4.11). */
const MIN_BUTTON_CONTRAST = 3;
const OUTLINE = '#5f6b76';

/** Line breaks and other control characters: what would let a value add a header line or split a sentence. */
const CONTROL = /[\p{Cc}\u0085\u2028\u2029]/u;

/** Zod fields for the configuration object: spread them into its `z.object({...})`. */
export const vendorBranding = {
  VENDOR_NAME: z
    .string({ error: 'is required: the product name e-mails are sent under, e.g. Planima' })
    .trim()
    .min(1, 'must not be empty: it is the product name e-mails are sent under, e.g. Planima')
    .max(80, 'must be at most 80 characters: it stands in every subject line')
    .refine((v) => !CONTROL.test(v), 'must be one line, without line breaks or control characters'),
  VENDOR_LOGO_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const url = URL.canParse(v.trim()) ? new URL(v.trim()) : null;
      if (!url || url.protocol !== 'https:' || url.username || url.password) {
        ctx.addIssue({ code: 'custom', message: `must be an https:// address of the logo image, e.g. https://vendor.example/logo.png, got '${v}'` });
        return z.NEVER;
      }
      return url.href;
    }),
  VENDOR_COLOR: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      if (!/^#[0-9a-f]{6}$/i.test(v.trim())) {
        ctx.addIssue({ code: 'custom', message: `must be a colour written #rrggbb, e.g. #1f5f8b, got '${v}'` });
        return z.NEVER;
      }
      return v.trim().toLowerCase();
    }),
};

export const vendorBrandingSchema = z.object(vendorBranding);
/** The validated variables; the optional ones may be absent, as in the parsed configuration. */
export type VendorBrandingConfig = { VENDOR_NAME: string; VENDOR_LOGO_URL?: string | undefined; VENDOR_COLOR?: string | undefined };

/** What the templates draw with. */
export interface Branding {
  name: string;
  logoUrl: string | null;
  /** The button's background. */
  color: string;
  /** White or black, whichever reads better on `color`. */
  buttonText: '#ffffff' | '#000000';
  /** The button's border: its own colour, or a grey outline when the colour is too light for a white page. */
  buttonBorder: string;
}

export function brandingFrom(config: VendorBrandingConfig): Branding {
  const color = config.VENDOR_COLOR ?? DEFAULT_VENDOR_COLOR;
  return {
    name: config.VENDOR_NAME,
    logoUrl: config.VENDOR_LOGO_URL ?? null,
    color,
    buttonText: readableTextOn(color),
    buttonBorder: contrastRatio(color, '#ffffff') >= MIN_BUTTON_CONTRAST ? color : OUTLINE,
  };
}
