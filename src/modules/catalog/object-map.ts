/**
 * Maps the neutral catalog model to and from the object API's PascalCase
 * shapes (the ProxyCreate and ProxyGet schemas).
 */
import type { Ctx } from '../../platform/context.js';
import { CUSTOM_FIELD_RE, type CustomFields } from '../../platform/custom-fields.js';
import { formatIsoDateTime, Temporal } from '../../platform/dates.js';
import { invalidValue } from '../../platform/errors.js';
import { toJsonNumber } from '../../platform/money.js';
import { BILLING_TIMING_TO_OBJECT, CHARGE_FIELDS, CHARGE_FIELD_BY_KEY, CHARGE_MODELS } from './fields.js';
import { DISCOUNT_MODELS, PRPC_RESOURCE, TIERED_MODELS, type Namer } from './rules.js';
import type { ChargeInput, ChargeRecord, PricingInput, ProductInput, ProductRecord, RatePlanInput, RatePlanRecord, TierInput, TierRecord } from './service.js';

type Body = Record<string, unknown>;

const SPECIAL_PASCAL: Record<string, string> = {
  name: 'Name',
  sku: 'SKU',
  uom: 'UOM',
  productId: 'ProductId',
  productRatePlanId: 'ProductRatePlanId',
  productRatePlanChargeId: 'ProductRatePlanChargeId',
  pricing: 'ProductRatePlanChargeTierData',
  tiers: 'ProductRatePlanChargeTier',
  overagePrice: 'Price (IsOveragePrice)',
  externalRatePlanIds: 'ExternalRatePlanIds',
};

/** Names fields in PascalCase for object API messages. */
export const pascalNamer: Namer = (k) => SPECIAL_PASCAL[k] ?? CHARGE_FIELD_BY_KEY.get(k)?.pascal ?? k.charAt(0).toUpperCase() + k.slice(1);

/** Custom fields (`__c`) and the NetSuite integration fields (`__NS`) ride along as custom fields. */
export function pickObjectCustomFields(body: Body): CustomFields {
  const out: CustomFields = {};
  for (const [k, v] of Object.entries(body)) {
    if (!k.endsWith('__c') && !k.endsWith('__NS')) continue;
    if (k.endsWith('__c') && !CUSTOM_FIELD_RE.test(k)) throw invalidValue(`'${k}' is not a valid custom field name`);
    if (v !== null && typeof v === 'object') throw invalidValue(`Custom field '${k}' must be a string, number or boolean`);
    out[k] = v as string | number | boolean | null;
  }
  return out;
}

const str = (v: unknown) => (v === undefined ? undefined : (v as string | null));

export function timestamp(ctx: Ctx, iso: string): string {
  return formatIsoDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone);
}

