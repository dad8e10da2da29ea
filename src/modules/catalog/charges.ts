/**
 * Product rate plan charges: create, update, delete, their per-currency pricing
 * stored as tier rows, single-tier updates and Zuora Revenue accounting codes.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { customFieldRules, mergeCustomFields, type CustomFieldRules } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notFound, type ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { findAccountingCodeByName, type AccountingCodeReferenceCheck } from '../accounting-codes/service.js';
import type { CatalogChargePricing, ChargeType } from './contract.js';
import { CHARGE_FIELDS, CHARGE_FIELD_BY_KEY, CHARGE_MODELS, CHARGE_TYPES, OVERAGE_MODELS_LIST } from './fields.js';
import { applyDefaults, decimalOrNull, normalizeAttr, normalizePricing, nowIso, runUsageGuards, seqOf } from './helpers.js';
import { camelNamer, checkCharge, DISCOUNT_MODELS, PRPC_RESOURCE, TIERED_MODELS, type Namer, type NeutralPricing } from './rules.js';
import * as store from './store.js';
import type { ChargeInput, ChargeRecord, TierRecord, WriteOptions } from './types.js';

// ---------------------------------------------------------------- charges

function tierFromRow(r: store.TierRow): TierRecord {
  return {
    id: r.id,
    tier: Number(r.tier),
    startingUnit: r.starting_unit ?? '0',
    endingUnit: r.ending_unit,
    price: r.price ?? '0',
    priceFormat: (r.price_format as 'FlatFee' | 'PerUnit' | null) ?? 'PerUnit',
    currency: r.currency,
    isOveragePrice: r.is_overage_price === 1,
    discountAmount: r.discount_amount,
    discountPercentage: r.discount_percentage,
    createdDate: r.created_at,
    updatedDate: r.updated_at,
  };
}

/** Rebuilds per-currency pricing from stored tier rows. */
function pricingFromTiers(model: string, attrs: Record<string, unknown>, rows: store.TierRow[]): CatalogChargePricing[] {
  const byCur = new Map<string, store.TierRow[]>();
  for (const r of rows) byCur.set(r.currency, [...(byCur.get(r.currency) ?? []), r]);
  const out: CatalogChargePricing[] = [];
  for (const [currency, list] of byCur) {
    const regular = list.filter((r) => r.is_overage_price !== 1).sort((a, b) => Number(a.tier) - Number(b.tier));
    const overage = list.find((r) => r.is_overage_price === 1);
    const tiered = TIERED_MODELS.has(model);
    out.push({
      currency,
      price: !tiered && !DISCOUNT_MODELS.has(model) && model !== 'Overage Pricing' ? (regular[0]?.price ?? null) : null,
      tiers: tiered
        ? regular.map((r) => ({ tier: Number(r.tier), startingUnit: r.starting_unit ?? '0', endingUnit: r.ending_unit, price: r.price ?? '0', priceFormat: (r.price_format as 'FlatFee' | 'PerUnit') ?? 'PerUnit', currency }))
        : [],
      discountAmount: model === 'Discount-Fixed Amount' ? (regular[0]?.discount_amount ?? null) : null,
      discountPercentage: model === 'Discount-Percentage' ? (regular[0]?.discount_percentage ?? null) : null,
      includedUnits: OVERAGE_MODELS_LIST.includes(model) ? ((attrs.includedUnits as string | null) ?? null) : null,
      overagePrice: overage?.price ?? null,
    });
  }
  return out;
}

