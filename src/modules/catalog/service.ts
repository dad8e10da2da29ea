/**
 * The catalog model: products, product rate plans, charges with per-currency
 * pricing and tiers, in a neutral shape every view maps from and to.
 * Neutral names are camelCase (fields.ts); enum values are the object API's,
 * except billingTiming (IN_ADVANCE / IN_ARREARS).
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { mergeCustomFields, parseCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { parseDate } from '../../platform/dates.js';
import { invalidValue, missingField, notFound, ruleViolation, type ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { findAccountingCodeByName, registerAccountingCodeReferenceCheck } from '../accounting-codes/service.js';
import { D, toDbAmount } from '../../platform/money.js';
import {
  catalogUsageGuards,
  catalogExpiryGuards,
  type CatalogCharge,
  type CatalogChargePricing,
  type CatalogProduct,
  type CatalogRatePlan,
  type CatalogReader,
  type CatalogTier,
  type ChargeType,
} from './contract.js';
import { CHARGE_FIELDS, CHARGE_FIELD_BY_KEY, CHARGE_MODELS, CHARGE_TYPES, OVERAGE_MODELS_LIST } from './fields.js';
import { camelNamer, checkCharge, DISCOUNT_MODELS, PRPC_RESOURCE, TIERED_MODELS, type Namer, type NeutralPricing, type NeutralTier } from './rules.js';
import * as store from './store.js';

// ---------------------------------------------------------------- shapes

export interface ProductInput {
  name?: string;
  sku?: string | null;
  productNumber?: string | null;
  description?: string | null;
  category?: string | null;
  effectiveStartDate?: string;
  effectiveEndDate?: string;
  allowFeatureChanges?: boolean | null;
  customFields?: CustomFields;
}

export interface ProductRecord extends CatalogProduct {
  productNumber: string;
  description: string | null;
  category: string | null;
  allowFeatureChanges: boolean | null;
  /** ISO instants. */
  createdDate: string;
  updatedDate: string;
}

export interface RatePlanInput {
  productId?: string;
  name?: string;
  description?: string | null;
  productRatePlanNumber?: string | null;
  effectiveStartDate?: string | null;
  effectiveEndDate?: string | null;
  activeCurrencies?: string[];
  grade?: string | number | null;
  externalIdSourceSystem?: string | null;
  externalRatePlanIds?: string[];
  customFields?: CustomFields;
}

export interface RatePlanRecord extends CatalogRatePlan {
  grade: string | null;
  externalIdSourceSystem: string | null;
  externalRatePlanIds: string[];
  productNumber: string;
  createdDate: string;
  updatedDate: string;
  charges: ChargeRecord[];
}

export interface TierInput {
  startingUnit?: string | number | null;
  endingUnit?: string | number | null;
  price?: string | number | null;
  priceFormat?: 'FlatFee' | 'PerUnit' | null;
}

/** The price of a charge in one currency. Which members apply depends on the charge model. */
export interface PricingInput {
  currency?: string;
  price?: string | number | null;
  tiers?: TierInput[];
  discountAmount?: string | number | null;
  discountPercentage?: string | number | null;
  overagePrice?: string | number | null;
}

/**
 * A charge to create or a patch to apply. Besides the members below it takes
 * any attribute of fields.ts by its neutral key (billingPeriod, billCycleType, uom, ...).
 * `pricing` replaces the pricing of the currencies it lists (all of them on create).
 */
export type ChargeInput = {
  productRatePlanId?: string;
  name?: string;
  chargeType?: string;
  chargeModel?: string;
  productRatePlanChargeNumber?: string | null;
  pricing?: PricingInput[];
  customFields?: CustomFields;
} & Record<string, unknown>;

export interface TierRecord extends CatalogTier {
  id: string;
  isOveragePrice: boolean;
  discountAmount: string | null;
  discountPercentage: string | null;
  createdDate: string;
  updatedDate: string;
}

