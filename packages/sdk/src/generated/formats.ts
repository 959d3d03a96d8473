/**
 * @module generated — do not edit. The named string formats of the resellerkit API contract, as the server checks them.
 *
 * Written by scripts/generate-types.ts from the server's live `GET /openapi.json`; a test fails when this file drifts
 * from the server. Regenerate: `npm run generate -w @resellerkit/sdk`.
 */

export const formats = {
  OrgNumber: { pattern: new RegExp('^\\d{6}-?\\d{4}$') },
  Email: { pattern: new RegExp('^(?:[A-Za-z0-9_\'+\\-]+\\.)*[A-Za-z0-9_\'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$'), maxLength: 254 },
} as const;