function chargeFromRow(r: store.ChargeRow, tiers: store.TierRow[], order: string[], rules: CustomFieldRules): ChargeRecord {
  const attrs = JSON.parse(r.attrs) as Record<string, unknown>;
  for (const f of CHARGE_FIELDS) if (!(f.key in attrs)) attrs[f.key] = null;
  const pricing = pricingFromTiers(r.charge_model, attrs, tiers).sort((a, b) => order.indexOf(a.currency) - order.indexOf(b.currency));
  const s = (k: string) => (attrs[k] as string | null) ?? null;
  const n = (k: string) => (attrs[k] as number | null) ?? null;
  return {
    id: r.id,
    productRatePlanId: r.rate_plan_id,
    productRatePlanChargeNumber: r.charge_number,
    name: r.name,
    description: s('description'),
    chargeType: r.charge_type as ChargeType,
    chargeModel: r.charge_model,
    billingPeriod: s('billingPeriod'),
    specificBillingPeriod: n('specificBillingPeriod'),
    billingPeriodAlignment: s('billingPeriodAlignment'),
    billingTiming: s('billingTiming') as 'IN_ADVANCE' | 'IN_ARREARS' | null,
    billCycleType: s('billCycleType'),
    billCycleDay: n('billCycleDay'),
    weeklyBillCycleDay: s('weeklyBillCycleDay'),
    triggerEvent: s('triggerEvent') ?? 'ContractEffective',
    endDateCondition: s('endDateCondition') ?? 'SubscriptionEnd',
    upToPeriods: n('upToPeriods'),
    upToPeriodsType: s('upToPeriodsType'),
    listPriceBase: s('listPriceBase'),
    specificListPriceBase: n('specificListPriceBase'),
    uom: s('uom'),
    defaultQuantity: s('defaultQuantity'),
    taxable: attrs.taxable === true,
    taxCode: s('taxCode'),
    taxMode: s('taxMode'),
    ratingGroup: s('ratingGroup'),
    usageRecordRatingOption: s('usageRecordRatingOption'),
    discountLevel: s('discountLevel'),
    applyDiscountTo: s('applyDiscountTo'),
    smoothingModel: s('smoothingModel'),
    numberOfPeriod: n('numberOfPeriod'),
    overageCalculationOption: s('overageCalculationOption'),
    overageUnusedUnitsCreditOption: s('overageUnusedUnitsCreditOption'),
    priceChangeOption: s('priceChangeOption'),
    priceIncreasePercentage: s('priceIncreasePercentage'),
    useTenantDefaultForPriceChange: (attrs.useTenantDefaultForPriceChange as boolean | null) ?? null,
    prorationOption: s('prorationOption'),
    accountingCode: s('accountingCode'),
    pricing,
    // the tenant's ProductRatePlanCharge custom field definitions, if any: every defined field, null when unset
    customFields: rules.read(r.custom_fields),
    attrs,
    tierRows: tiers.map(tierFromRow),
    createdDate: r.created_at,
    updatedDate: r.updated_at,
  };
}

export async function chargesOfPlans(ctx: Ctx, planIds: string[]): Promise<ChargeRecord[]> {
  const rows = await store.listChargeRows(ctx, planIds);
  const tiers = await store.listTierRows(
    ctx,
    rows.map((r) => r.id),
  );
  const plans = new Map<string, string[]>();
  for (const id of planIds) {
    const p = await store.findRatePlanRow(ctx, id);
    if (p) plans.set(id, JSON.parse(p.active_currencies) as string[]);
  }
  const cf = await customFieldRules(ctx, 'ProductRatePlanCharge');
  return rows.map((r) =>
    chargeFromRow(
      r,
      tiers.filter((t) => t.charge_id === r.id),
      plans.get(r.rate_plan_id) ?? [],
      cf,
    ),
  );
}

/** Charges by id (any plan), each priced in its own plan's currency order; missing ids are skipped. */
export async function chargesByIds(ctx: Ctx, ids: string[]): Promise<ChargeRecord[]> {
  const rows = await store.listChargeRowsByIds(ctx, [...new Set(ids)]);
  const tiers = await store.listTierRows(
    ctx,
    rows.map((r) => r.id),
  );
  const currencies = new Map<string, string[]>();
  for (const r of rows) {
    if (currencies.has(r.rate_plan_id)) continue;
    const p = await store.findRatePlanRow(ctx, r.rate_plan_id);
    currencies.set(r.rate_plan_id, p ? (JSON.parse(p.active_currencies) as string[]) : []);
  }
  const cf = await customFieldRules(ctx, 'ProductRatePlanCharge');
  return rows.map((r) =>
    chargeFromRow(
      r,
      tiers.filter((t) => t.charge_id === r.id),
      currencies.get(r.rate_plan_id) ?? [],
      cf,
    ),
  );
}