/** A charge with every attribute of fields.ts (null when unset). */
export interface ChargeRecord extends CatalogCharge {
  productRatePlanChargeNumber: string;
  /** Every attribute by neutral key, including those of CatalogCharge. */
  attrs: Record<string, unknown>;
  /** The stored tier rows (flat prices and discounts are one row each), for the object API. */
  tierRows: TierRecord[];
  createdDate: string;
  updatedDate: string;
}

export interface WriteOptions {
  /** How error messages name fields (the object API passes a PascalCase namer). */
  namer?: Namer;
}

// ---------------------------------------------------------------- helpers

/** Fixed precision, so that stored timestamps sort as strings. */
const nowIso = (ctx: Ctx) => ctx.now().toString({ fractionalSecondDigits: 3 });
const seqOf = (ctx: Ctx) => nextCounter(ctx, 'catalog-seq');

function checkDate(v: unknown, field: string, nm: Namer): string {
  if (typeof v !== 'string' || !parseDate(v)) throw invalidValue(`${nm(field)} must be a date in the format YYYY-MM-DD, got '${String(v)}'`);
  return v;
}

function decimalOrNull(v: unknown, field: string, nm: Namer): string | null {
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

function normalizeAttr(key: string, v: unknown, nm: Namer): unknown {
  const f = CHARGE_FIELD_BY_KEY.get(key)!;
  if (v === null || v === undefined || v === '') return null;
  switch (f.kind) {
    case 'string': {
      if (typeof v !== 'string') throw invalidValue(`${nm(key)} must be a string`, PRPC_RESOURCE);
      let s = v;
      if (key === 'applyDiscountTo') s = s.replace(/\s*\(\d\)$/, '');
      if (key === 'billingTiming') s = ({ 'In Advance': 'IN_ADVANCE', 'In Arrears': 'IN_ARREARS' } as Record<string, string>)[s] ?? s;
      if ((s === 'None' || s === 'null') && f.enum && !f.enum.includes(s)) return null;
      if (f.enum && !f.enum.includes(s)) throw invalidValue(`${nm(key)} has an invalid value '${v}'; allowed: ${f.enum.join(', ')}`, PRPC_RESOURCE);
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

function normalizeTier(t: TierInput, nm: Namer): NeutralTier {
  const pf = t.priceFormat ?? null;
  if (pf !== null && pf !== 'FlatFee' && pf !== 'PerUnit') throw invalidValue(`${nm('priceFormat')} must be 'FlatFee' or 'PerUnit'`, PRPC_RESOURCE);
  return {
    startingUnit: decimalOrNull(t.startingUnit, 'startingUnit', nm),
    endingUnit: decimalOrNull(t.endingUnit, 'endingUnit', nm),
    price: decimalOrNull(t.price, 'price', nm),
    priceFormat: pf,
  };
}

function normalizePricing(p: PricingInput, defaultCurrency: string, nm: Namer): NeutralPricing {
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
function applyDefaults(type: string, model: string, a: Record<string, unknown>): void {
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
}

function productStatusOk(p: { effectiveStartDate: string; effectiveEndDate: string }, nm: Namer): void {
  if (p.effectiveStartDate > p.effectiveEndDate) throw invalidValue(`${nm('effectiveEndDate')} must not be before ${nm('effectiveStartDate')}`);
}

async function runUsageGuards(ctx: Ctx, kind: 'product' | 'ratePlan' | 'charge', id: string, what: string): Promise<void> {
  for (const guard of catalogUsageGuards) {
    const reason = await guard(ctx, kind, id);
    if (reason) throw ruleViolation(`Cannot delete ${what} ${id}: ${reason}`);
  }
}

async function runExpiryGuards(ctx: Ctx, kind: 'product' | 'ratePlan', id: string, newEnd: string, what: string): Promise<void> {
  for (const guard of catalogExpiryGuards) {
    const reason = await guard(ctx, kind, id, newEnd);
    if (reason) throw ruleViolation(`Cannot move the effective end date of ${what} ${id} to ${newEnd}: ${reason}`);
  }
}

// ---------------------------------------------------------------- products

function productFromRow(r: store.ProductRow): ProductRecord {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    productNumber: r.product_number,
    description: r.description,
    category: r.category,
    effectiveStartDate: r.effective_start_date,
    effectiveEndDate: r.effective_end_date,
    allowFeatureChanges: r.allow_feature_changes === null ? null : r.allow_feature_changes === 1,
    customFields: parseCustomFields(r.custom_fields),
    createdDate: r.created_at,
    updatedDate: r.updated_at,
  };
}

export async function createProduct(ctx: Ctx, input: ProductInput, opts: WriteOptions = {}): Promise<ProductRecord> {
  const nm = opts.namer ?? camelNamer;
  if (!input.name) throw missingField(`${nm('name')} is required`);
  if (input.effectiveStartDate === undefined || input.effectiveStartDate === null) throw missingField(`${nm('effectiveStartDate')} is required`);
  if (input.effectiveEndDate === undefined || input.effectiveEndDate === null) throw missingField(`${nm('effectiveEndDate')} is required`);
  const start = checkDate(input.effectiveStartDate, 'effectiveStartDate', nm);
  const end = checkDate(input.effectiveEndDate, 'effectiveEndDate', nm);
  productStatusOk({ effectiveStartDate: start, effectiveEndDate: end }, nm);
  let sku = input.sku ?? null;
  if (sku) {
    if (sku.length > 50) throw invalidValue(`${nm('sku')} must be at most 50 characters`);
    if (await store.findProductBySku(ctx, sku)) throw invalidValue(`${nm('sku')} '${sku}' is already used by another product`);
  } else {
    do sku = formatNumber('SKU-', await nextCounter(ctx, 'catalog-sku'));
    while (await store.findProductBySku(ctx, sku));
  }
  let productNumber = input.productNumber ?? null;
  if (productNumber) {
    if (await store.findProductByNumber(ctx, productNumber)) throw invalidValue(`${nm('productNumber')} '${productNumber}' is already used by another product`);
  } else {
    do productNumber = formatNumber('PC-', await nextCounter(ctx, 'catalog-product-number'));
    while (await store.findProductByNumber(ctx, productNumber));
  }
  const now = nowIso(ctx);
  const row: store.ProductRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    name: input.name,
    sku,
    product_number: productNumber,
    description: input.description ?? null,
    category: input.category ?? null,
    effective_start_date: start,
    effective_end_date: end,
    allow_feature_changes: input.allowFeatureChanges === undefined || input.allowFeatureChanges === null ? null : input.allowFeatureChanges ? 1 : 0,
    custom_fields: JSON.stringify(input.customFields ?? {}),
    created_at: now,
    updated_at: now,
    seq: await seqOf(ctx),
  };
  await store.insertProduct(ctx, row);
  return productFromRow(row);
}

/** By id, SKU or product number. */
export async function getProduct(ctx: Ctx, key: string): Promise<ProductRecord | undefined> {
  const r = await store.findProductRow(ctx, key);
  return r ? productFromRow(r) : undefined;
}

export async function requireProduct(ctx: Ctx, key: string): Promise<ProductRecord> {
  const p = await getProduct(ctx, key);
  if (!p) throw notFound(`The product '${key}' does not exist`);
  return p;
}

export async function updateProduct(ctx: Ctx, key: string, patch: ProductInput, opts: WriteOptions = {}): Promise<ProductRecord> {
  const nm = opts.namer ?? camelNamer;
  const cur = await store.findProductRow(ctx, key);
  if (!cur) throw notFound(`The product '${key}' does not exist`);
  const set: Partial<store.ProductRow> = {};
  if (patch.name !== undefined) {
    if (!patch.name) throw missingField(`${nm('name')} must not be empty`);
    set.name = patch.name;
  }
  if (patch.sku !== undefined && patch.sku !== null && patch.sku !== cur.sku) {
    const other = await store.findProductBySku(ctx, patch.sku);
    if (other && other.id !== cur.id) throw invalidValue(`${nm('sku')} '${patch.sku}' is already used by another product`);
    set.sku = patch.sku;
  }
  if (patch.productNumber !== undefined && patch.productNumber !== null && patch.productNumber !== cur.product_number) {
    const other = await store.findProductByNumber(ctx, patch.productNumber);
    if (other && other.id !== cur.id) throw invalidValue(`${nm('productNumber')} '${patch.productNumber}' is already used by another product`);
    set.product_number = patch.productNumber;
  }
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.category !== undefined) set.category = patch.category;
  if (patch.effectiveStartDate !== undefined) set.effective_start_date = checkDate(patch.effectiveStartDate, 'effectiveStartDate', nm);
  if (patch.effectiveEndDate !== undefined) set.effective_end_date = checkDate(patch.effectiveEndDate, 'effectiveEndDate', nm);
  if (patch.allowFeatureChanges !== undefined) set.allow_feature_changes = patch.allowFeatureChanges === null ? null : patch.allowFeatureChanges ? 1 : 0;
  if (patch.customFields && Object.keys(patch.customFields).length) set.custom_fields = mergeCustomFields(cur.custom_fields, patch.customFields);
  const start = set.effective_start_date ?? cur.effective_start_date;
  const end = set.effective_end_date ?? cur.effective_end_date;
  productStatusOk({ effectiveStartDate: start, effectiveEndDate: end }, nm);
  if (end < cur.effective_end_date) await runExpiryGuards(ctx, 'product', cur.id, end, 'product');
  set.updated_at = nowIso(ctx);
  await store.updateProductRow(ctx, cur.id, set);
  return productFromRow({ ...cur, ...set });
}

/** Deletes a product with its rate plans and charges, unless a usage guard objects. */
export async function deleteProduct(ctx: Ctx, key: string): Promise<ProductRecord> {
  const cur = await store.findProductRow(ctx, key);
  if (!cur) throw notFound(`The product '${key}' does not exist`);
  await runUsageGuards(ctx, 'product', cur.id, 'product');
  const plans = await store.listRatePlanRows(ctx, cur.id);
  for (const p of plans) await deleteRatePlanInner(ctx, p);
  await store.deleteProductRow(ctx, cur.id);
  return productFromRow(cur);
}

/** Newest change first; `limit`/`offset` as the caller pages. */
export async function listProducts(ctx: Ctx, limit: number, offset: number): Promise<ProductRecord[]> {
  return (await store.listProductRows(ctx, limit, offset)).map(productFromRow);
}

// ---------------------------------------------------------------- rate plans

function ratePlanStatus(ctx: Ctx, start: string | null, end: string | null): string {
  const today = ctx.today().toString();
  if (start && today < start) return 'NotStarted';
  if (end && today > end) return 'Expired';
  return 'Active';
}

async function ratePlansFromRows(ctx: Ctx, rows: store.RatePlanRow[], product?: store.ProductRow): Promise<RatePlanRecord[]> {
  if (rows.length === 0) return [];
  const charges = await chargesOfPlans(
    ctx,
    rows.map((r) => r.id),
  );
  const products = new Map<string, store.ProductRow>();
  if (product) products.set(product.id, product);
  const out: RatePlanRecord[] = [];
  for (const r of rows) {
    let p = products.get(r.product_id);
    if (!p) {
      p = await store.findProductRow(ctx, r.product_id);
      if (p) products.set(p.id, p);
    }
    out.push({
      id: r.id,
      productRatePlanNumber: r.product_rate_plan_number,
      name: r.name,
      description: r.description,
      productId: r.product_id,
      productName: p?.name ?? '',
      productSku: p?.sku ?? '',
      productNumber: p?.product_number ?? '',
      effectiveStartDate: r.effective_start_date,
      effectiveEndDate: r.effective_end_date,
      status: ratePlanStatus(ctx, r.effective_start_date, r.effective_end_date),
      activeCurrencies: JSON.parse(r.active_currencies) as string[],
      grade: r.grade,
      externalIdSourceSystem: r.external_id_source_system,
      externalRatePlanIds: JSON.parse(r.external_rate_plan_ids) as string[],
      charges: charges.filter((c) => c.productRatePlanId === r.id),
      customFields: parseCustomFields(r.custom_fields),
      createdDate: r.created_at,
      updatedDate: r.updated_at,
    });
  }
  return out;
}

function normalizeCurrencies(list: unknown, nm: Namer): string[] {
  if (!Array.isArray(list)) throw invalidValue(`${nm('activeCurrencies')} must be a list of currency codes`);
  const out: string[] = [];
  for (const c of list) {
    if (typeof c !== 'string' || !/^[A-Za-z]{3}$/.test(c.trim())) throw invalidValue(`${nm('activeCurrencies')} has an invalid currency '${String(c)}'`);
    const u = c.trim().toUpperCase();
    if (!out.includes(u)) out.push(u);
  }
  if (out.length === 0) throw invalidValue(`${nm('activeCurrencies')} must list at least one currency`);
  return out;
}

function normalizeGrade(v: unknown, nm: Namer): string | null {
  if (v === null || v === undefined || v === '') return null;
  const s = decimalOrNull(v, 'grade', nm);
  if (s === null || !new D(s).isInteger() || new D(s).lt(1)) throw invalidValue(`${nm('grade')} must be a positive integer`);
  return s;
}

export async function createRatePlan(ctx: Ctx, input: RatePlanInput, opts: WriteOptions = {}): Promise<RatePlanRecord> {
  const nm = opts.namer ?? camelNamer;
  if (!input.name) throw missingField(`${nm('name')} is required`);
  if (!input.productId) throw missingField(`${nm('productId')} is required`);
  const product = await store.findProductRow(ctx, input.productId);
  if (!product) throw invalidValue(`${nm('productId')} '${input.productId}' is not an existing product`);
  const start = input.effectiveStartDate ? checkDate(input.effectiveStartDate, 'effectiveStartDate', nm) : null;
  const end = input.effectiveEndDate ? checkDate(input.effectiveEndDate, 'effectiveEndDate', nm) : null;
  if (start && end && start > end) throw invalidValue(`${nm('effectiveEndDate')} must not be before ${nm('effectiveStartDate')}`);
  const currencies = input.activeCurrencies === undefined || input.activeCurrencies === null ? [ctx.tenant.currency] : normalizeCurrencies(input.activeCurrencies, nm);
  let number = input.productRatePlanNumber ?? null;
  if (number) {
    if (await store.findRatePlanByNumber(ctx, number)) throw invalidValue(`${nm('productRatePlanNumber')} '${number}' is already used by another product rate plan`);
  } else {
    do number = formatNumber('PRP-', await nextCounter(ctx, 'catalog-rate-plan-number'));
    while (await store.findRatePlanByNumber(ctx, number));
  }
  const now = nowIso(ctx);
  const row: store.RatePlanRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    product_id: product.id,
    name: input.name,
    product_rate_plan_number: number,
    description: input.description ?? null,
    effective_start_date: start,
    effective_end_date: end,
    active_currencies: JSON.stringify(currencies),
    grade: normalizeGrade(input.grade, nm),
    external_id_source_system: input.externalIdSourceSystem ?? null,
    external_rate_plan_ids: JSON.stringify(input.externalRatePlanIds ?? []),
    custom_fields: JSON.stringify(input.customFields ?? {}),
    created_at: now,
    updated_at: now,
    seq: await seqOf(ctx),
  };
  await store.insertRatePlan(ctx, row);
  return (await ratePlansFromRows(ctx, [row], product))[0]!;
}

/** By id or product rate plan number, with its charges. */
export async function getRatePlan(ctx: Ctx, key: string): Promise<RatePlanRecord | undefined> {
  const r = await store.findRatePlanRow(ctx, key);
  return r ? (await ratePlansFromRows(ctx, [r]))[0] : undefined;
}

export async function requireRatePlan(ctx: Ctx, key: string): Promise<RatePlanRecord> {
  const p = await getRatePlan(ctx, key);
  if (!p) throw notFound(`The product rate plan '${key}' does not exist`);
  return p;
}

/** The rate plans of a product (by id, SKU or number), with charges, oldest first. */
export async function listRatePlans(ctx: Ctx, productKey: string, limit?: number, offset?: number): Promise<RatePlanRecord[]> {
  const product = await store.findProductRow(ctx, productKey);
  if (!product) throw notFound(`The product '${productKey}' does not exist`);
  return ratePlansFromRows(ctx, await store.listRatePlanRows(ctx, product.id, limit, offset), product);
}

/** Rate plans carrying `externalId` among their external rate plan ids. */
export async function listRatePlansByExternalId(ctx: Ctx, externalId: string): Promise<RatePlanRecord[]> {
  const rows = (await store.listRatePlanRowsWithExternalIds(ctx)).filter((r) => (JSON.parse(r.external_rate_plan_ids) as string[]).includes(externalId));
  return ratePlansFromRows(ctx, rows);
}

export async function updateRatePlan(ctx: Ctx, key: string, patch: RatePlanInput, opts: WriteOptions = {}): Promise<RatePlanRecord> {
  const nm = opts.namer ?? camelNamer;
  const cur = await store.findRatePlanRow(ctx, key);
  if (!cur) throw notFound(`The product rate plan '${key}' does not exist`);
  const set: Partial<store.RatePlanRow> = {};
  if (patch.name !== undefined) {
    if (!patch.name) throw missingField(`${nm('name')} must not be empty`);
    set.name = patch.name;
  }
  if (patch.productId !== undefined && patch.productId !== cur.product_id) {
    const p = await store.findProductRow(ctx, patch.productId);
    if (!p) throw invalidValue(`${nm('productId')} '${patch.productId}' is not an existing product`);
    set.product_id = p.id;
  }
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.productRatePlanNumber !== undefined && patch.productRatePlanNumber !== null && patch.productRatePlanNumber !== cur.product_rate_plan_number) {
    const other = await store.findRatePlanByNumber(ctx, patch.productRatePlanNumber);
    if (other && other.id !== cur.id) throw invalidValue(`${nm('productRatePlanNumber')} '${patch.productRatePlanNumber}' is already used by another product rate plan`);
    set.product_rate_plan_number = patch.productRatePlanNumber;
  }
  if (patch.effectiveStartDate !== undefined) set.effective_start_date = patch.effectiveStartDate ? checkDate(patch.effectiveStartDate, 'effectiveStartDate', nm) : null;
  if (patch.effectiveEndDate !== undefined) set.effective_end_date = patch.effectiveEndDate ? checkDate(patch.effectiveEndDate, 'effectiveEndDate', nm) : null;
  const start = set.effective_start_date !== undefined ? set.effective_start_date : cur.effective_start_date;
  const end = set.effective_end_date !== undefined ? set.effective_end_date : cur.effective_end_date;
  if (start && end && start > end) throw invalidValue(`${nm('effectiveEndDate')} must not be before ${nm('effectiveStartDate')}`);
  if (end && (!cur.effective_end_date || end < cur.effective_end_date)) await runExpiryGuards(ctx, 'ratePlan', cur.id, end, 'product rate plan');
  if (patch.activeCurrencies !== undefined && patch.activeCurrencies !== null) set.active_currencies = JSON.stringify(normalizeCurrencies(patch.activeCurrencies, nm));
  if (patch.grade !== undefined) set.grade = normalizeGrade(patch.grade, nm);
  if (patch.externalIdSourceSystem !== undefined) set.external_id_source_system = patch.externalIdSourceSystem;
  if (patch.externalRatePlanIds !== undefined) set.external_rate_plan_ids = JSON.stringify(patch.externalRatePlanIds ?? []);
  if (patch.customFields && Object.keys(patch.customFields).length) set.custom_fields = mergeCustomFields(cur.custom_fields, patch.customFields);
  const now = nowIso(ctx);
  set.updated_at = now;
  await store.updateRatePlanRow(ctx, cur.id, set);
  if (set.active_currencies) {
    // prices in a currency the plan no longer offers go with it
    const kept = JSON.parse(set.active_currencies) as string[];
    for (const ch of await store.listChargeRows(ctx, [cur.id])) await store.deleteTiersOutsideCurrencies(ctx, ch.id, kept);
  }
  return (await ratePlansFromRows(ctx, [{ ...cur, ...set }]))[0]!;
}

