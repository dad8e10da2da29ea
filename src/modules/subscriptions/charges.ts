/** Charges and their segments: built from the catalog, ended, split at a date, re-aligned with the term. */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { invalidValue, missingField, ruleViolation } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { D } from '../../platform/money.js';
import type { CatalogCharge, CatalogRatePlan } from '../catalog/contract.js';
import { catalog } from './deps.js';
import { customFieldsOf, dateField, decField, intField, isObj, RES_ORDER, str, type ActionCtx } from './fields.js';
import type { ChargeDoc, PeriodType, RatePlanDoc, SegmentDoc, SubscriptionDoc } from './model.js';
import { addDays, addPeriod, before, cmp, endAfter } from './terms.js';

type Obj = Record<string, unknown>;

const MODEL: Record<string, string> = {
  'Flat Fee Pricing': 'FlatFee',
  'Per Unit Pricing': 'PerUnit',
  'Tiered Pricing': 'Tiered',
  'Volume Pricing': 'Volume',
  'Overage Pricing': 'Overage',
  'Tiered with Overage Pricing': 'TieredWithOverage',
  'Discount-Fixed Amount': 'DiscountFixedAmount',
  'Discount-Percentage': 'DiscountPercentage',
  'Delivery Pricing': 'Delivery',
  'MultiAttributePricing': 'MultiAttributePricing',
  'PreratedPerUnit': 'PreratedPerUnit',
  'PreratedPricing': 'PreratedPricing',
  'HighWatermarkVolumePricing': 'HighWatermarkVolumePricing',
  'HighWatermarkTieredPricing': 'HighWatermarkTieredPricing',
};
export const modelOf = (chargeModel: string) => MODEL[chargeModel] ?? chargeModel.replace(/[^A-Za-z]/g, '');

/** Catalog spellings ('Semi-Annual', 'Per Billing Period', 'SubscriptionEnd') in the subscription API's form. */
export function underscored(v: string | null): string | null {
  return v === null ? null : v.trim().replace(/[\s-]+/g, '_');
}
const END_CONDITION: Record<string, string> = {
  SubscriptionEnd: 'Subscription_End',
  FixedPeriod: 'Fixed_Period',
  SpecificEndDate: 'Specific_End_Date',
  OneTime: 'One_Time',
};
export function endConditionOf(v: string | null | undefined): string {
  if (!v) return 'Subscription_End';
  return END_CONDITION[v] ?? underscored(v)!;
}

// ---------------------------------------------------------------- terms

export function termEndOf(start: string, period: number, type: PeriodType): string {
  return addPeriod(start, period, type);
}

/** Charge end by its end date condition; `termEnd` null = open-ended. */
export function chargeEnd(c: ChargeDoc, start: string, termEnd: string | null): string | null {
  if (c.endDateCondition === 'Fixed_Period' || c.endDateCondition === 'FixedPeriod') {
    const n = c.upToPeriods ?? 1;
    let end: string;
    switch (c.upToPeriodsType) {
      case 'Days':
        end = addPeriod(start, n, 'Day');
        break;
      case 'Weeks':
        end = addPeriod(start, n, 'Week');
        break;
      case 'Months':
        end = addPeriod(start, n, 'Month');
        break;
      case 'Years':
        end = addPeriod(start, n, 'Year');
        break;
      default:
        end = billingPeriodsEnd(c, start, n);
    }
    return termEnd !== null && before(termEnd, end) ? termEnd : end;
  }
  if ((c.endDateCondition === 'Specific_End_Date' || c.endDateCondition === 'SpecificEndDate') && c.specificEndDate) return c.specificEndDate;
  if (c.type === 'OneTime') return addDays(start, 1);
  return termEnd;
}

export function billingPeriodsEnd(c: ChargeDoc, start: string, n: number): string {
  switch (c.billingPeriod) {
    case 'Quarter':
      return addPeriod(start, 3 * n, 'Month');
    case 'Semi_Annual':
    case 'Semi-Annual':
      return addPeriod(start, 6 * n, 'Month');
    case 'Annual':
      return addPeriod(start, n, 'Year');
    case 'Week':
      return addPeriod(start, n, 'Week');
    case 'Specific_Weeks':
    case 'Specific Weeks':
      return addPeriod(start, n * (c.specificBillingPeriod ?? 1), 'Week');
    case 'Specific_Months':
    case 'Specific Months':
      return addPeriod(start, n * (c.specificBillingPeriod ?? 1), 'Month');
    default:
      return addPeriod(start, n, 'Month');
  }
}