/** By id or product rate plan charge number. */
export async function getCharge(ctx: Ctx, key: string): Promise<ChargeRecord | undefined> {
  const r = await store.findChargeRow(ctx, key);
  if (!r) return undefined;
  const plan = await store.findRatePlanRow(ctx, r.rate_plan_id);
  return chargeFromRow(r, await store.listTierRows(ctx, [r.id]), plan ? (JSON.parse(plan.active_currencies) as string[]) : [], await customFieldRules(ctx, 'ProductRatePlanCharge'));
}

export async function requireCharge(ctx: Ctx, key: string): Promise<ChargeRecord> {
  const c = await getCharge(ctx, key);
  if (!c) throw notFound(`The product rate plan charge '${key}' does not exist`);
  return c;
}

/** The charges of a rate plan (by id or number), in creation order. */
export async function listCharges(ctx: Ctx, ratePlanKey: string): Promise<ChargeRecord[]> {
  const plan = await store.findRatePlanRow(ctx, ratePlanKey);
  if (!plan) throw notFound(`The product rate plan '${ratePlanKey}' does not exist`);
  return chargesOfPlans(ctx, [plan.id]);
}

async function checkAccountingCodes(ctx: Ctx, attrs: Record<string, unknown>, nm: Namer): Promise<void> {
  const keys = ['accountingCode', 'deferredRevenueAccount', 'recognizedRevenueAccount'].filter((k) => typeof attrs[k] === 'string' && attrs[k] !== '');
  if (keys.length === 0) return;
  for (const k of keys) {
    const code = await findAccountingCodeByName(ctx, attrs[k] as string);
    if (!code) throw invalidValue(`${nm(k)} '${String(attrs[k])}' is not an accounting code of this tenant`, PRPC_RESOURCE);
    if (code.status && code.status !== 'Active') throw invalidValue(`${nm(k)} '${String(attrs[k])}' is not an active accounting code`, PRPC_RESOURCE);
  }
}

/** The type of an accounting code (for financeInformation), or null when unknown. */
export async function accountingCodeType(ctx: Ctx, name: string): Promise<string | null> {
  return (await findAccountingCodeByName(ctx, name))?.type ?? null;
}

const ACCOUNTING_CODE_KEYS = [
  'accountingCode',
  'deferredRevenueAccount',
  'recognizedRevenueAccount',
  'adjustmentLiabilityAccount',
  'adjustmentRevenueAccount',
  'contractAssetAccount',
  'contractLiabilityAccount',
  'contractRecognizedRevenueAccount',
  'unbilledReceivablesAccount',
] as const;

/** A code that a charge names cannot be deleted (registered when the catalog joins the app). */
export const accountingCodeUseCheck: AccountingCodeReferenceCheck = async (ctx, code) => {
  const name = code.name.toLowerCase();
  for (const r of await store.listAllChargeAttrs(ctx)) {
    const attrs = JSON.parse(r.attrs) as Record<string, unknown>;
    if (ACCOUNTING_CODE_KEYS.some((k) => typeof attrs[k] === 'string' && (attrs[k] as string).toLowerCase() === name)) return `product rate plan charge ${r.charge_number} uses it`;
  }
  return undefined;
};

interface PreparedCharge {
  name: string;
  chargeType: string;
  chargeModel: string;
  attrs: Record<string, unknown>;
  pricing: NeutralPricing[];
}

