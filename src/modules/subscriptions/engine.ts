/**
 * Order actions applied to a working copy of a subscription. Each function
 * changes `doc` in place; the caller stores the result as a new version.
 * Errors name the field (the caller adds which action it was).
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { pickCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { invalidValue, missingField, ruleViolation, notFound } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { D, toDbAmount } from '../../platform/money.js';
import type { CatalogCharge, CatalogRatePlan } from '../catalog/contract.js';
import { catalog } from './deps.js';
import type { ChargeDoc, PeriodType, RatePlanDoc, SegmentDoc, SubscriptionDoc } from './model.js';
import { addDays, addPeriod, before, cmp, daysBetween, endAfter, isDate, PERIOD_TYPES } from './terms.js';

type Obj = Record<string, unknown>;
export const RES_SUBSCRIPTION = 530000;
export const RES_ORDER = 510000;

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

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length ? v : undefined;
}

export function dateField(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (!isDate(v)) throw invalidValue(`'${field}' must be a date YYYY-MM-DD, got '${String(v)}'`, RES_ORDER);
  return v;
}

function intField(v: unknown, field: string, min = 0): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw invalidValue(`'${field}' must be a whole number of at least ${min}, got '${String(v)}'`, RES_ORDER);
  return v;
}

function decField(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    const d = new D(v as string);
    if (!d.isFinite()) throw new Error();
    return toDbAmount(d);
  } catch {
    throw invalidValue(`'${field}' must be a number, got '${String(v)}'`, RES_ORDER);
  }
}

function periodTypeField(v: unknown, field: string, dflt: PeriodType): PeriodType {
  if (v === undefined || v === null) return dflt;
  if (!PERIOD_TYPES.includes(v as PeriodType)) throw invalidValue(`'${field}' must be one of ${PERIOD_TYPES.join(', ')}, got '${String(v)}'`, RES_ORDER);
  return v as PeriodType;
}

function customFieldsOf(v: unknown, field: string): CustomFields {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw invalidValue(`'${field}' must be an object`, RES_ORDER);
  return pickCustomFields(v);
}

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
function chargeEnd(c: ChargeDoc, start: string, termEnd: string | null): string | null {
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

function billingPeriodsEnd(c: ChargeDoc, start: string, n: number): string {
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

function readPricing(v: unknown, field: string): PricingOverride {
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
    pending: false,
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
function segmentAt(c: ChargeDoc, date: string): SegmentDoc | undefined {
  return c.segments.find((s) => !before(date, s.effectiveStartDate) && endAfter(s.effectiveEndDate, date)) ?? c.segments.find((s) => before(date, s.effectiveStartDate));
}

/** Ends every segment of a charge on `date` (exclusive); segments starting later end where they start. */
function endCharge(c: ChargeDoc, date: string): void {
  for (const s of c.segments) {
    if (!endAfter(s.effectiveEndDate, date)) continue;
    s.effectiveEndDate = before(s.effectiveStartDate, date) ? date : s.effectiveStartDate;
  }
}

/** Applies `change` from `date` on: splits the segment in force into two. */
function changeFrom(c: ChargeDoc, date: string, version: number, change: (s: SegmentDoc) => void): void {
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

// ---------------------------------------------------------------- the actions

function requireAmendable(doc: SubscriptionDoc, what: string): void {
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: it cannot take ${what}`, RES_SUBSCRIPTION);
  if (doc.status === 'Suspended') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is suspended: resume it before ${what}`, RES_SUBSCRIPTION);
}

function requireInSubscription(doc: SubscriptionDoc, date: string, field: string): void {
  if (before(date, doc.contractEffectiveDate))
    throw invalidValue(`'${field}' (${date}) is before the subscription's contract effective date ${doc.contractEffectiveDate}`, RES_ORDER);
  if (doc.termType === 'TERMED' && doc.termEndDate && cmp(date, doc.termEndDate) > 0)
    throw invalidValue(`'${field}' (${date}) is after the subscription's term end date ${doc.termEndDate}`, RES_ORDER);
}

/** Zuora: no product is added or updated from a date earlier than the most recent resume date. */
function requireAfterResume(doc: SubscriptionDoc, date: string, field: string): void {
  if (doc.resumeDate && before(date, doc.resumeDate))
    throw invalidValue(`'${field}' (${date}) is earlier than the subscription's most recent resume date ${doc.resumeDate}`, RES_ORDER);
}