/** After the term end moved, charges that ended with the subscription follow it. */
export function realignEnds(doc: SubscriptionDoc, oldEnd: string | null, newEnd: string | null): void {
  for (const rp of doc.ratePlans) {
    if (rp.removedDate) continue;
    for (const c of rp.charges) {
      if (c.endDateCondition !== 'Subscription_End' && c.endDateCondition !== 'SubscriptionEnd') continue;
      const last = c.segments[c.segments.length - 1];
      if (last && last.effectiveEndDate === oldEnd && (newEnd === null || before(last.effectiveStartDate, newEnd))) last.effectiveEndDate = newEnd;
      if (c.suspendedEnd !== undefined && c.suspendedEnd === oldEnd) c.suspendedEnd = newEnd;
    }
  }
  if (doc.subscriptionEndDate === oldEnd || doc.termType === 'EVERGREEN') doc.subscriptionEndDate = newEnd;
}

// ---------------------------------------------------------------- charges

interface PricingOverride {
  price?: string;
  quantity?: string;
  tiers?: SegmentDoc['tiers'];
  discountAmount?: string;
  discountPercentage?: string;
  includedUnits?: string;
  overagePrice?: string;
  listPriceBase?: string;
}

export function readPricing(v: unknown, field: string): PricingOverride {
  const out: PricingOverride = {};
  if (v === undefined || v === null) return out;
  if (!isObj(v)) throw invalidValue(`'${field}' must be an object`, RES_ORDER);
  for (const [model, p] of Object.entries(v)) {
    if (!isObj(p)) continue;
    const f = `${field}.${model}`;
    const price = decField(p.listPrice, `${f}.listPrice`);
    if (price !== undefined) out.price = price;
    const qty = decField(p.quantity, `${f}.quantity`);
    if (qty !== undefined) {
      if (new D(qty).isNeg()) throw invalidValue(`'${f}.quantity' must not be negative, got '${qty}'`, RES_ORDER);
      out.quantity = qty;
    }
    const da = decField(p.discountAmount, `${f}.discountAmount`);
    if (da !== undefined) out.discountAmount = da;
    const dp = decField(p.discountPercentage, `${f}.discountPercentage`);
    if (dp !== undefined) out.discountPercentage = dp;
    const iu = decField(p.includedUnits, `${f}.includedUnits`);
    if (iu !== undefined) out.includedUnits = iu;
    const op = decField(p.overagePrice, `${f}.overagePrice`);
    if (op !== undefined) out.overagePrice = op;
    if (typeof p.listPriceBase === 'string') out.listPriceBase = p.listPriceBase;
    if (p.tiers !== undefined) {
      if (!Array.isArray(p.tiers)) throw invalidValue(`'${f}.tiers' must be an array`, RES_ORDER);
      out.tiers = p.tiers.map((t: unknown, i: number) => {
        const tf = `${f}.tiers[${i}]`;
        if (!isObj(t)) throw invalidValue(`'${tf}' must be an object`, RES_ORDER);
        const tierPrice = decField(t.price, `${tf}.price`);
        if (tierPrice === undefined) throw missingField(`'${tf}.price' is required`, RES_ORDER);
        return {
          tier: intField(t.tier, `${tf}.tier`, 1) ?? i + 1,
          startingUnit: decField(t.startingUnit, `${tf}.startingUnit`) ?? '0',
          endingUnit: decField(t.endingUnit, `${tf}.endingUnit`) ?? null,
          price: tierPrice,
          priceFormat: t.priceFormat === 'FlatFee' || t.priceFormat === 'Flat Fee' ? 'FlatFee' : 'PerUnit',
        };
      });
    }
  }
  return out;
}

export async function newChargeNumber(ctx: Ctx): Promise<string> {
  return formatNumber('C-', await nextCounter(ctx, 'subscription_charge'));
}

function triggerDateFor(event: string, a: ActionCtx, specific: string | null): string | null {
  switch (event) {
    case 'ServiceActivation':
      return a.triggers.serviceActivation;
    case 'CustomerAcceptance':
      return a.triggers.customerAcceptance;
    case 'SpecificDate':
      return specific;
    default:
      return a.triggers.contractEffective;
  }
}

