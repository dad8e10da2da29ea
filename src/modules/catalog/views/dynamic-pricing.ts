/**
 * Dynamic Pricing of the Commerce API: a charge declares attributes (name and
 * type, optionally mapped to an object field) and rate cards (conditions on
 * those attributes → pricing). Evaluating a charge with attribute values picks
 * the first rate card whose every condition holds; without one, the charge's
 * own pricing (the model's) applies.
 *
 * Operators: >, >=, <, <=, == and the ranges `between` (from inclusive, to
 * exclusive: adjacent ranges never overlap) and `between-inclusive` (both ends).
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { invalidValue, missingField } from '../../../platform/errors.js';
import { pricingSummary } from '../catalog-map.js';
import { checkTiers } from '../rules.js';
import type { ChargeRecord } from '../service.js';
import { commercePricing, commerceNamer, pricingToNeutral, type ModelCharge } from './commerce-map.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Body = Record<string, any>;

interface Row {
  tenant_id: string;
  charge_id: string;
  attributes: string;
  rate_cards: string;
  updated_at: string;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<{ catalog_charge_rate_cards: Row }>;

const TYPES = ['String', 'Integer', 'Double', 'Boolean', 'Date', 'Datetime'];
const OPERATORS = ['>', '>=', '<', '<=', '==', 'between', 'between-inclusive'];

export interface ChargeAttribute {
  name: string;
  type: string;
  mapping?: { object: string; field: string };
}
export interface Condition {
  name: string;
  operator: string;
  value: unknown;
}
export interface RateCard {
  attributes: Condition[];
  /** The Commerce request's pricing (snake_case), as validated. */
  pricing: Body;
}
export interface Dynamic {
  attributes: ChargeAttribute[];
  rateCards: RateCard[];
}

export async function getDynamic(ctx: Ctx, chargeId: string): Promise<Dynamic | undefined> {
  const r = await q(ctx).selectFrom('catalog_charge_rate_cards').selectAll().where('tenant_id', '=', ctx.tenant.id).where('charge_id', '=', chargeId).executeTakeFirst();
  return r ? { attributes: JSON.parse(r.attributes) as ChargeAttribute[], rateCards: JSON.parse(r.rate_cards) as RateCard[] } : undefined;
}

function checkValue(attr: ChargeAttribute, v: unknown, field: string): void {
  const bad = () => invalidValue(`'${field}' must be a ${attr.type} value for the attribute '${attr.name}'`);
  switch (attr.type) {
    case 'Integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad();
      return;
    case 'Double':
      if (typeof v !== 'number') throw bad();
      return;
    case 'Boolean':
      if (typeof v !== 'boolean') throw bad();
      return;
    case 'String':
      if (typeof v !== 'string') throw bad();
      return;
    case 'Date':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw bad();
      return;
    case 'Datetime':
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw bad();
      return;
  }
}

function normalizeAttributes(list: unknown, prefix: string): ChargeAttribute[] {
  if (!Array.isArray(list)) throw invalidValue(`'${prefix}attributes' must be a list`);
  const seen = new Set<string>();
  return list.map((a: Body, i) => {
    const f = `${prefix}attributes[${i}]`;
    if (!a || typeof a !== 'object') throw invalidValue(`'${f}' must be an object`);
    if (typeof a.name !== 'string' || !a.name) throw missingField(`'${f}.name' is required`);
    if (seen.has(a.name)) throw invalidValue(`'${f}.name': the attribute '${a.name}' is declared twice`);
    seen.add(a.name);
    const type = TYPES.find((x) => x.toLowerCase() === String(a.type ?? 'String').toLowerCase());
    if (!type) throw invalidValue(`'${f}.type' value should be one of: ${TYPES.join(', ')}`);
    const out: ChargeAttribute = { name: a.name, type };
    if (a.mapping !== undefined && a.mapping !== null) {
      if (typeof a.mapping.object !== 'string' || !a.mapping.object) throw missingField(`'${f}.mapping.object' is required`);
      if (typeof a.mapping.field !== 'string' || !a.mapping.field) throw missingField(`'${f}.mapping.field' is required`);
      out.mapping = { object: a.mapping.object, field: a.mapping.field };
    }
    return out;
  });
}