function prepare(base: PreparedCharge, input: ChargeInput, defaultCurrency: string, nm: Namer): PreparedCharge {
  const attrs = { ...base.attrs };
  for (const [k, v] of Object.entries(input)) {
    if (CHARGE_FIELD_BY_KEY.has(k)) attrs[k] = normalizeAttr(k, v, nm);
  }
  const chargeType = input.chargeType ?? base.chargeType;
  const chargeModel = input.chargeModel ?? base.chargeModel;
  if (chargeType && !(CHARGE_TYPES as readonly string[]).includes(chargeType))
    throw invalidValue(`'${nm('chargeType')}' value should be one of: ${CHARGE_TYPES.join(', ')}`, PRPC_RESOURCE);
  if (chargeModel && !(CHARGE_MODELS as readonly string[]).includes(chargeModel))
    throw invalidValue(`'${nm('chargeModel')}' value should be one of: ${CHARGE_MODELS.join(', ')}`, PRPC_RESOURCE);
  let pricing = base.pricing;
  if (input.pricing !== undefined) {
    if (!Array.isArray(input.pricing)) throw invalidValue(`${nm('pricing')} must be a list`, PRPC_RESOURCE);
    const given = input.pricing.map((p) => normalizePricing(p, defaultCurrency, nm));
    const givenCur = new Set(given.map((p) => p.currency));
    pricing = [...base.pricing.filter((p) => !givenCur.has(p.currency)), ...given];
  }
  return { name: input.name ?? base.name, chargeType, chargeModel, attrs, pricing };
}

function pricingToTierRows(ctx: Ctx, chargeId: string, model: string, pricing: NeutralPricing[], previous: store.TierRow[]): store.TierRow[] {
  const now = nowIso(ctx);
  const rows: store.TierRow[] = [];
  const reuse = (currency: string, tier: number, overage: boolean) =>
    previous.find((p) => p.currency === currency && Number(p.tier) === tier && (p.is_overage_price === 1) === overage);
  const add = (currency: string, tier: number, overage: boolean, v: Partial<store.TierRow>) => {
    const prev = reuse(currency, tier, overage);
    rows.push({
      id: prev?.id ?? newId(),
      tenant_id: ctx.tenant.id,
      charge_id: chargeId,
      currency,
      tier,
      starting_unit: null,
      ending_unit: null,
      price: null,
      price_format: null,
      discount_amount: null,
      discount_percentage: null,
      is_overage_price: overage ? 1 : 0,
      created_at: prev?.created_at ?? now,
      updated_at: now,
      ...v,
    });
  };
  for (const p of pricing) {
    if (TIERED_MODELS.has(model)) {
      p.tiers.forEach((t, i) =>
        add(p.currency, i + 1, false, { starting_unit: t.startingUnit, ending_unit: t.endingUnit, price: t.price, price_format: t.priceFormat ?? 'PerUnit' }),
      );
      if (p.overagePrice !== null) add(p.currency, p.tiers.length + 1, true, { price: p.overagePrice, price_format: 'PerUnit' });
    } else if (model === 'Overage Pricing') {
      add(p.currency, 1, true, { price: p.overagePrice, price_format: 'PerUnit' });
    } else if (model === 'Discount-Fixed Amount') {
      add(p.currency, 1, false, { discount_amount: p.discountAmount });
    } else if (model === 'Discount-Percentage') {
      add(p.currency, 1, false, { discount_percentage: p.discountPercentage });
    } else {
      add(p.currency, 1, false, { price: p.price, price_format: model === 'Flat Fee Pricing' ? 'FlatFee' : 'PerUnit' });
    }
  }
  return rows;
}

function recordToPrepared(c: ChargeRecord): PreparedCharge {
  return {
    name: c.name,
    chargeType: c.chargeType,
    chargeModel: c.chargeModel,
    attrs: { ...c.attrs },
    pricing: c.pricing.map((p) => ({
      currency: p.currency,
      price: p.price,
      tiers: p.tiers.map((t) => ({ startingUnit: t.startingUnit, endingUnit: t.endingUnit, price: t.price, priceFormat: t.priceFormat })),
      discountAmount: p.discountAmount,
      discountPercentage: p.discountPercentage,
      overagePrice: p.overagePrice,
    })),
  };
}