/** Builds one subscription rate plan from the catalog, with the request's overrides. */
export async function buildRatePlan(a: ActionCtx, doc: SubscriptionDoc, spec: Obj, field: string): Promise<RatePlanDoc> {
  const key = str(spec.productRatePlanId) ?? str(spec.productRatePlanNumber);
  if (!key) throw missingField(`'${field}.productRatePlanId' is required`, RES_ORDER);
  const prp: CatalogRatePlan | undefined = await catalog.getRatePlan(a.ctx, key);
  if (!prp) throw invalidValue(`'${field}.productRatePlanId': no product rate plan '${key}'`, RES_ORDER);
  const on = a.triggers.contractEffective;
  if ((prp.effectiveStartDate && before(on, prp.effectiveStartDate)) || (prp.effectiveEndDate && before(prp.effectiveEndDate, on)))
    throw invalidValue(
      `'${field}.productRatePlanId': product rate plan '${prp.name}' is not effective on ${on} (effective ${prp.effectiveStartDate ?? '…'} to ${prp.effectiveEndDate ?? '…'})`,
      RES_ORDER,
    );
  const overrides = spec.chargeOverrides ?? [];
  if (!Array.isArray(overrides)) throw invalidValue(`'${field}.chargeOverrides' must be an array`, RES_ORDER);
  const byCharge = new Map<string, { o: Obj; f: string }>();
  overrides.forEach((o: unknown, i: number) => {
    const f = `${field}.chargeOverrides[${i}]`;
    if (!isObj(o)) throw invalidValue(`'${f}' must be an object`, RES_ORDER);
    const ck = str(o.productRatePlanChargeId) ?? str(o.productRatePlanChargeNumber);
    if (!ck) throw missingField(`'${f}.productRatePlanChargeId' is required`, RES_ORDER);
    const ch = prp.charges.find((c) => c.id === ck || c.productRatePlanChargeNumber === ck);
    if (!ch) throw invalidValue(`'${f}.productRatePlanChargeId': charge '${ck}' is not in product rate plan '${prp.id}'`, RES_ORDER);
    byCharge.set(ch.id, { o, f });
  });
  const rpId = newId();
  const rp: RatePlanDoc = {
    id: rpId,
    originalRatePlanId: rpId,
    subscriptionRatePlanNumber: str(spec.subscriptionRatePlanNumber) ?? formatNumber('SRP-', await nextCounter(a.ctx, 'subscription_rate_plan')),
    productId: prp.productId,
    productName: prp.productName,
    productSku: prp.productSku,
    productRatePlanId: prp.id,
    productRatePlanNumber: prp.productRatePlanNumber,
    ratePlanName: prp.name,
    lastChangeType: doc.version > 1 || a.version > 1 ? 'Add' : null,
    uniqueToken: str(spec.uniqueToken) ?? null,
    removedDate: null,
    customFields: customFieldsOf(spec.customFields, `${field}.customFields`),
    charges: [],
  };
  for (const cc of prp.charges) {
    const ov = byCharge.get(cc.id);
    rp.charges.push(await buildCharge(a, doc, cc, ov?.o ?? {}, ov?.f ?? `${field}.chargeOverrides`));
  }
  return rp;
}

/**
 * The catalog's usage rating fields, copied onto the subscription charge; a
 * charge override may set them in its pricing block (`pricing.usagePerUnit.ratingGroup`,
 * `pricing.usageOverage.numberOfPeriods`, …).
 */
function usageRatingOf(cc: CatalogCharge, o: Obj, f: string) {
  const given: Obj = {};
  if (isObj(o.pricing)) for (const p of Object.values(o.pricing)) if (isObj(p)) Object.assign(given, p);
  const s = (k: string, catalog: string | null | undefined): string | null => {
    const v = given[k];
    if (v === undefined || v === null) return catalog ?? null;
    if (typeof v !== 'string' || !v.length) throw invalidValue(`'${f}.pricing.${k}' must be a non-empty string`, RES_ORDER);
    return v;
  };
  const periods = given.numberOfPeriods === undefined || given.numberOfPeriods === null ? (cc.numberOfPeriod ?? null) : intField(given.numberOfPeriods, `${f}.pricing.numberOfPeriods`, 1) ?? null;
  return {
    ratingGroup: s('ratingGroup', cc.ratingGroup),
    usageRecordRatingOption: s('usageRecordRatingOption', cc.usageRecordRatingOption),
    smoothingModel: s('smoothingModel', cc.smoothingModel),
    numberOfPeriods: periods,
  };
}

