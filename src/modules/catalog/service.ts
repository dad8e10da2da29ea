/**
 * The catalog model: products, product rate plans, charges with per-currency
 * pricing and tiers, in a neutral shape every view maps from and to.
 * Neutral names are camelCase (fields.ts); enum values are the object API's,
 * except billingTiming (IN_ADVANCE / IN_ARREARS). Charges live in charges.ts,
 * the shapes in types.ts; both are re-exported here, the one entry point.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { customFieldRules, mergeCustomFields, type CustomFieldRules } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notFound, ruleViolation } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { D } from '../../platform/money.js';
import { linkedChargeSources, type CatalogReader, type LinkedCharge } from './contract.js';
import { chargesByIds, chargesOfPlans, getCharge } from './charges.js';
import { checkDate, checkStrings, decimalOrNull, nowIso, PRODUCT_LIMITS, productStatusOk, RATE_PLAN_LIMITS, runExpiryGuards, runUsageGuards, seqOf } from './helpers.js';
import { camelNamer, type Namer } from './rules.js';
import * as store from './store.js';
import type { ChargeRecord, ProductInput, ProductRecord, RatePlanInput, RatePlanRecord, WriteOptions } from './types.js';

export * from './types.js';
export * from './charges.js';

// ---------------------------------------------------------------- products

function productFromRow(r: store.ProductRow, rules: CustomFieldRules): ProductRecord {
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
    // the tenant's Product custom field definitions, if any: every defined field, null when unset
    customFields: rules.read(r.custom_fields),
    createdDate: r.created_at,
    updatedDate: r.updated_at,
  };
}

export async function createProduct(ctx: Ctx, input: ProductInput, opts: WriteOptions = {}): Promise<ProductRecord> {
  const nm = opts.namer ?? camelNamer;
  checkStrings(input, PRODUCT_LIMITS, nm);
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
  const cf = await customFieldRules(ctx, 'Product');
  const custom = cf.check(input.customFields ?? {}, { create: true });
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
    custom_fields: JSON.stringify(custom),
    created_at: now,
    updated_at: now,
    seq: await seqOf(ctx),
  };
  // a concurrent request may have taken the SKU or number since the checks above
  await store.insertProduct(ctx, row).catch((e: unknown) => {
    throw store.isUniqueViolation(e) ? invalidValue(`${nm('sku')} '${sku}' or ${nm('productNumber')} '${productNumber}' is already used by another product`) : e;
  });
  return productFromRow(row, cf);
}

/** By id, SKU or product number. */
export async function getProduct(ctx: Ctx, key: string): Promise<ProductRecord | undefined> {
  const r = await store.findProductRow(ctx, key);
  return r ? productFromRow(r, await customFieldRules(ctx, 'Product')) : undefined;
}

export async function requireProduct(ctx: Ctx, key: string): Promise<ProductRecord> {
  const p = await getProduct(ctx, key);
  if (!p) throw notFound(`The product '${key}' does not exist`);
  return p;
}

export async function updateProduct(ctx: Ctx, key: string, patch: ProductInput, opts: WriteOptions = {}): Promise<ProductRecord> {
  const nm = opts.namer ?? camelNamer;
  checkStrings(patch, PRODUCT_LIMITS, nm);
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
  const cf = await customFieldRules(ctx, 'Product');
  if (patch.customFields && Object.keys(patch.customFields).length) set.custom_fields = mergeCustomFields(cur.custom_fields, cf.check(patch.customFields));
  const start = set.effective_start_date ?? cur.effective_start_date;
  const end = set.effective_end_date ?? cur.effective_end_date;
  productStatusOk({ effectiveStartDate: start, effectiveEndDate: end }, nm);
  if (end < cur.effective_end_date) await runExpiryGuards(ctx, 'product', cur.id, end, 'product');
  set.updated_at = nowIso(ctx);
  await store.updateProductRow(ctx, cur.id, set).catch((e: unknown) => {
    throw store.isUniqueViolation(e) ? invalidValue(`${nm('sku')} or ${nm('productNumber')} is already used by another product`) : e;
  });
  return productFromRow({ ...cur, ...set }, cf);
}

/** Deletes a product with its rate plans and charges, unless a usage guard objects. */
export async function deleteProduct(ctx: Ctx, key: string): Promise<ProductRecord> {
  const cur = await store.findProductRow(ctx, key);
  if (!cur) throw notFound(`The product '${key}' does not exist`);
  await runUsageGuards(ctx, 'product', cur.id, 'product');
  const plans = await store.listRatePlanRows(ctx, cur.id);
  for (const p of plans) await deleteRatePlanInner(ctx, p);
  await store.deleteProductRow(ctx, cur.id);
  return productFromRow(cur, await customFieldRules(ctx, 'Product'));
}

/** Newest change first; `limit`/`offset` as the caller pages. */
export async function listProducts(ctx: Ctx, limit: number, offset: number): Promise<ProductRecord[]> {
  const cf = await customFieldRules(ctx, 'Product');
  return (await store.listProductRows(ctx, limit, offset)).map((r) => productFromRow(r, cf));
}

// ---------------------------------------------------------------- rate plans

function ratePlanStatus(ctx: Ctx, start: string | null, end: string | null): string {
  const today = ctx.today().toString();
  if (start && today < start) return 'NotStarted';
  if (end && today > end) return 'Expired';
  return 'Active';
}