function fail(err: ZuoraError | null): void {
  if (err) throw err;
}

/**
 * Creates a charge on a rate plan. `pricing` lists one entry per active
 * currency of the rate plan (an entry without currency is the tenant's currency).
 */
export async function createCharge(ctx: Ctx, input: ChargeInput, opts: WriteOptions = {}): Promise<ChargeRecord> {
  const nm = opts.namer ?? camelNamer;
  if (!input.productRatePlanId) throw missingField(`${nm('productRatePlanId')} is required`, PRPC_RESOURCE);
  const plan = await store.findRatePlanRow(ctx, input.productRatePlanId);
  if (!plan) throw invalidValue(`${nm('productRatePlanId')} '${input.productRatePlanId}' is not an existing product rate plan`, PRPC_RESOURCE);
  const currencies = JSON.parse(plan.active_currencies) as string[];
  const empty: PreparedCharge = { name: '', chargeType: '', chargeModel: '', attrs: {}, pricing: [] };
  const c = prepare(empty, input, currencies[0] ?? ctx.tenant.currency, nm);
  if (c.chargeType && c.chargeModel) applyDefaults(c.chargeType, c.chargeModel, c.attrs);
  fail(checkCharge(c, currencies, nm));
  await checkAccountingCodes(ctx, c.attrs, nm);
  let number = input.productRatePlanChargeNumber ?? null;
  if (number) {
    if (number.length > 100) throw invalidValue(`${nm('productRatePlanChargeNumber')} must be at most 100 characters`, PRPC_RESOURCE);
    if (await store.findChargeByNumber(ctx, number)) throw invalidValue(`${nm('productRatePlanChargeNumber')} '${number}' is already used by another charge`, PRPC_RESOURCE);
  } else {
    do number = formatNumber('PRPC-', await nextCounter(ctx, 'catalog-charge-number'));
    while (await store.findChargeByNumber(ctx, number));
  }
  const now = nowIso(ctx);
  const id = newId();
  await store.insertCharge(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    rate_plan_id: plan.id,
    charge_number: number,
    name: c.name,
    charge_type: c.chargeType,
    charge_model: c.chargeModel,
    attrs: JSON.stringify(c.attrs),
    custom_fields: JSON.stringify((await customFieldRules(ctx, 'ProductRatePlanCharge')).check(input.customFields ?? {}, { create: true })),
    created_at: now,
    updated_at: now,
    seq: await seqOf(ctx),
  }).catch((e: unknown) => {
    throw store.isUniqueViolation(e) ? invalidValue(`${nm('productRatePlanChargeNumber')} '${number}' is already used by another charge`, PRPC_RESOURCE) : e;
  });
  await store.insertTiers(ctx, pricingToTierRows(ctx, id, c.chargeModel, c.pricing, []));
  return (await getCharge(ctx, id))!;
}