async function buildCharge(a: ActionCtx, doc: SubscriptionDoc, cc: CatalogCharge, o: Obj, f: string): Promise<ChargeDoc> {
  const pricing = cc.pricing.find((p) => p.currency === doc.currency);
  if (!pricing && cc.pricing.length) throw invalidValue(`Charge '${cc.name}' (${cc.id}) has no price in currency ${doc.currency}`, RES_ORDER);
  const ov = readPricing(o.pricing, `${f}.pricing`);
  const billing = isObj(o.billing) ? o.billing : {};
  const end = isObj(o.endDate) ? o.endDate : {};
  const startDate = isObj(o.startDate) ? o.startDate : {};
  const triggerEvent = str(startDate.triggerEvent) ?? cc.triggerEvent ?? 'ContractEffective';
  if (!['ContractEffective', 'ServiceActivation', 'CustomerAcceptance', 'SpecificDate'].includes(triggerEvent))
    throw invalidValue(`'${f}.startDate.triggerEvent' must be ContractEffective, ServiceActivation, CustomerAcceptance or SpecificDate, got '${triggerEvent}'`, RES_ORDER);
  // A SpecificDate charge without its date is a pending charge (Zuora: the order is Pending until an UpdateProduct gives the date).
  const specificTriggerDate = dateField(startDate.specificTriggerDate, `${f}.startDate.specificTriggerDate`) ?? null;
  const model = modelOf(cc.chargeModel);
  const id = newId();
  const chargeNumber = str(o.chargeNumber) ?? (await newChargeNumber(a.ctx));
  const c: ChargeDoc = {
    id,
    originalChargeId: id,
    number: chargeNumber,
    productRatePlanChargeId: cc.id,
    productRatePlanChargeNumber: cc.productRatePlanChargeNumber,
    name: cc.name,
    description: str(o.description) ?? cc.description ?? '',
    type: cc.chargeType,
    model,
    chargeModel: cc.chargeModel,
    billingPeriod: underscored(str(billing.billingPeriod) ?? cc.billingPeriod),
    specificBillingPeriod: intField(billing.specificBillingPeriod, `${f}.billing.specificBillingPeriod`, 1) ?? cc.specificBillingPeriod,
    billingPeriodAlignment: str(billing.billingPeriodAlignment) ?? cc.billingPeriodAlignment,
    billingTiming: str(billing.billingTiming) ?? cc.billingTiming,
    billCycleType: str(billing.billCycleType) ?? cc.billCycleType,
    billCycleDay: intField(billing.billCycleDay, `${f}.billing.billCycleDay`, 1) ?? cc.billCycleDay,
    weeklyBillCycleDay: str(billing.weeklyBillCycleDay) ?? cc.weeklyBillCycleDay,
    specificListPriceBase: cc.specificListPriceBase,
    prorationOption: cc.prorationOption,
    listPriceBase: underscored(ov.listPriceBase ?? cc.listPriceBase),
    endDateCondition: endConditionOf(str(end.endDateCondition) ?? cc.endDateCondition),
    upToPeriods: intField(end.upToPeriods, `${f}.endDate.upToPeriods`, 1) ?? cc.upToPeriods,
    upToPeriodsType: str(end.upToPeriodsType) ?? cc.upToPeriodsType,
    specificEndDate: dateField(end.specificEndDate, `${f}.endDate.specificEndDate`) ?? null,
    triggerEvent,
    specificTriggerDate,
    uom: cc.uom,
    currency: doc.currency,
    applyDiscountTo: cc.applyDiscountTo,
    discountLevel: cc.discountLevel,
    priceChangeOption: cc.priceChangeOption,
    priceIncreasePercentage: cc.priceIncreasePercentage,
    ...usageRatingOf(cc, o, f),
    originalOrderDate: a.orderDate,
    pending: false,
    uniqueToken: str(o.uniqueToken) ?? null,
    customFields: { ...cc.customFields, ...customFieldsOf(o.customFields, `${f}.customFields`) },
    segments: [],
  };
  const triggered = triggerDateFor(triggerEvent, a, specificTriggerDate);
  const start = triggered ?? a.triggers.contractEffective;
  c.pending = triggered === null;
  const isDiscount = model.startsWith('Discount');
  const perUnit = ['PerUnit', 'Tiered', 'Volume', 'TieredWithOverage'].includes(model);
  const quantity = ov.quantity ?? (isDiscount ? null : perUnit ? (cc.defaultQuantity ?? '1') : cc.chargeType === 'Usage' ? null : '1');
  const tiers = ov.tiers ?? (pricing?.tiers ?? []).map((t) => ({ tier: t.tier, startingUnit: t.startingUnit, endingUnit: t.endingUnit, price: t.price, priceFormat: t.priceFormat }));
  c.segments.push({
    id: newId(),
    segment: 1,
    effectiveStartDate: start,
    effectiveEndDate: chargeEnd(c, start, doc.termType === 'EVERGREEN' ? null : doc.termEndDate),
    quantity,
    price: ov.price ?? pricing?.price ?? null,
    tiers,
    discountAmount: ov.discountAmount ?? pricing?.discountAmount ?? null,
    discountPercentage: ov.discountPercentage ?? pricing?.discountPercentage ?? null,
    includedUnits: ov.includedUnits ?? pricing?.includedUnits ?? null,
    overagePrice: ov.overagePrice ?? pricing?.overagePrice ?? null,
    version: a.version,
  });
  return c;
}