export async function addProduct(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): Promise<void> {
  const f = `${a.path}.addProduct`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for an AddProduct action`, RES_ORDER);
  requireAmendable(doc, 'AddProduct');
  requireInSubscription(doc, a.triggers.contractEffective, `${a.path}.triggerDates.ContractEffective`);
  requireAfterResume(doc, a.triggers.contractEffective, `${a.path}.triggerDates.ContractEffective`);
  const rp = await buildRatePlan(a, doc, spec, f);
  rp.lastChangeType = 'Add';
  doc.ratePlans.push(rp);
}

export async function updateProduct(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): Promise<void> {
  const f = `${a.path}.updateProduct`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for an UpdateProduct action`, RES_ORDER);
  requireAmendable(doc, 'UpdateProduct');
  const rp = findRatePlan(doc, spec, f);
  const baseDate = dateField(spec.specificUpdateDate, `${f}.specificUpdateDate`) ?? a.triggers.contractEffective;
  if (spec.customFields !== undefined) rp.customFields = { ...rp.customFields, ...customFieldsOf(spec.customFields, `${f}.customFields`) };
  const updates = spec.chargeUpdates ?? [];
  if (!Array.isArray(updates)) throw invalidValue(`'${f}.chargeUpdates' must be an array`, RES_ORDER);
  for (const [i, u] of updates.entries()) {
    const uf = `${f}.chargeUpdates[${i}]`;
    if (!isObj(u)) throw invalidValue(`'${uf}' must be an object`, RES_ORDER);
    const key = str(u.chargeNumber) ?? str(u.productRatePlanChargeId) ?? str(u.productRatePlanChargeNumber);
    if (!key) throw missingField(`'${uf}.chargeNumber' is required`, RES_ORDER);
    const c = rp.charges.find((c) => c.number === key || c.productRatePlanChargeId === key || c.productRatePlanChargeNumber === key);
    if (!c) throw invalidValue(`'${uf}.chargeNumber': rate plan ${rp.id} has no charge '${key}'`, RES_ORDER);
    const eff = isObj(u.effectiveDate) ? u.effectiveDate : {};
    if (c.pending && c.triggerEvent === 'SpecificDate') {
      // Activating a pending charge: its specific trigger date, within the subscription term.
      const d = dateField(eff.specificTriggerDate, `${uf}.effectiveDate.specificTriggerDate`);
      if (!d) throw missingField(`'${uf}.effectiveDate.specificTriggerDate' is required to activate pending charge ${c.number}`, RES_ORDER);
      requireInSubscription(doc, d, `${uf}.effectiveDate.specificTriggerDate`);
      if (doc.termType === 'TERMED' && doc.termEndDate && !before(d, doc.termEndDate))
        throw invalidValue(`'${uf}.effectiveDate.specificTriggerDate' (${d}) must be within the subscription term (before ${doc.termEndDate})`, RES_ORDER);
      const seg = c.segments[0]!;
      seg.effectiveStartDate = d;
      seg.version = a.version;
      if (c.endDateCondition !== 'Subscription_End') seg.effectiveEndDate = chargeEnd(c, d, doc.termType === 'EVERGREEN' ? null : doc.termEndDate);
      c.specificTriggerDate = d;
      c.pending = false;
    }
    let date = baseDate;
    if (eff.triggerEvent === 'SpecificDate') {
      date = dateField(eff.specificTriggerDate, `${uf}.effectiveDate.specificTriggerDate`) ?? '';
      if (!date) throw missingField(`'${uf}.effectiveDate.specificTriggerDate' is required when triggerEvent is SpecificDate`, RES_ORDER);
    } else if (eff.triggerEvent === 'ServiceActivation' && a.triggers.serviceActivation) date = a.triggers.serviceActivation;
    else if (eff.triggerEvent === 'CustomerAcceptance' && a.triggers.customerAcceptance) date = a.triggers.customerAcceptance;
    requireInSubscription(doc, date, `${uf}.effectiveDate`);
    requireAfterResume(doc, date, `${uf}.effectiveDate`);
    if (u.customFields !== undefined) c.customFields = { ...c.customFields, ...customFieldsOf(u.customFields, `${uf}.customFields`) };
    const ov = readPricing(u.pricing, `${uf}.pricing`);
    const changes = Object.keys(ov).filter((k) => k !== 'listPriceBase');
    if (!changes.length) continue;
    if (ov.quantity !== undefined && c.model.startsWith('Discount')) throw invalidValue(`'${uf}.pricing': a discount charge has no quantity`, RES_ORDER);
    changeFrom(c, date, a.version, (s) => {
      if (ov.price !== undefined) s.price = ov.price;
      if (ov.quantity !== undefined) s.quantity = ov.quantity;
      if (ov.tiers !== undefined) s.tiers = ov.tiers;
      if (ov.discountAmount !== undefined) s.discountAmount = ov.discountAmount;
      if (ov.discountPercentage !== undefined) s.discountPercentage = ov.discountPercentage;
      if (ov.includedUnits !== undefined) s.includedUnits = ov.includedUnits;
      if (ov.overagePrice !== undefined) s.overagePrice = ov.overagePrice;
    });
  }
  rp.lastChangeType = 'Update';
}