async function deleteRatePlanInner(ctx: Ctx, row: store.RatePlanRow): Promise<void> {
  await runUsageGuards(ctx, 'ratePlan', row.id, 'product rate plan');
  for (const c of await store.listChargeRows(ctx, [row.id])) {
    await runUsageGuards(ctx, 'charge', c.id, 'product rate plan charge');
    await store.deleteTiersOfCharge(ctx, c.id);
    await store.deleteChargeRow(ctx, c.id);
  }
  await store.deleteRatePlanRow(ctx, row.id);
}

export async function deleteRatePlan(ctx: Ctx, key: string): Promise<RatePlanRecord> {
  const cur = await store.findRatePlanRow(ctx, key);
  if (!cur) throw notFound(`The product rate plan '${key}' does not exist`);
  const rec = (await ratePlansFromRows(ctx, [cur]))[0]!;
  await deleteRatePlanInner(ctx, cur);
  return rec;
}

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

function chargeFromRow(r: store.ChargeRow, tiers: store.TierRow[], order: string[]): ChargeRecord {
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
    customFields: parseCustomFields(r.custom_fields),
    attrs,
    tierRows: tiers.map(tierFromRow),
    createdDate: r.created_at,
    updatedDate: r.updated_at,
  };
}

async function chargesOfPlans(ctx: Ctx, planIds: string[]): Promise<ChargeRecord[]> {
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
  return rows.map((r) =>
    chargeFromRow(
      r,
      tiers.filter((t) => t.charge_id === r.id),
      plans.get(r.rate_plan_id) ?? [],
    ),
  );
}

