/**
 * @module A new reseller as the vendor describes it: one schema for `POST /v1/admin/resellers` (and, partial, its PATCH)
 * and for `resellerkit create-reseller`, so the command line refuses what the API refuses, naming the field.
 */
import { z } from '@hono/zod-openapi';
import { Email, OrgNumber, Text } from './common.js';
import { examples } from './examples.js';
import { Origin } from './origin.js';

export const ResellerInput = z
  .object({
    name: Text(),
    orgNumber: OrgNumber,
    contactEmail: Email,
    discountPercent: z.number().min(0).max(100).multipleOf(0.01),
    allowedOrigins: z
      .array(Origin)
      .max(20)
      .transform((list) => [...new Set(list)])
      .optional(),
    portalUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) address such as https://pms.example/aterforsaljning' })
      .max(500)
      .nullable()
      .optional()
      .openapi({ description: 'The page of the reseller\'s own system where it runs the back office (where `<resellerkit-portal>` is embedded); the daily trial digest links there. `null` clears it.' }),
  })
  .openapi({ example: examples.resellerInput });