export function removeProduct(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): void {
  const f = `${a.path}.removeProduct`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a RemoveProduct action`, RES_ORDER);
  requireAmendable(doc, 'RemoveProduct');
  const rp = findRatePlan(doc, spec, f);
  const date = a.triggers.contractEffective;
  requireInSubscription(doc, date, `${a.path}.triggerDates.ContractEffective`);
  for (const c of rp.charges) endCharge(c, date);
  rp.removedDate = date;
  rp.lastChangeType = 'Remove';
}

export function readTerm(v: unknown, field: string): { period?: number; periodType: PeriodType; termType?: 'TERMED' | 'EVERGREEN'; startDate?: string } {
  if (!isObj(v)) throw invalidValue(`'${field}' must be an object`, RES_ORDER);
  const termType = v.termType;
  if (termType !== undefined && termType !== 'TERMED' && termType !== 'EVERGREEN') throw invalidValue(`'${field}.termType' must be TERMED or EVERGREEN, got '${String(termType)}'`, RES_ORDER);
  return {
    period: intField(v.period, `${field}.period`, 1),
    periodType: periodTypeField(v.periodType, `${field}.periodType`, 'Month'),
    termType: termType as 'TERMED' | 'EVERGREEN' | undefined,
    startDate: dateField(v.startDate, `${field}.startDate`),
  };
}

export function readRenewal(terms: Obj, field: string, doc: Pick<SubscriptionDoc, 'renewalSetting' | 'renewalTerm' | 'renewalTermPeriodType' | 'autoRenew'>): void {
  if (terms.autoRenew !== undefined) {
    if (typeof terms.autoRenew !== 'boolean') throw invalidValue(`'${field}.autoRenew' must be true or false`, RES_ORDER);
    doc.autoRenew = terms.autoRenew;
  }
  if (terms.renewalSetting !== undefined) {
    if (terms.renewalSetting !== 'RENEW_WITH_SPECIFIC_TERM' && terms.renewalSetting !== 'RENEW_TO_EVERGREEN')
      throw invalidValue(`'${field}.renewalSetting' must be RENEW_WITH_SPECIFIC_TERM or RENEW_TO_EVERGREEN, got '${String(terms.renewalSetting)}'`, RES_ORDER);
    doc.renewalSetting = terms.renewalSetting;
  }
  if (terms.renewalTerms !== undefined) {
    const list = Array.isArray(terms.renewalTerms) ? terms.renewalTerms : [terms.renewalTerms];
    const t = list[0];
    if (t !== undefined) {
      const r = readTerm(t, `${field}.renewalTerms[0]`);
      if (r.period !== undefined) doc.renewalTerm = r.period;
      doc.renewalTermPeriodType = r.periodType;
    }
  }
}

export function termsAndConditions(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): void {
  const f = `${a.path}.termsAndConditions`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a TermsAndConditions action`, RES_ORDER);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: its terms cannot change`, RES_SUBSCRIPTION);
  readRenewal(spec, f, doc);
  const oldEnd = doc.termType === 'EVERGREEN' ? null : doc.termEndDate;
  const termSpec = spec.lastTerm ?? spec.initialTerm;
  if (termSpec !== undefined) {
    const t = readTerm(termSpec, `${f}.lastTerm`);
    const termType = t.termType ?? doc.termType;
    if (t.startDate) doc.termStartDate = t.startDate;
    if (termType === 'EVERGREEN') {
      doc.termType = 'EVERGREEN';
      doc.termEndDate = null;
      doc.currentTerm = null;
    } else {
      const period = t.period ?? doc.currentTerm;
      if (!period) throw missingField(`'${f}.lastTerm.period' is required for a TERMED term`, RES_ORDER);
      doc.termType = 'TERMED';
      doc.currentTerm = period;
      doc.currentTermPeriodType = t.periodType;
      doc.termEndDate = termEndOf(doc.termStartDate, period, t.periodType);
      if (doc.termStartDate === doc.subscriptionStartDate) {
        doc.initialTerm = period;
        doc.initialTermPeriodType = t.periodType;
      }
    }
    realignEnds(doc, oldEnd, doc.termEndDate);
  }
  for (const k of ['paymentTerm', 'invoiceTemplateId', 'invoiceGroupNumber', 'sequenceSetId', 'billToContactId', 'soldToContactId', 'shipToContactId'] as const)
    if (typeof spec[k] === 'string') doc[k] = spec[k] as string;
  if (typeof spec.invoiceSeparately === 'boolean') doc.invoiceSeparately = spec.invoiceSeparately;
}

/** Renews a termed subscription by its renewal term (to evergreen when so set). */
export function renew(a: Pick<ActionCtx, 'version'>, doc: SubscriptionDoc): void {
  if (doc.termType !== 'TERMED' || !doc.termEndDate) throw ruleViolation(`Subscription ${doc.subscriptionNumber} is evergreen: only termed subscriptions renew`, RES_SUBSCRIPTION);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: it cannot be renewed`, RES_SUBSCRIPTION);
  if (doc.status === 'Suspended') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is suspended: resume it before renewing`, RES_SUBSCRIPTION);
  const oldEnd = doc.termEndDate;
  doc.termStartDate = oldEnd;
  if (doc.renewalSetting === 'RENEW_TO_EVERGREEN') {
    doc.termType = 'EVERGREEN';
    doc.termEndDate = null;
    doc.currentTerm = null;
  } else {
    const period = doc.renewalTerm ?? doc.initialTerm ?? 12;
    doc.currentTerm = period;
    doc.currentTermPeriodType = doc.renewalTermPeriodType;
    doc.termEndDate = termEndOf(oldEnd, period, doc.renewalTermPeriodType);
  }
  realignEnds(doc, oldEnd, doc.termEndDate);
  if (doc.status === 'Expired') doc.status = 'Active';
}

export function renewSubscription(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): void {
  renew(a, doc);
  if (isObj(spec)) {
    for (const k of ['paymentTerm', 'invoiceTemplateId', 'invoiceGroupNumber', 'sequenceSetId', 'billToContactId', 'soldToContactId', 'shipToContactId'] as const)
      if (typeof spec[k] === 'string') doc[k] = spec[k] as string;
  }
}

/** End of the last invoiced period. Nothing is invoiced before billing exists, so it is the subscription start. */
function endOfLastInvoicePeriod(doc: SubscriptionDoc): string {
  return doc.subscriptionStartDate;
}

export const CANCELLATION_POLICIES = ['EndOfCurrentTerm', 'EndOfLastInvoicePeriod', 'SpecificDate'];

export function cancelSubscription(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): string {
  const f = `${a.path}.cancelSubscription`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a CancelSubscription action`, RES_ORDER);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is already cancelled`, RES_SUBSCRIPTION);
  if (doc.status === 'Suspended') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is suspended: resume it before cancelling`, RES_SUBSCRIPTION);
  const policy = spec.cancellationPolicy;
  if (policy === undefined) throw missingField(`'${f}.cancellationPolicy' is required`, RES_ORDER);
  if (!CANCELLATION_POLICIES.includes(policy as string))
    throw invalidValue(`'${f}.cancellationPolicy' must be one of ${CANCELLATION_POLICIES.join(', ')}, got '${String(policy)}'`, RES_ORDER);
  let date: string;
  if (policy === 'SpecificDate') {
    const d = dateField(spec.cancellationEffectiveDate, `${f}.cancellationEffectiveDate`);
    if (!d) throw missingField(`'${f}.cancellationEffectiveDate' is required when cancellationPolicy is SpecificDate`, RES_ORDER);
    date = d;
  } else if (policy === 'EndOfCurrentTerm') {
    if (doc.termType === 'EVERGREEN' || !doc.termEndDate) throw invalidValue(`'${f}.cancellationPolicy': an evergreen subscription has no end of term`, RES_ORDER);
    date = doc.termEndDate;
  } else date = endOfLastInvoicePeriod(doc);
  requireInSubscription(doc, date, `${f}.cancellationEffectiveDate`);
  for (const rp of doc.ratePlans) for (const c of rp.charges) endCharge(c, date);
  doc.status = 'Cancelled';
  doc.cancelledDate = date;
  doc.subscriptionEndDate = date;
  return date;
}

