/** Normalization, defaults and guard calls shared by the catalog service files. */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { parseDate } from '../../platform/dates.js';
import { invalidValue, ruleViolation } from '../../platform/errors.js';
import { D, toDbAmount } from '../../platform/money.js';
import { catalogExpiryGuards, catalogUsageGuards } from './contract.js';
import { CHARGE_FIELD_BY_KEY, OVERAGE_MODELS_LIST } from './fields.js';
import { DISCOUNT_MODELS, PRPC_RESOURCE, type Namer, type NeutralPricing, type NeutralTier } from './rules.js';
import type { PricingInput, TierInput } from './types.js';

export const nowIso = (ctx: Ctx) => ctx.now().toString({ fractionalSecondDigits: 3 });
export const seqOf = (ctx: Ctx) => nextCounter(ctx, 'catalog-seq');

export function checkDate(v: unknown, field: string, nm: Namer): string {
  if (typeof v !== 'string' || !parseDate(v)) throw invalidValue(`${nm(field)} must be a date in the format YYYY-MM-DD, got '${String(v)}'`);
  return v;
}

export function decimalOrNull(v: unknown, field: string, nm: Namer): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'number' && typeof v !== 'string') throw invalidValue(`${nm(field)} must be a number`, PRPC_RESOURCE);
  try {
    const d = new D(v);
    if (!d.isFinite()) throw new Error('nan');
    return toDbAmount(d);
  } catch {
    throw invalidValue(`${nm(field)} must be a number, got '${String(v)}'`, PRPC_RESOURCE);
  }
}

export function normalizeAttr(key: string, v: unknown, nm: Namer): unknown {
  const f = CHARGE_FIELD_BY_KEY.get(key)!;
  if (v === null || v === undefined || v === '') return null;
  switch (f.kind) {
    case 'string': {
      if (typeof v !== 'string') throw invalidValue(`${nm(key)} must be a string`, PRPC_RESOURCE);
      let s = v;
      if (key === 'applyDiscountTo') s = s.replace(/\s*\(\d\)$/, '');
      if (key === 'billingTiming') s = ({ 'In Advance': 'IN_ADVANCE', 'In Arrears': 'IN_ARREARS' } as Record<string, string>)[s] ?? s;
      if ((s === 'None' || s === 'null') && f.enum && !f.enum.includes(s)) return null;
      if (f.enum && !f.enum.includes(s)) throw invalidValue(`'${nm(key)}' value should be one of: ${f.enum.join(', ')}`, PRPC_RESOURCE);
      return s;
    }
    case 'int': {
      const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidValue(`${nm(key)} must be an integer, got '${String(v)}'`, PRPC_RESOURCE);
      return n;
    }
    case 'decimal':
      return decimalOrNull(v, key, nm);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'True') return true;
      if (v === 'false' || v === 'False') return false;
      throw invalidValue(`${nm(key)} must be true or false`, PRPC_RESOURCE);
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`${nm(key)} must be an object`, PRPC_RESOURCE);
      return v;
    case 'array':
      if (!Array.isArray(v)) throw invalidValue(`${nm(key)} must be an array`, PRPC_RESOURCE);
      return v;
  }
}

export function normalizeTier(t: TierInput, nm: Namer): NeutralTier {
  const pf = t.priceFormat ?? null;
  if (pf !== null && pf !== 'FlatFee' && pf !== 'PerUnit') throw invalidValue(`${nm('priceFormat')} must be 'FlatFee' or 'PerUnit'`, PRPC_RESOURCE);
  return {
    startingUnit: decimalOrNull(t.startingUnit, 'startingUnit', nm),
    endingUnit: decimalOrNull(t.endingUnit, 'endingUnit', nm),
    price: decimalOrNull(t.price, 'price', nm),
    priceFormat: pf,
  };
}

