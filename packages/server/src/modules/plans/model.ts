/**
 * @module The plan's vocabulary and bounds: the vendor's 16 categories, units, statuses, the limits every action obeys
 * and the range rules checked on every way in (the API's PUT, a spreadsheet import); and an action as the API shows it.
 */
import type { Selectable } from 'kysely';
import type { PlanActionTable } from '../../db/schema.js';
import { fromMilli, lineTotal } from './import/numbers.js';

/** The vendor's fixed categories, in the order its product lists them. The one list: template, import, API and docs read it. */
export const PLAN_CATEGORIES = [
  'Mark',
  'Stomme och grund',
  'Fasad',
  'Yttertak',
  'Fönster och dörrar',
  'Balkonger och loftgångar',
  'Trapphus och entréer',
  'Invändigt',
  'Ventilation',
  'Vatten',
  'Avlopp',
  'Avfall',
  'Värme och kyla',
  'El och belysning',
  'Hiss',
  'Gemensamma utrymmen',
] as const;
export type PlanCategory = (typeof PLAN_CATEGORIES)[number];

/** Units of quantity (enhet). `lpm` is löpmeter, `tim` hours, `lgh` apartments, `post` a lump sum. */
export const PLAN_UNITS = ['m', 'm2', 'm3', 'st', 'kg', 'ton', 'l', 'tim', 'lpm', 'lgh', 'post'] as const;
export type PlanUnit = (typeof PLAN_UNITS)[number];

export const PLAN_STATUSES = ['utkast', 'planerad', 'akut', 'eftersatt', 'utförd'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/** An action without a status is planned: that is what a maintenance plan holds unless told otherwise. */
export const DEFAULT_STATUS: PlanStatus = 'planerad';

export const PLAN_LIMITS = {
  /** Rows in one import and actions in one plan: keeps the whole plan one bounded response. */
  maxActions: 20_000,
  yearMin: 1900,
  yearMax: 2200,
  intervalMin: 1,
  intervalMax: 100,
  /** Quantities are kept in thousandths (12,5 m2 = 12 500), so at most three decimals. */
  quantityScale: 3,
  maxQuantity: 1_000_000,
  /** Unit prices in öre; at most 10 000 000 kr. */
  maxUnitPrice: 1_000_000_000,
  /** A row total of at most 1 000 000 000 kr keeps a 20 000-row plan's sum an exact JavaScript integer. */
  maxTotal: 100_000_000_000,
  textMax: 200,
  actionTextMax: 500,
} as const;

/** Case and runs of spaces do not matter when matching a name someone typed into a spreadsheet. */
const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');

function canonical<T extends string>(list: readonly T[], aliases: Record<string, T> = {}) {
  const byFolded = new Map<string, T>(list.map((v) => [fold(v), v]));
  for (const [alias, v] of Object.entries(aliases)) byFolded.set(fold(alias), v);
  return (input: string): T | null => byFolded.get(fold(input)) ?? null;
}

export const canonicalCategory = canonical(PLAN_CATEGORIES);
/** Spreadsheets often carry the superscript forms; they mean the same unit. */
export const canonicalUnit = canonical(PLAN_UNITS, { 'm²': 'm2', 'm³': 'm3', 'st.': 'st', 'h': 'tim', 'lm': 'lpm' });
export const canonicalStatus = canonical(PLAN_STATUSES);

/** A quantity in thousandths is within bounds: more than zero, at most PLAN_LIMITS.maxQuantity. */
export const quantityInRange = (quantityMilli: number) => quantityMilli > 0 && quantityMilli <= PLAN_LIMITS.maxQuantity * 1000;
/** quantity × unitPrice stays within PLAN_LIMITS.maxTotal. */
export const totalInRange = (quantityMilli: number, unitPrice: number) => lineTotal(quantityMilli, unitPrice) <= PLAN_LIMITS.maxTotal;

/** A refused file names its first problems; thousands of identical messages help nobody and bloat the answer. */
export const MAX_ISSUES = 500;

/** One action as the domain stores it: quantity in thousandths, unit price in öre. */
export interface PlanActionInput {
  property: string;
  building: string;
  category: PlanCategory;
  location: string;
  action: string;
  year: number;
  intervalYears: number | null;
  quantityMilli: number;
  unit: PlanUnit;
  unitPrice: number;
  status: PlanStatus;
  marking: string | null;
}

/** An action as the API receives it in `PUT .../plan` (already shape-checked by the contract). */
export interface PlanActionWire {
  id?: string;
  property: string;
  building: string;
  category: string;
  location: string;
  action: string;
  year: number;
  intervalYears?: number | null;
  quantity: number;
  unit: string;
  unitPrice: number;
  status?: string | null;
  marking?: string | null;
}

export function toPlanAction(r: Selectable<PlanActionTable>) {
  const quantityMilli = Number(r.quantity_milli);
  const unitPrice = Number(r.unit_price);
  return {
    id: r.id,
    property: r.property,
    building: r.building,
    category: r.category as PlanCategory,
    location: r.location,
    action: r.action,
    year: r.year,
    intervalYears: r.interval_years,
    quantity: fromMilli(quantityMilli),
    unit: r.unit as PlanUnit,
    unitPrice,
    total: lineTotal(quantityMilli, unitPrice),
    status: r.status as PlanStatus,
    marking: r.marking,
  };
}
