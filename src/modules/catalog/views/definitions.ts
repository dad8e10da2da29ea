/**
 * The definitions view of the catalog.
 *
 * - A product rate plan definition lets an existing charge be used in another
 *   product rate plan: a link row (charge, rate plan); the charge stays where
 *   the model keeps it.
 * - A product charge definition gives a charge a different price and term setup
 *   (charge model, billing period, list price base, prices, taxes, ...) for a
 *   rate plan and/or a subscription term, over an effective period. Each charge
 *   also has a default definition: the charge itself as the model holds it
 *   (its id and number are the charge's; it is not stored here).
 *
 * Every definition is checked as the charge it would make (the charge with the
 * overrides applied) by the model's charge rules.
 */
import type { Ctx } from '../../../platform/context.js';
import { nextCounter } from '../../../platform/counters.js';
import { Category, errorCode, invalidValue, missingField, notFound, ruleViolation, UNKNOWN_RESOURCE, ZuoraError } from '../../../platform/errors.js';
import { formatNumber, newId, newProcessId } from '../../../platform/ids.js';
import { toDbAmount } from '../../../platform/money.js';
import { linkedChargeSources, type CatalogUsageGuard } from '../contract.js';
import { billingDay } from '../catalog-map.js';
import { BILLING_PERIODS, CATALOG_MODEL_NAME } from '../fields.js';
import * as model from './model.js';
import { chargeBy, missingParameter, nowIso, planBy, q, seq, T, usedIn, type Body, type ChargeDefRow } from './rateplan-definitions.js';

export { createRatePlanDefinition, deleteRatePlanDefinition, getRatePlanDefinition, listRatePlanDefinitions } from './rateplan-definitions.js';

// ---------------------------------------------------------------- product charge definitions

const CD_MODEL: Record<string, string> = {
  DiscountFixedAmount: 'Discount-Fixed Amount',
  DiscountPercentage: 'Discount-Percentage',
  FlatFee: 'Flat Fee Pricing',
  PerUnit: 'Per Unit Pricing',
  Tiered: 'Tiered Pricing',
  Volume: 'Volume Pricing',
  Delivery: 'Delivery Pricing',
};
const LPB: Record<string, string> = { Per_Billing_Period: 'Per Billing Period', Per_Month: 'Per Month', Per_Week: 'Per Week', Per_Year: 'Per Year', Per_Specific_Months: 'Per Specific Months' };
const LPB_BACK = Object.fromEntries(Object.entries(LPB).map(([k, v]) => [v, k]));
/** The fields a charge definition overrides, as the request names them → neutral keys. */
const OVERRIDABLE = ['billingPeriod', 'billingTiming', 'chargeModel', 'defaultQuantity', 'listPriceBase', 'specificBillingPeriod', 'specificListPriceBase', 'taxCode', 'taxMode', 'taxable', 'uom'] as const;

