/** @module Trial engagement on the wire: the list's `engagement` filter (the objects are in resources.ts). */
import { z } from '@hono/zod-openapi';
import { ENGAGEMENT_LEVELS, type EngagementLevel } from '../modules/trials/model.js';

/** `?engagement=low,none`: one or more levels, comma-separated; an unknown one is a 400 naming it. */
export const EngagementQuery = z
  .string()
  .max(64)
  .transform((v, ctx) => {
    const levels = v.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = levels.filter((l) => !(ENGAGEMENT_LEVELS as readonly string[]).includes(l));
    if (levels.length === 0 || bad.length) {
      ctx.addIssue({ code: 'custom', message: `must be one or more of ${ENGAGEMENT_LEVELS.join(', ')}, comma-separated${bad.length ? `; got ${bad.join(', ')}` : ''}` });
      return z.NEVER;
    }
    return levels as EngagementLevel[];
  })
  .openapi({ type: 'string', example: 'low,none', description: 'Only trials at these engagement levels (none, low, medium, high), comma-separated.' });