/** Zuora leaves unset fields out of object API answers. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** Picks only the requested fields (the `fields` query parameter), case-insensitively; Id always. */
export function selectFields(o: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (!fields) return o;
  const wanted = new Set(fields.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (k === 'Id' || wanted.has(k.toLowerCase())) out[k] = v;
  return out;
}

// ---- products

export function productInputFromObject(b: Body): ProductInput {
  return {
    name: str(b.Name) as string | undefined,
    sku: str(b.SKU),
    productNumber: str(b.ProductNumber),
    description: str(b.Description),
    category: str(b.Category),
    effectiveStartDate: str(b.EffectiveStartDate) as string | undefined,
    effectiveEndDate: str(b.EffectiveEndDate) as string | undefined,
    allowFeatureChanges: b.AllowFeatureChanges === undefined ? undefined : (b.AllowFeatureChanges as boolean | null),
    customFields: pickObjectCustomFields(b),
  };
}

export function productToObject(ctx: Ctx, p: ProductRecord): Record<string, unknown> {
  return compact({
    Id: p.id,
    Name: p.name,
    SKU: p.sku,
    ProductNumber: p.productNumber,
    Description: p.description,
    Category: p.category,
    EffectiveStartDate: p.effectiveStartDate,
    EffectiveEndDate: p.effectiveEndDate,
    AllowFeatureChanges: p.allowFeatureChanges,
    CreatedById: ctx.tenant.id,
    CreatedDate: timestamp(ctx, p.createdDate),
    UpdatedById: ctx.tenant.id,
    UpdatedDate: timestamp(ctx, p.updatedDate),
    ...p.customFields,
  });
}

// ---- rate plans

function externalIds(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  throw invalidValue(`ExternalRatePlanIds must be a string`);
}

export function ratePlanInputFromObject(b: Body): RatePlanInput {
  return {
    productId: str(b.ProductId) as string | undefined,
    name: str(b.Name) as string | undefined,
    description: str(b.Description),
    productRatePlanNumber: str(b.ProductRatePlanNumber),
    effectiveStartDate: str(b.EffectiveStartDate),
    effectiveEndDate: str(b.EffectiveEndDate),
    activeCurrencies: b.ActiveCurrencies === undefined ? undefined : typeof b.ActiveCurrencies === 'string' ? b.ActiveCurrencies.split(',').map((x) => x.trim()) : (b.ActiveCurrencies as string[]),
    grade: b.Grade === undefined ? undefined : (b.Grade as number | null),
    externalIdSourceSystem: str(b.ExternalIdSourceSystem),
    externalRatePlanIds: externalIds(b.ExternalRatePlanIds),
    customFields: pickObjectCustomFields(b),
  };
}

export function ratePlanToObject(ctx: Ctx, p: RatePlanRecord): Record<string, unknown> {
  return compact({
    Id: p.id,
    Name: p.name,
    ProductId: p.productId,
    ProductRatePlanNumber: p.productRatePlanNumber,
    Description: p.description,
    EffectiveStartDate: p.effectiveStartDate,
    EffectiveEndDate: p.effectiveEndDate,
    ActiveCurrencies: p.activeCurrencies,
    Grade: toJsonNumber(p.grade),
    ExternalIdSourceSystem: p.externalIdSourceSystem,
    ExternalRatePlanIds: p.externalRatePlanIds.length ? p.externalRatePlanIds.join(',') : null,
    CreatedById: ctx.tenant.id,
    CreatedDate: timestamp(ctx, p.createdDate),
    UpdatedById: ctx.tenant.id,
    UpdatedDate: timestamp(ctx, p.updatedDate),
    ...p.customFields,
  });
}

// ---- charges

const PRICE_FORMAT_IN: Record<string, 'FlatFee' | 'PerUnit'> = { 'Flat Fee': 'FlatFee', 'Per Unit': 'PerUnit', FlatFee: 'FlatFee', PerUnit: 'PerUnit' };
export const PRICE_FORMAT_OUT: Record<string, string> = { FlatFee: 'Flat Fee', PerUnit: 'Per Unit' };

export function priceFormatIn(v: unknown): 'FlatFee' | 'PerUnit' | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const f = PRICE_FORMAT_IN[String(v)];
  if (!f) throw invalidValue(`PriceFormat must be 'Flat Fee' or 'Per Unit', got '${String(v)}'`, PRPC_RESOURCE);
  return f;
}

/**
 * ProductRatePlanChargeTierData → per-currency pricing, read the way the
 * charge model reads it. Tiers without Currency are in the rate plan's first
 * currency; a Discount-Percentage tier without Currency applies to every currency.
 */
export function pricingFromTierData(model: string, tierData: unknown, activeCurrencies: string[]): PricingInput[] | undefined {
  if (tierData === undefined || tierData === null) return undefined;
  const list = (tierData as Body).ProductRatePlanChargeTier;
  if (!Array.isArray(list)) throw invalidValue(`ProductRatePlanChargeTierData.ProductRatePlanChargeTier must be a list of tiers`, PRPC_RESOURCE);
  const groups = new Map<string, Body[]>();
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') throw invalidValue(`Each ProductRatePlanChargeTier must be an object`, PRPC_RESOURCE);
    const t = raw as Body;
    const cur = typeof t.Currency === 'string' && t.Currency ? t.Currency.toUpperCase() : '';
    groups.set(cur, [...(groups.get(cur) ?? []), t]);
  }
  if (model === 'Discount-Percentage' && groups.size === 1 && groups.has('') && activeCurrencies.length > 1) {
    const only = groups.get('')!;
    groups.clear();
    for (const c of activeCurrencies) groups.set(c, only);
  }
  const out: PricingInput[] = [];
  for (const [cur, tiers] of groups) {
    const p: PricingInput = cur ? { currency: cur } : {};
    if (TIERED_MODELS.has(model)) {
      const regular = tiers.filter((t) => t.IsOveragePrice !== true);
      const over = tiers.find((t) => t.IsOveragePrice === true);
      p.tiers = regular
        .slice()
        .sort((a, b) => Number(a.Tier ?? 0) - Number(b.Tier ?? 0))
        .map((t): TierInput => ({ startingUnit: t.StartingUnit as number, endingUnit: t.EndingUnit as number | null, price: t.Price as number, priceFormat: priceFormatIn(t.PriceFormat) ?? null }));
      if (over) p.overagePrice = over.Price as number;
    } else if (model === 'Overage Pricing') {
      p.overagePrice = (tiers.find((t) => t.IsOveragePrice === true) ?? tiers[0])?.Price as number;
    } else if (model === 'Discount-Fixed Amount') {
      p.discountAmount = (tiers[0]?.DiscountAmount ?? tiers[0]?.Price) as number;
    } else if (model === 'Discount-Percentage') {
      p.discountPercentage = (tiers[0]?.DiscountPercentage ?? tiers[0]?.Price) as number;
    } else {
      if (tiers.length > 1) throw invalidValue(`The '${model}' charge model takes one ProductRatePlanChargeTier per currency`, PRPC_RESOURCE);
      p.price = tiers[0]?.Price as number;
    }
    out.push(p);
  }
  return out;
}

