import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { brandingFrom, DEFAULT_VENDOR_COLOR, vendorBranding, vendorBrandingSchema } from './branding.js';
import { contrastRatio, readableTextOn } from './contrast.js';

/** The configuration's own way of reporting: every issue under the variable's name (see config.ts). */
function problems(env: Record<string, string | undefined>): string[] {
  const parsed = z.object({ PORT: z.string().optional(), ...vendorBranding }).safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('vendorBranding', () => {
  it('needs VENDOR_NAME, and says what it is for', () => {
    expect(problems({})).toEqual([expect.stringMatching(/^VENDOR_NAME: is required: the product name/)]);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['two lines', 'Planima\nBcc: x@evil.example'],
    ['a carriage return', 'Planima\rX'],
    ['a line separator', 'Plan\u2028ima'],
    ['a tab', 'Plan\tima'],
    ['too long', 'x'.repeat(81)],
  ])('refuses a VENDOR_NAME that is %s, naming the variable', (_what, value) => {
    const found = problems({ VENDOR_NAME: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^VENDOR_NAME: (must|is)/);
  });

  it.each([
    ['http, not https', 'http://vendor.example/logo.png'],
    ['not a URL', 'logo.png'],
    ['a data URL', 'data:image/png;base64,AAAA'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['with credentials', 'https://user:pw@vendor.example/logo.png'],
  ])('refuses a VENDOR_LOGO_URL that is %s, naming the variable', (_what, value) => {
    expect(problems({ VENDOR_NAME: 'Planima', VENDOR_LOGO_URL: value })).toEqual([expect.stringMatching(/^VENDOR_LOGO_URL: must be an https:\/\/ address/)]);
  });

  it.each(['red', '#fff', '#12345g', '1f5f8b', '#1f5f8b80', 'rgb(0,0,0)'])('refuses VENDOR_COLOR=%s, naming the variable and the value', (value) => {
    expect(problems({ VENDOR_NAME: 'Planima', VENDOR_COLOR: value })).toEqual([`VENDOR_COLOR: must be a colour written #rrggbb, e.g. #1f5f8b, got '${value}'`]);
  });

  it('reports every bad variable at once', () => {
    const found = problems({ VENDOR_NAME: '', VENDOR_LOGO_URL: 'ftp://x', VENDOR_COLOR: 'blue' });
    expect(found.map((p) => p.split(':')[0])).toEqual(['VENDOR_NAME', 'VENDOR_LOGO_URL', 'VENDOR_COLOR']);
  });

  it('takes good values, trimmed, and empty optional ones as unset', () => {
    expect(vendorBrandingSchema.parse({ VENDOR_NAME: '  Acme Underhåll ', VENDOR_LOGO_URL: ' https://cdn.acme.example/logo.png ', VENDOR_COLOR: '#FFCC00' })).toEqual({
      VENDOR_NAME: 'Acme Underhåll',
      VENDOR_LOGO_URL: 'https://cdn.acme.example/logo.png',
      VENDOR_COLOR: '#ffcc00',
    });
    expect(vendorBrandingSchema.parse({ VENDOR_NAME: 'Planima', VENDOR_LOGO_URL: '', VENDOR_COLOR: '' })).toEqual({ VENDOR_NAME: 'Planima' });
  });
});

describe('brandingFrom', () => {
  it('falls back to a default colour that carries white text', () => {
    const b = brandingFrom({ VENDOR_NAME: 'Planima' });
    expect(b).toMatchObject({ name: 'Planima', logoUrl: null, color: DEFAULT_VENDOR_COLOR, buttonText: '#ffffff', buttonBorder: DEFAULT_VENDOR_COLOR });
    expect(contrastRatio(b.color, b.buttonText)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['#000000', '#ffffff'],
    ['#ffffff', '#000000'],
    ['#ffcc00', '#000000'],
    ['#1f5f8b', '#ffffff'],
    ['#e30613', '#ffffff'],
    ['#7fdbff', '#000000'],
    ['#595959', '#ffffff'],
    // Mid grey: black edges out white (4.6 against 4.5).
    ['#767676', '#000000'],
  ] as const)('on %s the button text is %s', (color, text) => {
    expect(readableTextOn(color)).toBe(text);
    expect(brandingFrom({ VENDOR_NAME: 'V', VENDOR_COLOR: color }).buttonText).toBe(text);
  });

  it('whatever the colour, the chosen text reaches 4.5:1 (WCAG AA)', () => {
    for (let v = 0; v <= 0xffffff; v += 0x0f0f0f) {
      const color = `#${v.toString(16).padStart(6, '0')}`;
      expect(contrastRatio(color, readableTextOn(color)), color).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('outlines a button too light to stand out on the white page', () => {
    expect(brandingFrom({ VENDOR_NAME: 'V', VENDOR_COLOR: '#ffcc00' }).buttonBorder).not.toBe('#ffcc00');
    expect(contrastRatio(brandingFrom({ VENDOR_NAME: 'V', VENDOR_COLOR: '#ffcc00' }).buttonBorder, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(brandingFrom({ VENDOR_NAME: 'V', VENDOR_COLOR: '#e30613' }).buttonBorder).toBe('#e30613');
  });
});