function normalizeRateCards(list: unknown, attrs: ChargeAttribute[], charge: ModelCharge, activeCurrencies: string[], prefix: string): RateCard[] {
  if (!Array.isArray(list)) throw invalidValue(`'${prefix}rate_cards' must be a list`);
  const byName = new Map(attrs.map((a) => [a.name, a]));
  const tiered = ['Tiered Pricing', 'Volume Pricing', 'Tiered with Overage Pricing', 'HighWatermarkVolumePricing', 'HighWatermarkTieredPricing'].includes(charge.chargeModel);
  const want = tiered ? 'tiers' : charge.chargeModel === 'Flat Fee Pricing' ? 'flat_amounts' : charge.chargeModel === 'Discount-Fixed Amount' ? 'discount_amounts' : charge.chargeModel === 'Discount-Percentage' ? 'discount_percentage' : 'unit_amounts';
  return list.map((card: Body, i) => {
    const f = `${prefix}rate_cards[${i}]`;
    if (!card || typeof card !== 'object') throw invalidValue(`'${f}' must be an object`);
    if (!Array.isArray(card.attributes) || card.attributes.length === 0) throw missingField(`'${f}.attributes' must list at least one condition`);
    const conditions: Condition[] = card.attributes.map((c: Body, j: number) => {
      const cf = `${f}.attributes[${j}]`;
      const attr = byName.get(c?.name);
      if (!attr) throw invalidValue(`'${cf}.name': '${String(c?.name)}' is not an attribute of this charge`);
      const operator = c.operator ?? '==';
      if (!OPERATORS.includes(operator)) throw invalidValue(`'${cf}.operator' value should be one of: ${OPERATORS.join(', ')}`);
      if (operator.startsWith('between')) {
        if (!Array.isArray(c.value) || c.value.length !== 2) throw invalidValue(`'${cf}.value' must be a list of two values for the operator '${operator}'`);
        c.value.forEach((v: unknown) => checkValue(attr, v, `${cf}.value`));
        if (compare(attr, c.value[0], c.value[1]) > 0) throw invalidValue(`'${cf}.value': the range starts after it ends`);
      } else checkValue(attr, c.value, `${cf}.value`);
      if (attr.type === 'Boolean' && operator !== '==') throw invalidValue(`'${cf}.operator': a Boolean attribute compares only with ==`);
      return { name: attr.name, operator, value: c.value };
    });
    if (!card.pricing || typeof card.pricing !== 'object') throw missingField(`'${f}.pricing' is required`);
    const keys = Object.keys(card.pricing);
    if (!keys.includes(want) || keys.some((k) => k !== want)) throw invalidValue(`'${f}.pricing' must give '${want}' for the charge model of this charge`);
    const pricing = pricingToNeutral(card.pricing, activeCurrencies, `${f}.`) ?? [];
    for (const p of pricing) {
      if (!activeCurrencies.includes(p.currency)) throw invalidValue(`'${f}.pricing': ${p.currency} is not an active currency of the product rate plan (${activeCurrencies.join(', ')})`);
      if (tiered) {
        const err = checkTiers(p.tiers, p.currency, { lastOpen: true }, commerceNamer(`${f}.`));
        if (err) throw err;
      }
    }
    return { attributes: conditions, pricing: card.pricing };
  });
}

/** Sets (replaces) a charge's attributes and/or rate cards from a Commerce charge body. */
export async function setDynamic(ctx: Ctx, charge: ModelCharge, activeCurrencies: string[], body: Body, prefix: string): Promise<void> {
  if (body.attributes === undefined && body.rate_cards === undefined) return;
  const cur = (await getDynamic(ctx, charge.id)) ?? { attributes: [], rateCards: [] };
  const attributes = body.attributes === undefined ? cur.attributes : normalizeAttributes(body.attributes ?? [], prefix);
  const rateCards =
    body.rate_cards === undefined
      ? normalizeRateCards(
          cur.rateCards.map((c) => ({ attributes: c.attributes.map((x) => ({ ...x })), pricing: c.pricing })),
          attributes,
          charge,
          activeCurrencies,
          prefix,
        )
      : normalizeRateCards(body.rate_cards ?? [], attributes, charge, activeCurrencies, prefix);
  const row = { attributes: JSON.stringify(attributes), rate_cards: JSON.stringify(rateCards), updated_at: ctx.now().toString() };
  const exists = await q(ctx).selectFrom('catalog_charge_rate_cards').select('charge_id').where('tenant_id', '=', ctx.tenant.id).where('charge_id', '=', charge.id).executeTakeFirst();
  if (exists) await q(ctx).updateTable('catalog_charge_rate_cards').set(row).where('tenant_id', '=', ctx.tenant.id).where('charge_id', '=', charge.id).execute();
  else await q(ctx).insertInto('catalog_charge_rate_cards').values({ tenant_id: ctx.tenant.id, charge_id: charge.id, ...row }).execute();
}