/** By id or product rate plan charge number. */
export async function getCharge(ctx: Ctx, key: string): Promise<ChargeRecord | undefined> {
  const r = await store.findChargeRow(ctx, key);
  if (!r) return undefined;
  const plan = await store.findRatePlanRow(ctx, r.rate_plan_id);
  return chargeFromRow(r, await store.listTierRows(ctx, [r.id]), plan ? (JSON.parse(plan.active_currencies) as string[]) : []);
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

// A code that a charge names cannot be deleted.
registerAccountingCodeReferenceCheck('catalog', async (ctx, code) => {
  const name = code.name.toLowerCase();
  for (const r of await store.listAllChargeAttrs(ctx)) {
    const attrs = JSON.parse(r.attrs) as Record<string, unknown>;
    if (ACCOUNTING_CODE_KEYS.some((k) => typeof attrs[k] === 'string' && (attrs[k] as string).toLowerCase() === name)) return `product rate plan charge ${r.charge_number} uses it`;
  }
  return undefined;
});

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
    throw invalidValue(`${nm('chargeType')} has an invalid value '${chargeType}'; allowed: ${CHARGE_TYPES.join(', ')}`, PRPC_RESOURCE);
  if (chargeModel && !(CHARGE_MODELS as readonly string[]).includes(chargeModel))
    throw invalidValue(`${nm('chargeModel')} has an invalid value '${chargeModel}'; allowed: ${CHARGE_MODELS.join(', ')}`, PRPC_RESOURCE);
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
    custom_fields: JSON.stringify(input.customFields ?? {}),
    created_at: now,
    updated_at: now,
    seq: await seqOf(ctx),
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
  if (patch.customFields && Object.keys(patch.customFields).length) set.custom_fields = mergeCustomFields(curRow.custom_fields, patch.customFields);
  const now = nowIso(ctx);
  set.updated_at = now;
  await store.updateChargeRow(ctx, cur.id, set);
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

// ---------------------------------------------------------------- the reader other modules use

export const catalogReader: CatalogReader = {
  getProduct: (ctx, idOrSku) => getProduct(ctx, idOrSku),
  getRatePlan: (ctx, key) => getRatePlan(ctx, key),
  getCharge: (ctx, key) => getCharge(ctx, key),
};
