/** @module The maintenance plan on the wire: actions with money in öre, the PUT body, and the import's answers. */
import { z } from '@hono/zod-openapi';
import { canonicalCategory, canonicalStatus, canonicalUnit, PLAN_CATEGORIES, PLAN_LIMITS, PLAN_STATUSES, PLAN_UNITS } from '../modules/plans/model.js';
import { MULTI_LINE, MultilineText } from './common.js';

export const PlanCategory = z.enum(PLAN_CATEGORIES).openapi('PlanCategory', { description: "The vendor's fixed categories. Input is matched case-insensitively." });
export const PlanUnit = z.enum(PLAN_UNITS).openapi('PlanUnit');
export const PlanStatus = z.enum(PLAN_STATUSES).openapi('PlanStatus');

const fields = {
  property: z.string().openapi({ description: 'Fastighet', example: 'Solrosen 1' }),
  building: z.string().openapi({ description: 'Byggnad', example: 'Hus A' }),
  location: z.string().openapi({ description: 'Läge', example: 'Norra fasaden' }),
  action: z.string().openapi({ description: 'Åtgärd', example: 'Omfogning av tegelfasad' }),
  year: z.number().int().openapi({ description: 'År', example: 2027 }),
  intervalYears: z.number().int().nullable().openapi({ description: 'Intervall i år; null när åtgärden inte återkommer.', example: 30 }),
  quantity: z.number().openapi({ description: 'Mängd, exact to three decimals.', example: 12.5 }),
  unitPrice: z.number().int().openapi({ description: 'Styckpris in öre.', example: 123450 }),
  marking: z.string().nullable().openapi({ description: 'Märkning' }),
};

export const PlanAction = z
  .object({
    id: z.string().openapi({ example: 'act_01hx...' }),
    ...fields,
    category: PlanCategory,
    unit: PlanUnit,
    total: z.number().int().openapi({ description: 'quantity × unitPrice in öre, rounded to whole öre.' }),
    status: PlanStatus,
  })
  .openapi('PlanAction');

export const Plan = z
  .object({ organizationId: z.string(), actions: z.array(PlanAction), totals: z.object({ cost: z.number().int().openapi({ description: 'Sum of every action total, in öre.' }) }) })
  .openapi('Plan');

/** Names are accepted in any case, so the check is the domain's matcher rather than a plain enum. */
const refineOne = (canon: (s: string) => unknown, list: readonly string[]) => (s: string, ctx: z.RefinementCtx) => {
  if (canon(s) === null) ctx.addIssue({ code: 'custom', message: `must be one of: ${list.join(', ')}` });
};

export const PlanActionInput = z
  .object({
    id: z.string().max(64).optional().openapi({ description: "Keep an existing action's id; leave out for a new action." }),
    property: MultilineText(PLAN_LIMITS.textMax),
    building: MultilineText(PLAN_LIMITS.textMax),
    category: z.string().superRefine(refineOne(canonicalCategory, PLAN_CATEGORIES)).openapi({ description: 'One of PlanCategory, any case.', example: 'Fasad' }),
    location: MultilineText(PLAN_LIMITS.textMax),
    action: MultilineText(PLAN_LIMITS.actionTextMax),
    year: z.number().int().min(PLAN_LIMITS.yearMin).max(PLAN_LIMITS.yearMax),
    intervalYears: z.number().int().min(PLAN_LIMITS.intervalMin).max(PLAN_LIMITS.intervalMax).nullable().optional(),
    quantity: z.number().positive().max(PLAN_LIMITS.maxQuantity).openapi({ description: 'At most three decimals.', example: 12.5 }),
    unit: z.string().superRefine(refineOne(canonicalUnit, PLAN_UNITS)).openapi({ example: 'm2' }),
    unitPrice: z.number().int().min(0).max(PLAN_LIMITS.maxUnitPrice).openapi({ description: 'Öre.', example: 123450 }),
    status: z.string().superRefine(refineOne(canonicalStatus, PLAN_STATUSES)).nullable().optional().openapi({ description: 'Defaults to planerad.' }),
    marking: z.string().trim().max(PLAN_LIMITS.textMax).regex(MULTI_LINE, 'must not contain control characters other than line breaks and tabs').nullable().optional(),
  })
  .openapi('PlanActionInput');

export const PlanInput = z.object({ actions: z.array(PlanActionInput).max(PLAN_LIMITS.maxActions) }).openapi('PlanInput');

export const ImportIssue = z.object({ row: z.number().int().openapi({ description: 'As a spreadsheet shows it; the header is row 1.' }), column: z.string(), message: z.string() }).openapi('PlanImportIssue');

export const ImportResult = z.object({ imported: z.number().int(), errors: z.array(ImportIssue).max(0) }).openapi('PlanImportResult');

export const ImportPreview = z
  .object({
    dryRun: z.literal(true),
    rows: z.array(PlanAction.omit({ id: true }).extend({ row: z.number().int() })),
    errors: z.array(ImportIssue),
  })
  .openapi('PlanImportPreview');

export const ImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'Validate and preview without writing.' }),
  mode: z.enum(['append', 'replace']).optional().openapi({ description: 'append (default) adds to the plan; replace swaps the whole plan.' }),
});