function compare(attr: ChargeAttribute, a: unknown, b: unknown): number {
  if (attr.type === 'Integer' || attr.type === 'Double') return Number(a) - Number(b);
  if (attr.type === 'Date' || attr.type === 'Datetime') return Date.parse(String(a)) - Date.parse(String(b));
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function holds(attr: ChargeAttribute, c: Condition, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  const [lo, hi] = Array.isArray(c.value) ? c.value : [];
  switch (c.operator) {
    case '==':
      return attr.type === 'Boolean' ? v === c.value : compare(attr, v, c.value) === 0;
    case '>':
      return compare(attr, v, c.value) > 0;
    case '>=':
      return compare(attr, v, c.value) >= 0;
    case '<':
      return compare(attr, v, c.value) < 0;
    case '<=':
      return compare(attr, v, c.value) <= 0;
    case 'between':
      return compare(attr, v, lo) >= 0 && compare(attr, v, hi) < 0;
    case 'between-inclusive':
      return compare(attr, v, lo) >= 0 && compare(attr, v, hi) <= 0;
  }
  return false;
}

/** The first rate card whose every condition holds for `values`, or undefined. */
export function matchRateCard(d: Dynamic, values: Record<string, unknown>): RateCard | undefined {
  const byName = new Map(d.attributes.map((a) => [a.name, a]));
  return d.rateCards.find((card) => card.attributes.every((c) => holds(byName.get(c.name)!, c, values[c.name])));
}

/** Attribute values of a query: `[{ name, value }]` or `[{ name, string_value | number_value | ... }]`. */
export function attributeValues(list: unknown): Record<string, unknown> | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw invalidValue(`'attributes' must be a list`);
  const out: Record<string, unknown> = {};
  list.forEach((a: Body, i) => {
    if (!a || typeof a.name !== 'string') throw missingField(`'attributes[${i}].name' is required`);
    out[a.name] = a.value ?? a.string_value ?? a.number_value ?? a.boolean_value ?? a.date_value ?? a.datetime_value;
  });
  return out;
}

function rateCardView(card: RateCard, charge: ModelCharge, activeCurrencies: string[]): Body {
  const pricing = pricingToNeutral(card.pricing, activeCurrencies) ?? [];
  return {
    attributes: card.attributes.map((c) => ({ name: c.name, operator: c.operator, value: c.value })),
    pricing: commercePricing({ ...charge, pricing: pricing.map((p) => ({ ...p, tiers: p.tiers.map((t, i) => ({ ...t, tier: i + 1 })) })) }),
  };
}

/**
 * Adds a charge's attributes and rate cards to its Commerce body; with attribute
 * values, the pricing of the matching rate card replaces the charge's own in the
 * currencies it gives.
 */
export async function decorateCharge(ctx: Ctx, body: Body, charge: ModelCharge, activeCurrencies: string[], values?: Record<string, unknown>): Promise<Body> {
  const d = await getDynamic(ctx, charge.id);
  if (!d) return body;
  body.attributes = d.attributes;
  body.rateCards = d.rateCards.map((c) => rateCardView(c, charge, activeCurrencies));
  if (values) {
    const card = matchRateCard(d, values);
    if (card) {
      const given = pricingToNeutral(card.pricing, activeCurrencies) ?? [];
      const cur = new Set(given.map((p) => p.currency));
      const merged = [...charge.pricing.filter((p) => !cur.has(p.currency)), ...given.map((p) => ({ ...p, tiers: p.tiers.map((t, i) => ({ ...t, tier: i + 1 })) }))];
      body.pricing = commercePricing({ ...charge, pricing: merged as ModelCharge['pricing'] });
      body.pricingSummary = pricingSummary({ ...charge, pricing: merged } as unknown as ChargeRecord);
      body.mergedRateCards = [rateCardView(card, charge, activeCurrencies)];
    }
  }
  return body;
}