function normalizeDateTime(v: unknown, field: string): string {
  if (typeof v !== 'string') throw invalidValue(`'${field}' must be a date-time such as 2024-01-01 00:00:00`);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v.trim());
  if (!m) throw invalidValue(`'${field}' must be a date-time such as 2024-01-01 00:00:00, got '${v}'`);
  const d = new Date(`${m[1]}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[1]) throw invalidValue(`'${field}' is not a valid date: '${v}'`);
  return `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`;
}

/** `prices` of a definition request → the model's pricing input (tiers as objects; a nested array is flattened). */
function pricesToInput(prices: unknown): model.PricingInput[] {
  if (!Array.isArray(prices)) throw invalidValue(`'prices' must be a list`);
  const amount = (v: unknown, f: string) => {
    if (v !== null && v !== undefined && typeof v !== 'number') throw invalidValue(`'${f}' must be a number`);
    return v as number | null | undefined;
  };
  return prices.map((p: Body, i: number) => {
    if (!p || typeof p !== 'object') throw invalidValue(`'prices[${i}]' must be an object`);
    for (const k of ['price', 'discountAmount', 'discountPercentage', 'overagePrice']) amount(p[k], `prices[${i}].${k}`);
    if (!p.currency) throw missingField(`'prices[${i}].currency' is required`);
    const tiers = Array.isArray(p.tiers) ? (p.tiers as unknown[]).flat() : [];
    return {
      currency: p.currency,
      price: p.price ?? null,
      discountAmount: p.discountAmount ?? null,
      discountPercentage: p.discountPercentage ?? null,
      overagePrice: p.overagePrice ?? null,
      tiers: tiers.map((t: any, j: number) => {
        if (!t || typeof t !== 'object') throw invalidValue(`'prices[${i}].tiers[${j}]' must be an object`);
        const pf = t.priceFormat;
        for (const k of ['startingUnit', 'endingUnit', 'price']) amount(t[k], `prices[${i}].tiers[${j}].${k}`);
        if (pf !== undefined && pf !== null && !['Flat Fee', 'Per Unit', 'FlatFee', 'PerUnit'].includes(pf)) throw invalidValue(`'prices[${i}].tiers[${j}].priceFormat' must be 'Flat Fee' or 'Per Unit'`);
        return { startingUnit: t.startingUnit, endingUnit: t.endingUnit ?? null, price: t.price, priceFormat: pf ? (pf.replace(' ', '') as 'FlatFee' | 'PerUnit') : 'PerUnit' };
      }),
    };
  });
}

/** Reads the overridable fields of a request into neutral keys. */
function overridesOf(b: Body): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of OVERRIDABLE) {
    if (b[k] === undefined) continue;
    let v = b[k];
    if (k === 'chargeModel' && v !== null) {
      v = CD_MODEL[v as string];
      if (!v) throw invalidValue(`'chargeModel' value should be one of: ${Object.keys(CD_MODEL).join(', ')}`);
    }
    if (k === 'billingPeriod' && v !== null) {
      // the catalog API spells them with underscores (Specific_Months); the model with spaces and hyphens
      const found = BILLING_PERIODS.find((x) => x === v || x.replace(/[ -]/g, '_') === v);
      if (!found) throw invalidValue(`'billingPeriod' value should be one of: ${BILLING_PERIODS.join(', ')}`);
      v = found;
    }
    if (k === 'listPriceBase' && v !== null) {
      v = LPB[v as string];
      if (!v) throw invalidValue(`'listPriceBase' value should be one of: ${Object.keys(LPB).join(', ')}`);
    }
    if (k === 'defaultQuantity' && v !== null) {
      if (typeof v !== 'number') throw invalidValue(`'defaultQuantity' must be a number`);
      v = toDbAmount(v);
    }
    if ((k === 'specificBillingPeriod' || k === 'specificListPriceBase') && v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < 1))
      throw invalidValue(`'${k}' must be a positive whole number`);
    if (k === 'specificListPriceBase' && typeof v === 'number' && v > 200) throw invalidValue(`'specificListPriceBase' must be at most 200`);
    o[k] = v;
  }
  return o;
}

function checkTerm(t: { term_type: string | null; term_period_type: string | null; term: number | null }): void {
  if (t.term_type === 'TERMED') {
    if (t.term === null) throw missingField(`'term' is required when 'termType' is TERMED`);
    if (!Number.isInteger(t.term) || t.term < 1) throw invalidValue(`'term' must be a positive whole number`);
    if (!t.term_period_type) throw missingField(`'termPeriodType' is required when 'termType' is TERMED`);
  } else {
    if (t.term !== null) throw invalidValue(`'term' applies only when 'termType' is TERMED`);
    if (t.term_period_type) throw invalidValue(`'termPeriodType' applies only when 'termType' is TERMED`);
  }
}

const cdNamer = (k: string) => {
  const names: Record<string, string> = { price: 'prices.price', tiers: 'prices.tiers', startingUnit: 'prices.tiers.startingUnit', endingUnit: 'prices.tiers.endingUnit', currency: 'prices.currency', discountAmount: 'prices.discountAmount', discountPercentage: 'prices.discountPercentage', overagePrice: 'prices.overagePrice' };
  return `'${names[k] ?? k}'`;
};

interface Effective {
  charge: model.ChargeRecord;
  plan: model.RatePlanRecord;
}

/**
 * Checks a definition as the charge it makes: the charge with the overrides and
 * prices applied, against the currencies of the rate plan it is priced in.
 */
function checkAsCharge(e: Effective, overrides: Record<string, unknown>, prices: model.PricingInput[] | null): void {
  const attrs = { ...e.charge.attrs, ...overrides };
  delete attrs.chargeModel;
  const chargeModel = (overrides.chargeModel as string | undefined) ?? e.charge.chargeModel;
  const pricing: model.NeutralPricing[] = (
    prices ??
    e.charge.pricing.map((p) => ({ currency: p.currency, price: p.price, tiers: p.tiers, discountAmount: p.discountAmount, discountPercentage: p.discountPercentage, overagePrice: p.overagePrice }))
  ).map((p) => ({
    currency: String(p.currency).toUpperCase(),
    price: p.price === null || p.price === undefined ? null : toDbAmount(p.price),
    tiers: (p.tiers ?? []).map((t) => ({
      startingUnit: t.startingUnit === null || t.startingUnit === undefined ? null : toDbAmount(t.startingUnit),
      endingUnit: t.endingUnit === null || t.endingUnit === undefined ? null : toDbAmount(t.endingUnit),
      price: t.price === null || t.price === undefined ? null : toDbAmount(t.price),
      priceFormat: t.priceFormat ?? 'PerUnit',
    })),
    discountAmount: p.discountAmount === null || p.discountAmount === undefined ? null : toDbAmount(p.discountAmount),
    discountPercentage: p.discountPercentage === null || p.discountPercentage === undefined ? null : toDbAmount(p.discountPercentage),
    overagePrice: p.overagePrice === null || p.overagePrice === undefined ? null : toDbAmount(p.overagePrice),
  }));
  const err = model.checkCharge({ name: e.charge.name, chargeType: e.charge.chargeType, chargeModel, attrs, pricing }, e.plan.activeCurrencies, cdNamer);
  if (err) throw err;
}

async function checkOverlap(ctx: Ctx, r: Omit<ChargeDefRow, 'tenant_id' | 'created_at' | 'updated_at' | 'seq' | 'overrides' | 'prices' | 'number'>): Promise<void> {
  // one writer per charge at a time: the counter row stays locked until this transaction ends,
  // so a concurrent definition of the same charge sees this one before checking
  await nextCounter(ctx, `catalog-cd-lock-${r.charge_id}`);
  const others = await q(ctx).selectFrom('catalog_charge_definitions').selectAll().where('tenant_id', '=', T(ctx)).where('charge_id', '=', r.charge_id).where('id', '!=', r.id).execute();
  for (const o of others) {
    if (o.rate_plan_id !== r.rate_plan_id || o.term_type !== r.term_type || o.term_period_type !== r.term_period_type || (o.term === null ? null : Number(o.term)) !== r.term) continue;
    if (o.effective_start < r.effective_end && r.effective_start < o.effective_end)
      throw ruleViolation(`The effective period overlaps the product charge definition ${o.number} of the same charge, rate plan and term (${o.effective_start} to ${o.effective_end})`);
  }
}

async function effectiveFor(ctx: Ctx, charge: model.ChargeRecord, planId: string | null): Promise<Effective> {
  const plan = (await model.getRatePlan(ctx, planId ?? charge.productRatePlanId))!;
  return { charge, plan };
}

async function createOne(ctx: Ctx, b: Body): Promise<{ id: string; number: string }> {
  if (!b || typeof b !== 'object') throw invalidValue(`A product charge definition must be an object`);
  const charge = await chargeBy(ctx, b.productRatePlanChargeId, b.productRatePlanChargeNumber, 'productRatePlanCharge');
  const plan = await planBy(ctx, b.productRatePlanId, b.productRatePlanNumber, 'productRatePlan', false);
  if (plan && !(await usedIn(ctx, charge, plan.id)))
    throw ruleViolation(`The charge ${charge.productRatePlanChargeNumber} is not used in the product rate plan ${plan.productRatePlanNumber}: create a product rate plan definition first`);
  if (b.effectiveStartDate === undefined || b.effectiveStartDate === null) throw missingField(`'effectiveStartDate' is required`);
  if (b.effectiveEndDate === undefined || b.effectiveEndDate === null) throw missingField(`'effectiveEndDate' is required`);
  const start = normalizeDateTime(b.effectiveStartDate, 'effectiveStartDate');
  const end = normalizeDateTime(b.effectiveEndDate, 'effectiveEndDate');
  if (end <= start) throw invalidValue(`'effectiveEndDate' must be after 'effectiveStartDate'`);
  const term = { term_type: b.termType ?? null, term_period_type: b.termPeriodType ?? null, term: b.term ?? null };
  if (term.term !== null && typeof term.term !== 'number') throw invalidValue(`'term' must be a number`);
  checkTerm(term);
  const overrides = overridesOf(b);
  const prices = b.prices === undefined || b.prices === null ? null : pricesToInput(b.prices);
  checkAsCharge(await effectiveFor(ctx, charge, plan?.id ?? null), overrides, prices);
  const id = newId();
  await checkOverlap(ctx, { id, charge_id: charge.id, rate_plan_id: plan?.id ?? null, effective_start: start, effective_end: end, ...term });
  const number = formatNumber('CD-', await nextCounter(ctx, 'catalog-charge-definition'));
  const now = nowIso(ctx);
  await q(ctx)
    .insertInto('catalog_charge_definitions')
    .values({
      id,
      tenant_id: T(ctx),
      number,
      charge_id: charge.id,
      rate_plan_id: plan?.id ?? null,
      effective_start: start,
      effective_end: end,
      ...term,
      overrides: JSON.stringify(overrides),
      prices: prices ? JSON.stringify(prices) : null,
      created_at: now,
      updated_at: now,
      seq: await seq(ctx),
    })
    .execute();
  return { id, number };
}

export async function createChargeDefinition(ctx: Ctx, b: Body): Promise<Body> {
  const r = await createOne(ctx, b);
  return { chargeDefinitionId: r.id, chargeDefinitionNumber: r.number, success: true };
}

/** Each definition lands or fails on its own (Zuora answers a result per item). */
export async function createChargeDefinitionsBulk(_ctx: Ctx, b: Body, runEach: <R>(fn: (ctx: Ctx) => Promise<R>) => Promise<R>): Promise<Body> {
  const list = b.productChargeDefinitions;
  if (!Array.isArray(list) || list.length === 0) throw missingField(`'productChargeDefinitions' must list at least one product charge definition`);
  if (list.length > 1000) throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), `At most 1000 product charge definitions can be created in one request, got ${list.length}`);
  const results: Body[] = [];
  const failures: number[] = [];
  for (const [i, item] of list.entries()) {
    try {
      const r = await runEach((c) => createOne(c, item));
      results.push({ success: true, chargeDefinitionId: r.id, chargeDefinitionNumber: r.number });
    } catch (e) {
      if (!(e instanceof ZuoraError)) throw e;
      failures.push(i);
      results.push({ success: false, processId: newProcessId(), reasons: e.reasons.map((x) => ({ code: String(x.code), message: x.message })) });
    }
  }
  return { summary: { successCount: list.length - failures.length, failureCount: failures.length, failures }, results, success: true };
}

// ---------------------------------------------------------------- reading

/** The catalog API's spelling of enum values: spaces and hyphens become underscores. */
const underscore = (v: unknown) => (typeof v === 'string' ? v.replace(/[ -]/g, '_') : null);
const END_COND: Record<string, string> = { SubscriptionEnd: 'Subscription_End', FixedPeriod: 'Fixed_Period', OneTime: 'One_Time', SpecificEndDate: 'Specific_End_Date' };
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

function pricesView(chargeModel: string, pricing: model.PricingInput[] | model.ChargeRecord['pricing'], includedUnits: unknown): Body[] {
  const tiered = ['Tiered Pricing', 'Volume Pricing', 'Tiered with Overage Pricing', 'HighWatermarkVolumePricing', 'HighWatermarkTieredPricing'].includes(chargeModel);
  return (pricing as Body[]).map((p) => {
    const out: Body = { currency: String(p.currency).toUpperCase() };
    if (chargeModel === 'Discount-Fixed Amount') out.discountAmount = num(p.discountAmount);
    else if (chargeModel === 'Discount-Percentage') out.discountPercentage = num(p.discountPercentage);
    else if (tiered)
      out.tiers = (p.tiers ?? []).map((t: Body, i: number) => ({
        tier: t.tier ?? i + 1,
        currency: out.currency,
        startingUnit: num(t.startingUnit),
        endingUnit: num(t.endingUnit),
        price: num(t.price),
        priceFormat: t.priceFormat === 'FlatFee' ? 'Flat Fee' : 'Per Unit',
      }));
    else out.price = num(p.price);
    if (p.overagePrice !== null && p.overagePrice !== undefined) out.overagePrice = num(p.overagePrice);
    if (includedUnits !== null && includedUnits !== undefined) out.includedUnits = num(includedUnits);
    return out;
  });
}

/**
 * One definition in the spec's shape. `own` are the fields the definition sets
 * (all of them for the default); with `hide` the others are null, else they
 * come from the charge.
 */
function cdView(
  charge: model.ChargeRecord,
  plan: model.RatePlanRecord | undefined,
  d: { id: string; number: string | null; isDefault: boolean; start: string | null; end: string | null; termType: string | null; termPeriodType: string | null; term: number | null },
  own: Record<string, unknown> | null,
  prices: model.PricingInput[] | null,
  hide: boolean,
): Body {
  const base = charge.attrs;
  const a: Record<string, unknown> = hide && own ? { ...Object.fromEntries(Object.keys(base).map((k) => [k, null])), ...own } : { ...base, ...(own ?? {}) };
  const chargeModel = (own?.chargeModel as string | undefined) ?? (hide && own ? null : charge.chargeModel);
  const effPrices = prices ?? (hide && own ? null : charge.pricing);
  const bool = (k: string) => (a[k] === null || a[k] === undefined ? (hide && own ? null : false) : a[k] === true);
  return {
    applyDiscountTo: a.applyDiscountTo ?? null,
    billingDay: billingDay({ billCycleType: a.billCycleType, billCycleDay: a.billCycleDay, weeklyBillCycleDay: a.weeklyBillCycleDay } as unknown as model.ChargeRecord),
    billingPeriod: underscore(a.billingPeriod),
    billingPeriodAlignment: a.billingPeriodAlignment ?? null,
    billingTiming: a.billingTiming ?? null,
    chargeModel: chargeModel ? (CATALOG_MODEL_NAME[chargeModel] ?? chargeModel) : null,
    chargeType: charge.chargeType,
    customFields: charge.customFields,
    defaultQuantity: num(a.defaultQuantity),
    deliverySchedule: a.deliverySchedule ?? null,
    description: a.description ?? null,
    discountClass: null,
    discountLevel: a.discountLevel ?? null,
    effectiveEndDate: d.end,
    effectiveStartDate: d.start,
    endDateCondition: a.endDateCondition ? (END_COND[a.endDateCondition as string] ?? a.endDateCondition) : null,
    financeInformation: {
      accountsReceivableAccountingCode: null,
      accountsReceivableAccountingCodeType: null,
      adjustmentLiabilityAccountingCode: a.adjustmentLiabilityAccount ?? null,
      adjustmentRevenueAccountingCode: a.adjustmentRevenueAccount ?? null,
      contractAssetAccountingCode: a.contractAssetAccount ?? null,
      contractLiabilityAccountingCode: a.contractLiabilityAccount ?? null,
      contractRecognizedRevenueAccountingCode: a.contractRecognizedRevenueAccount ?? null,
      deferredRevenueAccountingCode: a.deferredRevenueAccount ?? null,
      deferredRevenueAccountingCodeType: null,
      recognizedRevenueAccountingCode: a.recognizedRevenueAccount ?? null,
      recognizedRevenueAccountingCodeType: null,
      unbilledReceivablesAccountingCode: a.unbilledReceivablesAccount ?? null,
    },
    isDefault: d.isDefault,
    isStackedDiscount: bool('isStackedDiscount'),
    listPriceBase: a.listPriceBase ? (LPB_BACK[a.listPriceBase as string] ?? a.listPriceBase) : null,
    numberOfPeriods: a.numberOfPeriod ?? null,
    overageCalculationOption: a.overageCalculationOption ?? null,
    overageUnusedUnitsCreditOption: a.overageUnusedUnitsCreditOption ?? null,
    priceChangeOption: a.priceChangeOption ?? null,
    priceIncreasePercentage: num(a.priceIncreasePercentage),
    prices: effPrices ? pricesView((own?.chargeModel as string | undefined) ?? charge.chargeModel, effPrices, a.includedUnits) : [],
    productChargeDefinitionId: d.id,
    productChargeDefinitionNumber: d.number,
    productDiscountApplyDetails: (a.productDiscountApplyDetails as unknown[]) ?? [],
    productRatePlanChargeId: charge.id,
    productRatePlanChargeNumber: charge.productRatePlanChargeNumber,
    productRatePlanId: plan?.id ?? null,
    productRatePlanName: plan?.name ?? null,
    productRatePlanNumber: plan?.productRatePlanNumber ?? null,
    ratingGroup: a.ratingGroup ?? null,
    revRecCode: a.revRecCode ?? null,
    revRecTriggerCondition: a.revRecTriggerCondition ?? null,
    revenueRecognitionRuleName: a.revenueRecognitionRuleName ?? (hide && own ? null : 'Recognize upon invoicing'),
    smoothingModel: a.smoothingModel ?? null,
    specificBillingPeriod: a.specificBillingPeriod ?? null,
    specificListPriceBase: a.specificListPriceBase ?? null,
    taxCode: a.taxCode ?? null,
    taxMode: a.taxMode ?? null,
    taxable: bool('taxable'),
    term: d.term,
    termPeriodType: d.termPeriodType,
    termType: d.termType,
    triggerEvent: a.triggerEvent ?? null,
    uom: a.uom ?? null,
    upToPeriods: a.upToPeriods ?? null,
    upToPeriodsType: underscore(a.upToPeriodsType),
    usageRecordRatingOption: a.usageRecordRatingOption ?? null,
    useDiscountSpecificAccountingCode: a.useDiscountSpecificAccountingCode ?? null,
    useTenantDefaultForPriceChange: a.useTenantDefaultForPriceChange ?? (hide && own ? null : true),
  };
}

async function defaultView(ctx: Ctx, charge: model.ChargeRecord): Promise<Body> {
  const plan = await model.getRatePlan(ctx, charge.productRatePlanId);
  const dt = (d: string | null | undefined) => (d ? `${d} 00:00:00` : null);
  return cdView(
    charge,
    undefined,
    { id: charge.id, number: null, isDefault: true, start: dt(plan?.effectiveStartDate), end: dt(plan?.effectiveEndDate), termType: null, termPeriodType: null, term: null },
    null,
    null,
    false,
  );
}

async function rowView(ctx: Ctx, r: ChargeDefRow, hide: boolean): Promise<Body | undefined> {
  const charge = await model.getCharge(ctx, r.charge_id);
  if (!charge) return undefined;
  const plan = r.rate_plan_id ? await model.getRatePlan(ctx, r.rate_plan_id) : undefined;
  return cdView(
    charge,
    plan,
    { id: r.id, number: r.number, isDefault: false, start: r.effective_start, end: r.effective_end, termType: r.term_type, termPeriodType: r.term_period_type, term: r.term === null ? null : Number(r.term) },
    JSON.parse(r.overrides) as Record<string, unknown>,
    r.prices ? (JSON.parse(r.prices) as model.PricingInput[]) : null,
    hide,
  );
}

async function findCd(ctx: Ctx, key: string): Promise<ChargeDefRow | undefined> {
  return q(ctx)
    .selectFrom('catalog_charge_definitions')
    .selectAll()
    .where('tenant_id', '=', T(ctx))
    .where((eb) => eb.or([eb('id', '=', key), eb('number', '=', key)]))
    .executeTakeFirst();
}

export async function getChargeDefinition(ctx: Ctx, key: string, hide: boolean): Promise<Body> {
  const r = await findCd(ctx, key);
  if (r) return { ...(await rowView(ctx, r, hide)), success: true };
  const charge = await model.getCharge(ctx, key);
  if (charge) return { ...(await defaultView(ctx, charge)), success: true };
  throw notFound(`The product charge definition '${key}' does not exist`);
}

/** The definitions of a charge other than its default one, in the definitions API's shape. */
export async function chargeDefinitionsOf(ctx: Ctx, chargeId: string): Promise<Body[]> {
  const rows = await q(ctx).selectFrom('catalog_charge_definitions').selectAll().where('tenant_id', '=', T(ctx)).where('charge_id', '=', chargeId).orderBy('seq').execute();
  const out: Body[] = [];
  for (const r of rows) {
    const v = await rowView(ctx, r, false);
    if (v) out.push(v);
  }
  return out;
}

export async function listChargeDefinitions(ctx: Ctx, query: { charge?: string; rateplan?: string; hide?: boolean }): Promise<Body> {
  if (!query.charge && !query.rateplan) throw missingParameter(`'charge' or 'rateplan' is required`);
  let charges: model.ChargeRecord[];
  let plan: model.RatePlanRecord | undefined;
  if (query.rateplan) {
    plan = await model.getRatePlan(ctx, query.rateplan);
    if (!plan) throw notFound(`The product rate plan '${query.rateplan}' does not exist`);
    // the model's plan read already carries the charges linked into the plan
    charges = [...plan.charges];
  } else charges = [];
  if (query.charge) {
    const c = await model.getCharge(ctx, query.charge);
    if (!c) throw notFound(`The product rate plan charge '${query.charge}' does not exist`);
    charges = plan ? charges.filter((x) => x.id === c.id) : [c];
  }
  const out: Body[] = [];
  for (const c of charges) {
    out.push(await defaultView(ctx, c));
    let qb = q(ctx).selectFrom('catalog_charge_definitions').selectAll().where('tenant_id', '=', T(ctx)).where('charge_id', '=', c.id);
    if (plan) qb = qb.where((eb) => eb.or([eb('rate_plan_id', '=', plan!.id), eb('rate_plan_id', 'is', null)]));
    for (const r of await qb.orderBy('seq').execute()) {
      const v = await rowView(ctx, r, query.hide === true);
      if (v) out.push(v);
    }
  }
  return { chargeDefinitions: out, success: true };
}

// ---------------------------------------------------------------- updating and deleting

async function updateOne(ctx: Ctx, key: string, b: Body): Promise<Body> {
  if (!b || typeof b !== 'object') throw invalidValue(`A product charge definition update must be an object`);
  for (const k of ['productRatePlanChargeId', 'productRatePlanChargeNumber', 'productRatePlanId', 'productRatePlanNumber'])
    if (b[k] !== undefined) throw invalidValue(`'${k}' of a product charge definition cannot be changed`);
  const r = await findCd(ctx, key);
  const overrides = overridesOf(b);
  const prices = b.prices === undefined || b.prices === null ? null : pricesToInput(b.prices);
  if (!r) {
    // the default definition is the charge itself: the update goes to the charge
    const charge = await model.getCharge(ctx, key);
    if (!charge) throw notFound(`The product charge definition '${key}' does not exist`);
    for (const k of ['effectiveStartDate', 'effectiveEndDate', 'termType', 'termPeriodType', 'term'])
      if (b[k] !== undefined) throw ruleViolation(`'${k}' cannot be set on the default product charge definition: it is the charge itself`);
    const patch: model.ChargeInput = { ...overrides };
    if (prices) patch.pricing = prices;
    const updated = await model.updateCharge(ctx, charge.id, patch, { namer: cdNamer });
    return defaultView(ctx, updated);
  }
  const charge = (await model.getCharge(ctx, r.charge_id))!;
  const start = b.effectiveStartDate !== undefined ? normalizeDateTime(b.effectiveStartDate, 'effectiveStartDate') : r.effective_start;
  const end = b.effectiveEndDate !== undefined ? normalizeDateTime(b.effectiveEndDate, 'effectiveEndDate') : r.effective_end;
  if (end <= start) throw invalidValue(`'effectiveEndDate' must be after 'effectiveStartDate'`);
  const term = {
    term_type: b.termType !== undefined ? b.termType : r.term_type,
    term_period_type: b.termPeriodType !== undefined ? b.termPeriodType : r.term_period_type,
    term: b.term !== undefined ? b.term : r.term === null ? null : Number(r.term),
  };
  if (b.termType === 'EVERGREEN' || b.termType === null) {
    if (b.term === undefined) term.term = null;
    if (b.termPeriodType === undefined) term.term_period_type = null;
  }
  if (term.term !== null && typeof term.term !== 'number') throw invalidValue(`'term' must be a number`);
  checkTerm(term);
  const merged = { ...(JSON.parse(r.overrides) as Record<string, unknown>), ...overrides };
  const newPrices = prices ?? (r.prices ? (JSON.parse(r.prices) as model.PricingInput[]) : null);
  checkAsCharge(await effectiveFor(ctx, charge, r.rate_plan_id), merged, newPrices);
  await checkOverlap(ctx, { id: r.id, charge_id: r.charge_id, rate_plan_id: r.rate_plan_id, effective_start: start, effective_end: end, ...term });
  await q(ctx)
    .updateTable('catalog_charge_definitions')
    .set({ effective_start: start, effective_end: end, ...term, overrides: JSON.stringify(merged), prices: newPrices ? JSON.stringify(newPrices) : null, updated_at: nowIso(ctx) })
    .where('tenant_id', '=', T(ctx))
    .where('id', '=', r.id)
    .execute();
  return (await rowView(ctx, (await findCd(ctx, r.id))!, false))!;
}

export async function updateChargeDefinition(ctx: Ctx, key: string, b: Body): Promise<Body> {
  return { ...(await updateOne(ctx, key, b)), success: true };
}

/** All or nothing: one transaction for the whole list. */
export async function updateChargeDefinitionsBulk(ctx: Ctx, b: Body): Promise<Body> {
  const list = b.productChargeDefinitions;
  if (!Array.isArray(list) || list.length === 0) throw missingField(`'productChargeDefinitions' must list at least one product charge definition`);
  if (list.length > 1000) throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), `At most 1000 product charge definitions can be updated in one request, got ${list.length}`);
  const out: Body[] = [];
  for (const [i, item] of (list as Body[]).entries()) {
    if (!item?.productChargeDefinitionKey) throw missingField(`'productChargeDefinitions[${i}].productChargeDefinitionKey' is required`);
    const { productChargeDefinitionKey, ...rest } = item;
    try {
      out.push(await updateOne(ctx, productChargeDefinitionKey, rest));
    } catch (e) {
      if (e instanceof ZuoraError) {
        e.reasons[0]!.message = `productChargeDefinitions[${i}]: ${e.reasons[0]!.message}`;
      }
      throw e;
    }
  }
  return { chargeDefinitions: out, success: true };
}

export async function deleteChargeDefinition(ctx: Ctx, key: string): Promise<Body> {
  const r = await findCd(ctx, key);
  if (!r) {
    if (await model.getCharge(ctx, key)) throw ruleViolation(`The default product charge definition of a charge cannot be deleted`);
    throw notFound(`The product charge definition '${key}' does not exist`);
  }
  await q(ctx).deleteFrom('catalog_charge_definitions').where('tenant_id', '=', T(ctx)).where('id', '=', r.id).execute();
  return { success: true };
}

// ---------------------------------------------------------------- guards on the model

/** A charge priced by a definition, or a plan a definition links, is not deleted from under it. */
export const definitionsUsageGuard: CatalogUsageGuard = async (ctx, kind, id) => {
  if (kind === 'charge') {
    const cd = await q(ctx).selectFrom('catalog_charge_definitions').select('number').where('tenant_id', '=', T(ctx)).where('charge_id', '=', id).executeTakeFirst();
    if (cd) return `used by product charge definition ${cd.number}`;
    const l = await q(ctx).selectFrom('catalog_rateplan_definitions').select('id').where('tenant_id', '=', T(ctx)).where('charge_id', '=', id).executeTakeFirst();
    if (l) return `used in another product rate plan by product rate plan definition ${l.id}`;
  }
  if (kind === 'ratePlan') {
    const l = await q(ctx).selectFrom('catalog_rateplan_definitions').select('id').where('tenant_id', '=', T(ctx)).where('rate_plan_id', '=', id).executeTakeFirst();
    if (l) return `it uses a shared charge through product rate plan definition ${l.id}`;
    const cd = await q(ctx).selectFrom('catalog_charge_definitions').select('number').where('tenant_id', '=', T(ctx)).where('rate_plan_id', '=', id).executeTakeFirst();
    if (cd) return `used by product charge definition ${cd.number}`;
  }
  return null;
};

// ---------------------------------------------------------------- linked charges in the model's plan reads

/** A rate plan definition makes its charge one of the target plan's charges wherever the plan is read; deleting it unlinks. */
linkedChargeSources.push(async (ctx, ratePlanIds) => {
  if (ratePlanIds.length === 0) return [];
  const rows = await q(ctx)
    .selectFrom('catalog_rateplan_definitions')
    .select(['rate_plan_id', 'charge_id'])
    .where('tenant_id', '=', T(ctx))
    .where('rate_plan_id', 'in', ratePlanIds)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ratePlanId: r.rate_plan_id, chargeId: r.charge_id }));
});