/** Applies a patch (attributes, name, model, pricing by currency) and re-checks the whole charge. */
export async function updateCharge(ctx: Ctx, key: string, patch: ChargeInput, opts: WriteOptions = {}): Promise<ChargeRecord> {
  const nm = opts.namer ?? camelNamer;
  const cur = await getCharge(ctx, key);
  if (!cur) throw notFound(`The product rate plan charge '${key}' does not exist`);
  if (patch.productRatePlanId !== undefined && patch.productRatePlanId !== cur.productRatePlanId) {
    const other = await store.findRatePlanRow(ctx, patch.productRatePlanId);
    if (!other || other.id !== cur.productRatePlanId) throw invalidValue(`${nm('productRatePlanId')} of a charge cannot be changed`, PRPC_RESOURCE);
  }
  if (patch.chargeType !== undefined && patch.chargeType !== null && patch.chargeType !== cur.chargeType)
    throw invalidValue(`${nm('chargeType')} of an existing charge cannot be changed (it is ${cur.chargeType})`, PRPC_RESOURCE);
  const plan = (await store.findRatePlanRow(ctx, cur.productRatePlanId))!;
  const currencies = JSON.parse(plan.active_currencies) as string[];
  const c = prepare(recordToPrepared(cur), patch, currencies[0] ?? ctx.tenant.currency, nm);
  applyDefaults(c.chargeType, c.chargeModel, c.attrs);
  fail(checkCharge(c, currencies, nm));
  await checkAccountingCodes(ctx, c.attrs, nm);
  const set: Partial<store.ChargeRow> = { name: c.name, charge_type: c.chargeType, charge_model: c.chargeModel, attrs: JSON.stringify(c.attrs) };
  if (patch.productRatePlanChargeNumber && patch.productRatePlanChargeNumber !== cur.productRatePlanChargeNumber) {
    const other = await store.findChargeByNumber(ctx, patch.productRatePlanChargeNumber);
    if (other && other.id !== cur.id) throw invalidValue(`${nm('productRatePlanChargeNumber')} '${patch.productRatePlanChargeNumber}' is already used by another charge`, PRPC_RESOURCE);
    set.charge_number = patch.productRatePlanChargeNumber;
  }
  const curRow = (await store.findChargeRow(ctx, cur.id))!;
  if (patch.customFields && Object.keys(patch.customFields).length)
    set.custom_fields = mergeCustomFields(curRow.custom_fields, (await customFieldRules(ctx, 'ProductRatePlanCharge')).check(patch.customFields));
  const now = nowIso(ctx);
  set.updated_at = now;
  await store.updateChargeRow(ctx, cur.id, set).catch((e: unknown) => {
    throw store.isUniqueViolation(e) ? invalidValue(`${nm('productRatePlanChargeNumber')} is already used by another charge`, PRPC_RESOURCE) : e;
  });
  const previous = await store.listTierRows(ctx, [cur.id]);
  const rows = pricingToTierRows(ctx, cur.id, c.chargeModel, c.pricing, previous);
  await store.deleteTiersOfCharge(ctx, cur.id);
  // keep the timestamps of tiers whose values did not change
  for (const r of rows) {
    const p = previous.find((x) => x.id === r.id);
    if (p && p.price === r.price && p.starting_unit === r.starting_unit && p.ending_unit === r.ending_unit && p.discount_amount === r.discount_amount && p.discount_percentage === r.discount_percentage && p.price_format === r.price_format)
      r.updated_at = p.updated_at;
  }
  await store.insertTiers(ctx, rows);
  return (await getCharge(ctx, cur.id))!;
}

export async function deleteCharge(ctx: Ctx, key: string): Promise<ChargeRecord> {
  const cur = await getCharge(ctx, key);
  if (!cur) throw notFound(`The product rate plan charge '${key}' does not exist`);
  await runUsageGuards(ctx, 'charge', cur.id, 'product rate plan charge');
  await store.deleteTiersOfCharge(ctx, cur.id);
  await store.deleteChargeRow(ctx, cur.id);
  return cur;
}

// ---------------------------------------------------------------- tiers

export interface TierWithCharge {
  tier: TierRecord;
  charge: ChargeRecord;
}

export async function getTier(ctx: Ctx, id: string): Promise<TierWithCharge | undefined> {
  const t = await store.findTierRow(ctx, id);
  if (!t) return undefined;
  const charge = await getCharge(ctx, t.charge_id);
  return charge ? { tier: tierFromRow(t), charge } : undefined;
}