/**
 * The charges linked into each plan by the registered linked charge sources
 * (contract.ts), keyed by plan id. A charge stays one record: its
 * productRatePlanId still names the plan that owns it.
 */
async function linkedChargesOf(ctx: Ctx, planIds: string[]): Promise<Map<string, ChargeRecord[]>> {
  const out = new Map<string, ChargeRecord[]>();
  if (linkedChargeSources.length === 0) return out;
  const links: LinkedCharge[] = [];
  for (const source of linkedChargeSources) links.push(...(await source(ctx, planIds)));
  if (links.length === 0) return out;
  const byId = new Map((await chargesByIds(ctx, links.map((l) => l.chargeId))).map((c) => [c.id, c]));
  for (const l of links) {
    const c = byId.get(l.chargeId);
    const list = out.get(l.ratePlanId) ?? [];
    // a charge shows once per plan, and never twice in the plan that owns it
    if (!c || c.productRatePlanId === l.ratePlanId || list.some((x) => x.id === c.id)) continue;
    list.push(c);
    out.set(l.ratePlanId, list);
  }
  return out;
}

async function ratePlansFromRows(ctx: Ctx, rows: store.RatePlanRow[], product?: store.ProductRow): Promise<RatePlanRecord[]> {
  if (rows.length === 0) return [];
  const charges = await chargesOfPlans(
    ctx,
    rows.map((r) => r.id),
  );
  const linked = await linkedChargesOf(
    ctx,
    rows.map((r) => r.id),
  );
  const cf = await customFieldRules(ctx, 'ProductRatePlan');
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
      // its own charges, then those other plans share into it (oldest link first)
      charges: [...charges.filter((c) => c.productRatePlanId === r.id), ...(linked.get(r.id) ?? [])],
      customFields: cf.read(r.custom_fields),
      createdDate: r.created_at,
      updatedDate: r.updated_at,
    });
  }
  return out;
}

/** ISO 4217 codes as the runtime knows them (Intl), so that a three-letter word is not taken for a currency. */
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function normalizeCurrencies(list: unknown, nm: Namer): string[] {
  if (!Array.isArray(list)) throw invalidValue(`${nm('activeCurrencies')} must be a list of currency codes`);
  const out: string[] = [];
  for (const c of list) {
    if (typeof c !== 'string' || !/^[A-Za-z]{3}$/.test(c.trim())) throw invalidValue(`${nm('activeCurrencies')} has an invalid currency '${String(c)}'`);
    const u = c.trim().toUpperCase();
    if (!ISO_CURRENCIES.has(u)) throw invalidValue(`${nm('activeCurrencies')} has '${c.trim()}', which is not an ISO 4217 currency code`);
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
  checkStrings(input, RATE_PLAN_LIMITS, nm);
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
    custom_fields: JSON.stringify((await customFieldRules(ctx, 'ProductRatePlan')).check(input.customFields ?? {}, { create: true })),
    created_at: now,
    updated_at: now,
    seq: await seqOf(ctx),
  };
  await store.insertRatePlan(ctx, row).catch((e: unknown) => {
    throw store.isUniqueViolation(e) ? invalidValue(`${nm('productRatePlanNumber')} '${number}' is already used by another product rate plan`) : e;
  });
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
  checkStrings(patch, RATE_PLAN_LIMITS, nm);
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
  if (patch.activeCurrencies !== undefined && patch.activeCurrencies !== null) {
    const kept = normalizeCurrencies(patch.activeCurrencies, nm);
    // A plan update never drops prices: a currency its charges are priced in stays until their prices change.
    const charges = await store.listChargeRows(ctx, [cur.id]);
    const lost = (await store.listTierRows(ctx, charges.map((c) => c.id))).find((t) => !kept.includes(t.currency));
    if (lost) {
      const ch = charges.find((c) => c.id === lost.charge_id);
      throw ruleViolation(`${nm('activeCurrencies')} must keep ${lost.currency}: the charge ${ch?.charge_number ?? lost.charge_id} has prices in it; remove those prices from the charge first`);
    }
    set.active_currencies = JSON.stringify(kept);
  }
  if (patch.grade !== undefined) set.grade = normalizeGrade(patch.grade, nm);
  if (patch.externalIdSourceSystem !== undefined) set.external_id_source_system = patch.externalIdSourceSystem;
  if (patch.externalRatePlanIds !== undefined) set.external_rate_plan_ids = JSON.stringify(patch.externalRatePlanIds ?? []);
  if (patch.customFields && Object.keys(patch.customFields).length)
    set.custom_fields = mergeCustomFields(cur.custom_fields, (await customFieldRules(ctx, 'ProductRatePlan')).check(patch.customFields));
  const now = nowIso(ctx);
  set.updated_at = now;
  await store.updateRatePlanRow(ctx, cur.id, set).catch((e: unknown) => {
    throw store.isUniqueViolation(e) ? invalidValue(`${nm('productRatePlanNumber')} is already used by another product rate plan`) : e;
  });
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

// ---------------------------------------------------------------- the reader other modules use

export const catalogReader: CatalogReader = {
  getProduct: (ctx, idOrSku) => getProduct(ctx, idOrSku),
  getRatePlan: (ctx, key) => getRatePlan(ctx, key),
  getCharge: (ctx, key) => getCharge(ctx, key),
};