// ---------------------------------------------------------------- finding things in a subscription

export function findRatePlan(doc: SubscriptionDoc, spec: Obj, field: string): RatePlanDoc {
  const key = str(spec.ratePlanId) ?? str(spec.subscriptionRatePlanNumber);
  const prpKey = str(spec.productRatePlanId) ?? str(spec.productRatePlanNumber);
  let rp: RatePlanDoc | undefined;
  if (key) rp = doc.ratePlans.find((r) => r.id === key || r.previousRatePlanId === key || r.originalRatePlanId === key || r.subscriptionRatePlanNumber === key);
  else if (prpKey) rp = doc.ratePlans.find((r) => !r.removedDate && (r.productRatePlanId === prpKey || r.productRatePlanNumber === prpKey));
  else throw missingField(`'${field}.ratePlanId' is required`, RES_ORDER);
  if (!rp) throw invalidValue(`'${field}.ratePlanId': subscription ${doc.subscriptionNumber} has no rate plan '${key ?? prpKey}'`, RES_ORDER);
  if (rp.removedDate) throw ruleViolation(`'${field}.ratePlanId': rate plan '${key ?? prpKey}' was removed on ${rp.removedDate}`, RES_ORDER);
  return rp;
}

/** The segment in force on `date` (or the first one starting after it). */
export function segmentAt(c: ChargeDoc, date: string): SegmentDoc | undefined {
  return c.segments.find((s) => !before(date, s.effectiveStartDate) && endAfter(s.effectiveEndDate, date)) ?? c.segments.find((s) => before(date, s.effectiveStartDate));
}

/** Ends every segment of a charge on `date` (exclusive); segments starting later end where they start. */
export function endCharge(c: ChargeDoc, date: string): void {
  for (const s of c.segments) {
    if (!endAfter(s.effectiveEndDate, date)) continue;
    s.effectiveEndDate = before(s.effectiveStartDate, date) ? date : s.effectiveStartDate;
  }
}

/** Applies `change` from `date` on: splits the segment in force into two. */
export function changeFrom(c: ChargeDoc, date: string, version: number, change: (s: SegmentDoc) => void): void {
  const cur = segmentAt(c, date);
  if (!cur) throw ruleViolation(`Charge ${c.number} is not in force on ${date}`, RES_ORDER);
  const later = c.segments.filter((s) => before(date, s.effectiveStartDate));
  if (!before(cur.effectiveStartDate, date)) {
    change(cur);
    cur.version = version;
  } else {
    const next: SegmentDoc = { ...structuredClone(cur), id: newId(), segment: 0, effectiveStartDate: date, version };
    cur.effectiveEndDate = date;
    change(next);
    c.segments.push(next);
  }
  for (const s of later) if (s !== cur) change(s);
  c.segments.sort((x, y) => cmp(x.effectiveStartDate, y.effectiveStartDate) || x.segment - y.segment);
  c.segments.forEach((s, i) => (s.segment = i + 1));
}