/** Changes one tier's price, price format or discount, then re-checks its charge. */
export async function updateTier(
  ctx: Ctx,
  id: string,
  patch: { price?: string | number | null; priceFormat?: 'FlatFee' | 'PerUnit' | null; discountAmount?: string | number | null; discountPercentage?: string | number | null },
  opts: WriteOptions = {},
): Promise<TierWithCharge> {
  const nm = opts.namer ?? camelNamer;
  const t = await store.findTierRow(ctx, id);
  if (!t) throw notFound(`The product rate plan charge tier '${id}' does not exist`);
  const charge = (await getCharge(ctx, t.charge_id))!;
  const prepared = recordToPrepared(charge);
  const p = prepared.pricing.find((x) => x.currency === t.currency)!;
  const model = charge.chargeModel;
  if (patch.priceFormat !== undefined && patch.priceFormat !== null && patch.priceFormat !== 'FlatFee' && patch.priceFormat !== 'PerUnit')
    throw invalidValue(`${nm('priceFormat')} must be 'FlatFee' or 'PerUnit'`, PRPC_RESOURCE);
  if (patch.price !== undefined) {
    const v = decimalOrNull(patch.price, 'price', nm);
    if (t.is_overage_price === 1) p.overagePrice = v;
    else if (TIERED_MODELS.has(model)) p.tiers[Number(t.tier) - 1]!.price = v;
    else p.price = v;
  }
  if (patch.priceFormat !== undefined && TIERED_MODELS.has(model) && t.is_overage_price !== 1) p.tiers[Number(t.tier) - 1]!.priceFormat = patch.priceFormat;
  if (patch.discountAmount !== undefined) p.discountAmount = decimalOrNull(patch.discountAmount, 'discountAmount', nm);
  if (patch.discountPercentage !== undefined) p.discountPercentage = decimalOrNull(patch.discountPercentage, 'discountPercentage', nm);
  await updateCharge(ctx, charge.id, { pricing: [{ ...p, tiers: p.tiers }] }, opts);
  return (await getTier(ctx, id))!;
}

// ---------------------------------------------------------------- Zuora Revenue accounting codes

export interface RevProAccountingCodes {
  productRatePlanChargeId: string;
  adjustmentLiabilityAccount?: string | null;
  adjustmentRevenueAccount?: string | null;
  contractAssetAccount?: string | null;
  contractLiabilityAccount?: string | null;
  contractRecognizedRevenueAccount?: string | null;
  unbilledReceivablesAccount?: string | null;
  recognizedRevenueAccount?: string | null;
  deferredRevenueAccount?: string | null;
}

/** Sets the Zuora Revenue accounting codes of a charge (PUT /v1/revpro-accounting-codes). */
export async function updateRevProAccountingCodes(ctx: Ctx, input: RevProAccountingCodes, opts: WriteOptions = {}): Promise<ChargeRecord> {
  const nm = opts.namer ?? camelNamer;
  if (!input.productRatePlanChargeId) throw missingField(`${nm('productRatePlanChargeId')} is required`, PRPC_RESOURCE);
  const cur = await store.findChargeRow(ctx, input.productRatePlanChargeId);
  if (!cur) throw invalidValue(`${nm('productRatePlanChargeId')} '${input.productRatePlanChargeId}' is not an existing product rate plan charge`, PRPC_RESOURCE);
  const patch: ChargeInput = {};
  for (const k of [
    'adjustmentLiabilityAccount',
    'adjustmentRevenueAccount',
    'contractAssetAccount',
    'contractLiabilityAccount',
    'contractRecognizedRevenueAccount',
    'unbilledReceivablesAccount',
    'recognizedRevenueAccount',
    'deferredRevenueAccount',
  ] as const) {
    const v = input[k];
    if (v !== undefined) {
      if (v !== null && typeof v !== 'string') throw invalidValue(`${nm(k)} must be a string`, PRPC_RESOURCE);
      if (typeof v === 'string' && v.length > 100) throw invalidValue(`${nm(k)} must be at most 100 characters`, PRPC_RESOURCE);
      patch[k] = v;
    }
  }
  return updateCharge(ctx, cur.id, patch, opts);
}

