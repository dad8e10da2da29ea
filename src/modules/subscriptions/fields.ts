/** Reading order action fields: each error names the field (its path in the request). */
import type { Ctx } from '../../platform/context.js';
import { pickCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { invalidValue } from '../../platform/errors.js';
import { D, toDbAmount } from '../../platform/money.js';
import type { PeriodType } from './model.js';
import { isDate, PERIOD_TYPES } from './terms.js';

type Obj = Record<string, unknown>;
/**
 * Resource codes. Zuora's docs name 531003 as the subscription's termType, so
 * the subscription object is taken as 531000; they give none for orders, whose
 * errors use the unknown resource 500000.
 */
export const RES_SUBSCRIPTION = 531000;
export const RES_TERM_TYPE = 531003;
export const RES_ORDER = 500000;

export interface TriggerDates {
  contractEffective: string;
  serviceActivation: string | null;
  customerAcceptance: string | null;
}

export interface ActionCtx {
  ctx: Ctx;
  /** Field path prefix for messages, e.g. `subscriptions[0].orderActions[1]`. */
  path: string;
  orderDate: string;
  today: string;
  triggers: TriggerDates;
  version: number;
  /** Trigger dates the action gave explicitly. */
  given: { serviceActivation: boolean; customerAcceptance: boolean };
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length ? v : undefined;
}

export function dateField(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (!isDate(v)) throw invalidValue(`'${field}' must be a date YYYY-MM-DD, got '${String(v)}'`, RES_ORDER);
  return v;
}

export function intField(v: unknown, field: string, min = 0): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw invalidValue(`'${field}' must be a whole number of at least ${min}, got '${String(v)}'`, RES_ORDER);
  return v;
}

export function decField(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    const d = new D(v as string);
    if (!d.isFinite()) throw new Error();
    return toDbAmount(d);
  } catch {
    throw invalidValue(`'${field}' must be a number, got '${String(v)}'`, RES_ORDER);
  }
}

export function periodTypeField(v: unknown, field: string, dflt: PeriodType): PeriodType {
  if (v === undefined || v === null) return dflt;
  if (!PERIOD_TYPES.includes(v as PeriodType)) throw invalidValue(`'${field}' must be one of ${PERIOD_TYPES.join(', ')}, got '${String(v)}'`, RES_ORDER);
  return v as PeriodType;
}

export function customFieldsOf(v: unknown, field: string): CustomFields {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw invalidValue(`'${field}' must be an object`, RES_ORDER);
  return pickCustomFields(v);
}