function policyDate(a: ActionCtx, doc: SubscriptionDoc, policy: unknown, spec: Obj, f: string, kind: 'suspend' | 'resume'): string {
  const periods = intField(spec[`${kind}Periods`], `${f}.${kind}Periods`, 1);
  const periodsType = spec[`${kind}PeriodsType`];
  const fixed = (from: string) => {
    if (periods === undefined) throw missingField(`'${f}.${kind}Periods' is required when ${kind}Policy is ${String(policy)}`, RES_ORDER);
    if (periodsType === undefined) throw missingField(`'${f}.${kind}PeriodsType' is required when ${kind}Policy is ${String(policy)}`, RES_ORDER);
    return addPeriod(from, periods, periodTypeField(periodsType, `${f}.${kind}PeriodsType`, 'Day'));
  };
  switch (policy) {
    case 'Today':
      return a.today;
    case 'SpecificDate': {
      const d = dateField(spec[`${kind}SpecificDate`], `${f}.${kind}SpecificDate`);
      if (!d) throw missingField(`'${f}.${kind}SpecificDate' is required when ${kind}Policy is SpecificDate`, RES_ORDER);
      return d;
    }
    case 'FixedPeriodsFromToday':
      return fixed(a.today);
    case 'EndOfLastInvoicePeriod':
      if (kind === 'suspend') return endOfLastInvoicePeriod(doc);
      break;
    case 'SuspendDate':
      if (kind === 'resume') return doc.suspendDate!;
      break;
    case 'FixedPeriodsFromSuspendDate':
      if (kind === 'resume') return fixed(doc.suspendDate!);
      break;
    case undefined:
      throw missingField(`'${f}.${kind}Policy' is required`, RES_ORDER);
  }
  const allowed =
    kind === 'suspend' ? 'Today, EndOfLastInvoicePeriod, FixedPeriodsFromToday, SpecificDate' : 'Today, FixedPeriodsFromSuspendDate, FixedPeriodsFromToday, SpecificDate, SuspendDate';
  throw invalidValue(`'${f}.${kind}Policy' must be one of ${allowed}, got '${String(policy)}'`, RES_ORDER);
}