export function normalizePricing(p: PricingInput, defaultCurrency: string, nm: Namer): NeutralPricing {
  const currency = (p.currency ?? defaultCurrency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw invalidValue(`${nm('currency')} '${p.currency}' is not a currency code`, PRPC_RESOURCE);
  return {
    currency,
    price: decimalOrNull(p.price, 'price', nm),
    tiers: (p.tiers ?? []).map((t) => normalizeTier(t, nm)),
    discountAmount: decimalOrNull(p.discountAmount, 'discountAmount', nm),
    discountPercentage: decimalOrNull(p.discountPercentage, 'discountPercentage', nm),
    overagePrice: decimalOrNull(p.overagePrice, 'overagePrice', nm),
  };
}

/** Defaults Zuora fills in, by charge type. */
export function applyDefaults(type: string, model: string, a: Record<string, unknown>): void {
  const set = (k: string, v: unknown) => {
    if (a[k] === null || a[k] === undefined) a[k] = v;
  };
  set('triggerEvent', 'ContractEffective');
  set('taxable', false);
  if (type === 'OneTime') {
    for (const k of ['billingPeriod', 'specificBillingPeriod', 'billingPeriodAlignment', 'billingTiming', 'billCycleType', 'billCycleDay', 'weeklyBillCycleDay', 'listPriceBase', 'specificListPriceBase', 'upToPeriods', 'upToPeriodsType'])
      a[k] = null;
    a.endDateCondition = 'OneTime';
  } else {
    set('endDateCondition', 'SubscriptionEnd');
    set('billCycleType', 'DefaultFromCustomer');
    set('billingPeriodAlignment', 'AlignToCharge');
    if (type === 'Recurring') {
      set('billingTiming', 'IN_ADVANCE');
      set('listPriceBase', 'Per Billing Period');
    } else {
      // usage is rated after the fact: always billed in arrears
      a.billingTiming = 'IN_ARREARS';
      set('ratingGroup', 'ByBillingPeriod');
    }
    if (a.endDateCondition === 'FixedPeriod') set('upToPeriodsType', 'Billing Periods');
    else {
      a.upToPeriods = null;
      a.upToPeriodsType = null;
    }
    if (a.listPriceBase !== 'Per Specific Months') a.specificListPriceBase = null;
    const bp = a.billingPeriod;
    if (bp !== 'Specific Months' && bp !== 'Specific Weeks' && bp !== 'Specific Days') a.specificBillingPeriod = null;
  }
  if (DISCOUNT_MODELS.has(model)) set('discountLevel', 'rateplan');
  if ((model === 'Tiered Pricing' || model === 'Volume Pricing') && (a.defaultQuantity === null || a.defaultQuantity === undefined)) a.defaultQuantity = '0';
  if (OVERAGE_MODELS_LIST.includes(model) && a.smoothingModel) set('overageCalculationOption', 'EndOfSmoothingPeriod');
  // the overage calculation option means nothing without smoothing, the rating group nothing outside usage
  if (!a.smoothingModel) a.overageCalculationOption = null;
  if (type !== 'Usage') a.ratingGroup = null;
}

export function productStatusOk(p: { effectiveStartDate: string; effectiveEndDate: string }, nm: Namer): void {
  if (p.effectiveStartDate > p.effectiveEndDate) throw invalidValue(`${nm('effectiveEndDate')} must not be before ${nm('effectiveStartDate')}`);
}

export async function runUsageGuards(ctx: Ctx, kind: 'product' | 'ratePlan' | 'charge', id: string, what: string): Promise<void> {
  for (const guard of catalogUsageGuards) {
    const reason = await guard(ctx, kind, id);
    if (reason) throw ruleViolation(`Cannot delete ${what} ${id}: ${reason}`);
  }
}

export async function runExpiryGuards(ctx: Ctx, kind: 'product' | 'ratePlan', id: string, newEnd: string, what: string): Promise<void> {
  for (const guard of catalogExpiryGuards) {
    const reason = await guard(ctx, kind, id, newEnd);
    if (reason) throw ruleViolation(`Cannot move the effective end date of ${what} ${id} to ${newEnd}: ${reason}`);
  }
}


/** Strings within their limits (Zuora's, which are also the column sizes). */
export function checkStrings(input: object, limits: Record<string, number>, nm: Namer): void {
  const o = input as Record<string, unknown>;
  for (const [k, max] of Object.entries(limits)) {
    const v = o[k];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') throw invalidValue(`${nm(k)} must be a string`);
    if (v.length > max) throw invalidValue(`${nm(k)} must be at most ${max} characters`);
  }
}

export const PRODUCT_LIMITS = { name: 255, sku: 50, productNumber: 100, category: 100, description: 500 };
export const RATE_PLAN_LIMITS = { name: 255, productRatePlanNumber: 100, externalIdSourceSystem: 100, description: 500 };