export function chargeInputFromObject(b: Body, model: string, activeCurrencies: string[]): ChargeInput {
  // The tier data is read by model: an unknown model is refused first, naming the field.
  if (model !== '' && !(CHARGE_MODELS as readonly string[]).includes(model))
    throw invalidValue(`'ChargeModel' value should be one of: ${CHARGE_MODELS.join(', ')}`, PRPC_RESOURCE);
  const input: ChargeInput = {};
  if (b.ProductRatePlanId !== undefined) input.productRatePlanId = b.ProductRatePlanId as string;
  if (b.Name !== undefined) input.name = b.Name as string;
  if (b.ChargeType !== undefined) input.chargeType = b.ChargeType as string;
  if (b.ChargeModel !== undefined) input.chargeModel = b.ChargeModel as string;
  if (b.ProductRatePlanChargeNumber !== undefined) input.productRatePlanChargeNumber = b.ProductRatePlanChargeNumber as string | null;
  for (const f of CHARGE_FIELDS) {
    if (f.objectApi === false) continue;
    if (b[f.pascal] !== undefined) input[f.key] = b[f.pascal];
  }
  const pricing = pricingFromTierData(model, b.ProductRatePlanChargeTierData, activeCurrencies);
  if (pricing) input.pricing = pricing;
  input.customFields = pickObjectCustomFields(b);
  return input;
}

function attrToObject(key: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const f = CHARGE_FIELD_BY_KEY.get(key)!;
  if (key === 'billingTiming') return BILLING_TIMING_TO_OBJECT[v as string] ?? v;
  if (f.kind === 'decimal') return toJsonNumber(v as string);
  return v;
}

/**
 * A tier in the object API. Alone (Object_GETProductRatePlanChargeTier) it has the
 * schema's fields; inside a charge's ProductRatePlanChargeTierData it also says
 * whether it is the overage price.
 */
export function tierToObject(ctx: Ctx, t: TierRecord, charge: ChargeRecord, inCharge = false): Record<string, unknown> {
  const discount = DISCOUNT_MODELS.has(charge.chargeModel);
  return compact({
    Id: t.id,
    Currency: t.currency,
    Tier: t.tier,
    StartingUnit: discount ? null : toJsonNumber(t.startingUnit),
    EndingUnit: toJsonNumber(t.endingUnit),
    Price: discount ? null : toJsonNumber(t.price),
    PriceFormat: discount ? null : PRICE_FORMAT_OUT[t.priceFormat] ?? t.priceFormat,
    IsOveragePrice: inCharge ? t.isOveragePrice : null,
    DiscountAmount: toJsonNumber(t.discountAmount),
    DiscountPercentage: toJsonNumber(t.discountPercentage),
    CreatedById: ctx.tenant.id,
    CreatedDate: timestamp(ctx, t.createdDate),
    UpdatedById: ctx.tenant.id,
    UpdatedDate: timestamp(ctx, t.updatedDate),
  });
}

export function chargeToObject(ctx: Ctx, c: ChargeRecord): Record<string, unknown> {
  const o: Record<string, unknown> = {
    Id: c.id,
    Name: c.name,
    ProductRatePlanId: c.productRatePlanId,
    ProductRatePlanChargeNumber: c.productRatePlanChargeNumber,
    ChargeType: c.chargeType,
    ChargeModel: c.chargeModel,
  };
  for (const f of CHARGE_FIELDS) {
    if (f.objectApi === false) continue;
    o[f.pascal] = attrToObject(f.key, c.attrs[f.key]);
  }
  // One-time charges end with the one-time event; the object API has no enum value for it.
  if (c.chargeType === 'OneTime') o.EndDateCondition = null;
  o.ProductRatePlanChargeTierData = {
    ProductRatePlanChargeTier: c.tierRows.map((t) => tierToObject(ctx, t, c, true)),
  };
  o.CreatedById = ctx.tenant.id;
  o.CreatedDate = timestamp(ctx, c.createdDate);
  o.UpdatedById = ctx.tenant.id;
  o.UpdatedDate = timestamp(ctx, c.updatedDate);
  return compact({ ...o, ...c.customFields });
}