export function suspend(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): string {
  const f = `${a.path}.suspend`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a Suspend action`, RES_ORDER);
  if (doc.status !== 'Active') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is ${doc.status}: only an active subscription can be suspended`, RES_SUBSCRIPTION);
  const date = policyDate(a, doc, spec.suspendPolicy, spec, f, 'suspend');
  requireInSubscription(doc, date, `${f}.suspendSpecificDate`);
  if (doc.termEndDate && !before(date, doc.termEndDate)) throw invalidValue(`'${f}.suspendSpecificDate' (${date}) must be before the term end date ${doc.termEndDate}`, RES_ORDER);
  for (const rp of doc.ratePlans) {
    if (rp.removedDate) continue;
    for (const c of rp.charges) {
      if (c.type === 'OneTime') continue;
      const last = c.segments[c.segments.length - 1];
      if (!last || !endAfter(last.effectiveEndDate, date)) continue;
      c.suspendedEnd = last.effectiveEndDate;
      endCharge(c, date);
    }
  }
  doc.status = 'Suspended';
  doc.suspendDate = date;
  doc.resumeDate = null;
  return date;
}

export function resume(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): string {
  const f = `${a.path}.resume`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a Resume action`, RES_ORDER);
  if (doc.status !== 'Suspended' || !doc.suspendDate) throw ruleViolation(`Subscription ${doc.subscriptionNumber} is ${doc.status}: only a suspended subscription can be resumed`, RES_SUBSCRIPTION);
  const date = policyDate(a, doc, spec.resumePolicy, spec, f, 'resume');
  if (before(date, doc.suspendDate)) throw invalidValue(`'${f}.resumeSpecificDate' (${date}) must be on or after the suspend date ${doc.suspendDate}`, RES_ORDER);
  if (spec.extendsTerm !== undefined && typeof spec.extendsTerm !== 'boolean') throw invalidValue(`'${f}.extendsTerm' must be true or false`, RES_ORDER);
  const extend = spec.extendsTerm === true;
  const gap = daysBetween(doc.suspendDate, date);
  const oldEnd = doc.termType === 'EVERGREEN' ? null : doc.termEndDate;
  if (extend && oldEnd && gap > 0) {
    doc.termEndDate = addDays(oldEnd, gap);
    if (doc.currentTermPeriodType !== 'Day' || doc.currentTerm === null) {
      /* the term keeps its stated length; only its end moves */
    }
    if (doc.subscriptionEndDate === oldEnd) doc.subscriptionEndDate = doc.termEndDate;
  }
  for (const rp of doc.ratePlans) {
    if (rp.removedDate) continue;
    for (const c of rp.charges) {
      if (c.suspendedEnd === undefined) continue;
      const last = c.segments[c.segments.length - 1]!;
      let end = c.suspendedEnd;
      if (extend && end && gap > 0) end = addDays(end, gap);
      delete c.suspendedEnd;
      if (end !== null && !before(date, end)) continue;
      c.segments.push({ ...structuredClone(last), id: newId(), segment: c.segments.length + 1, effectiveStartDate: date, effectiveEndDate: end, version: a.version });
    }
  }
  doc.status = 'Active';
  doc.resumeDate = date;
  return date;
}

export async function ownerTransfer(a: ActionCtx, doc: SubscriptionDoc, spec: unknown, resolve: (key: string, field: string) => Promise<{ id: string; accountNumber: string; name: string }>): Promise<void> {
  const f = `${a.path}.ownerTransfer`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for an OwnerTransfer action`, RES_ORDER);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: its owner cannot change`, RES_SUBSCRIPTION);
  const dest = str(spec.destinationAccountNumber);
  const inv = str(spec.destinationInvoiceAccountNumber);
  if (!dest && !inv) throw missingField(`'${f}.destinationAccountNumber' or '${f}.destinationInvoiceAccountNumber' is required`, RES_ORDER);
  if (dest) {
    const acc = await resolve(dest, `${f}.destinationAccountNumber`);
    doc.accountId = acc.id;
    doc.accountNumber = acc.accountNumber;
    doc.accountName = acc.name;
  }
  if (inv) {
    const acc = await resolve(inv, `${f}.destinationInvoiceAccountNumber`);
    doc.invoiceOwnerAccountId = acc.id;
    doc.invoiceOwnerAccountNumber = acc.accountNumber;
    doc.invoiceOwnerAccountName = acc.name;
  }
}

export async function changePlan(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): Promise<void> {
  const f = `${a.path}.changePlan`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a ChangePlan action`, RES_ORDER);
  requireAmendable(doc, 'ChangePlan');
  const old = findRatePlan(doc, spec, f);
  if (!isObj(spec.newProductRatePlan)) throw missingField(`'${f}.newProductRatePlan' is required`, RES_ORDER);
  const policy = spec.effectivePolicy ?? 'EffectiveImmediately';
  if (!['EffectiveImmediately', 'EffectiveEndOfBillingPeriod', 'SpecificDate'].includes(policy as string))
    throw invalidValue(`'${f}.effectivePolicy' must be EffectiveImmediately, EffectiveEndOfBillingPeriod or SpecificDate, got '${String(policy)}'`, RES_ORDER);
  let date = a.triggers.contractEffective;
  if (policy === 'EffectiveEndOfBillingPeriod') {
    const c = old.charges.find((c) => c.type === 'Recurring');
    if (c) {
      let n = 1;
      let end = billingPeriodsEnd(c, c.segments[0]!.effectiveStartDate, n);
      while (!before(date, end)) end = billingPeriodsEnd(c, c.segments[0]!.effectiveStartDate, ++n);
      date = end;
    }
  }
  requireInSubscription(doc, date, `${a.path}.triggerDates.ContractEffective`);
  for (const c of old.charges) endCharge(c, date);
  old.removedDate = date;
  old.lastChangeType = 'Remove';
  const sub: ActionCtx = { ...a, triggers: { contractEffective: date, serviceActivation: date, customerAcceptance: date } };
  const rp = await buildRatePlan(sub, doc, spec.newProductRatePlan, `${f}.newProductRatePlan`);
  rp.lastChangeType = 'Add';
  doc.ratePlans.push(rp);
}

export { notFound };
