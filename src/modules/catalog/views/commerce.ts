/**
 * The Commerce view of the catalog: each operation translates the Commerce
 * body into calls to the model service and the model's records back into the
 * Commerce response shape. No catalog data lives here.
 */
import type { Ctx } from '../../../platform/context.js';
import { invalidValue, missingField, notFound } from '../../../platform/errors.js';
import { pickCustomFields } from '../../../platform/custom-fields.js';
import { chargeToCatalog, type AccountingCodeTypes } from '../catalog-map.js';
import { commerceCharge, commercePlan, commerceProduct, chargeToNeutral, commerceNamer, commerceTime, type ModelCharge, type ModelPlan, type ModelProduct } from './commerce-map.js';
import { CHARGE, PLAN_CREATE, PLAN_LIST, PLAN_UPDATE, PRODUCT_CREATE, PRODUCT_GET, project, PURCHASE_OPTIONS, type Shape } from './commerce-shapes.js';
import { attributeValues, decorateCharge, getDynamic, setDynamic } from './dynamic-pricing.js';
import { chargeDefinitionsOf } from './definitions.js';
import * as model from './model.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Body = Record<string, any>;

export const CATEGORY: Record<string, string> = { base: 'Base Products', add_on: 'Add On Services', other: 'Miscellaneous Products' };
/** The update page's own example spells it "add-on". */
const CATEGORY_ALIASES: Record<string, string> = { 'add-on': 'Add On Services' };
const CATEGORY_BACK: Record<string, string> = Object.fromEntries(Object.entries(CATEGORY).map(([k, v]) => [v, k]));

const today = (ctx: Ctx) => ctx.today().toString();

function productBody(ctx: Ctx, p: model.ProductRecord): Body {
  const b = commerceProduct(p as unknown as ModelProduct, today(ctx), ctx.tenant.id);
  b.category = p.category ? (CATEGORY_BACK[p.category] ?? p.category) : null;
  return b;
}
const planBody = (ctx: Ctx, p: model.RatePlanRecord, charges = true) => commercePlan(p as unknown as ModelPlan, today(ctx), { charges, actor: ctx.tenant.id });
const chargeBody = (ctx: Ctx, c: model.ChargeRecord) => commerceCharge(c as unknown as ModelCharge, ctx.tenant.id);

/** A charge's Commerce body with its Dynamic Pricing; with attribute values, priced by the matching rate card. */
async function chargeOut(ctx: Ctx, c: model.ChargeRecord, currencies: string[], values?: Record<string, unknown>): Promise<Body> {
  const body = await decorateCharge(ctx, chargeBody(ctx, c), c as unknown as ModelCharge, currencies, values);
  // the charge's own product charge definitions (not the default one, which is the charge itself)
  body.productChargeDefinitions = await chargeDefinitionsOf(ctx, c.id);
  return body;
}

async function planOut(ctx: Ctx, p: model.RatePlanRecord, charges = true, values?: Record<string, unknown>): Promise<Body> {
  const b = planBody(ctx, p, charges);
  if (charges) {
    const list: Body[] = [];
    for (const c of p.charges) list.push(await chargeOut(ctx, c, p.activeCurrencies, values));
    b.productRatePlanCharges = list;
  }
  return b;
}

function customFieldsOf(v: unknown, field: string): Record<string, string | number | boolean | null> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`'${field}' must be an object`);
  for (const [k, x] of Object.entries(v as Body)) {
    if (Array.isArray(x)) (v as Body)[k] = x.join(';');
  }
  return pickCustomFields(v as Body);
}

async function createCharges(ctx: Ctx, plan: model.RatePlanRecord, charges: Body[], prefix: string): Promise<void> {
  for (const [j, c] of charges.entries()) {
    const p = `${prefix}charges[${j}].`;
    const n = chargeToNeutral(c, plan.activeCurrencies, p);
    const created = await model.createCharge(ctx, { productRatePlanId: plan.id, ...neutralToInput(n) }, { namer: commerceNamer(p) });
    await setDynamic(ctx, created as unknown as ModelCharge, plan.activeCurrencies, c, p);
  }
}

function neutralToInput(n: ReturnType<typeof chargeToNeutral>): model.ChargeInput {
  const input: model.ChargeInput = { ...n.attrs };
  if (n.name !== undefined) input.name = n.name;
  if (n.chargeType !== undefined) input.chargeType = n.chargeType;
  if (n.chargeModel !== undefined) input.chargeModel = n.chargeModel;
  if (n.pricing !== undefined) input.pricing = n.pricing;
  if (Object.keys(n.customFields).length) input.customFields = customFieldsOf(n.customFields, 'custom_fields');
  return input;
}

async function createPlanWithCharges(ctx: Ctx, productId: string, body: Body, prefix: string): Promise<model.RatePlanRecord> {
  if (!Array.isArray(body.charges) || body.charges.length === 0) throw missingField(`'${prefix}charges' must list at least one charge`);
  const plan = await model.createRatePlan(
    ctx,
    {
      productId,
      name: body.name,
      description: body.description,
      effectiveStartDate: body.start_date,
      effectiveEndDate: body.end_date,
      activeCurrencies: body.active_currencies,
      customFields: customFieldsOf(body.custom_fields, `${prefix}custom_fields`),
    },
    { namer: commerceNamer(prefix) },
  );
  await createCharges(ctx, plan, body.charges as Body[], prefix);
  return model.requireRatePlan(ctx, plan.id);
}

// ---------------------------------------------------------------- products

export async function createProduct(ctx: Ctx, body: Body): Promise<Body> {
  if (!Array.isArray(body.plans) || body.plans.length === 0) throw missingField(`'plans' must list at least one plan`);
  const product = await model.createProduct(
    ctx,
    {
      name: body.name,
      description: body.description,
      category: CATEGORY[body.category] ?? body.category,
      effectiveStartDate: body.start_date,
      effectiveEndDate: body.end_date,
      customFields: customFieldsOf(body.custom_fields, 'custom_fields'),
    },
    { namer: commerceNamer('') },
  );
  const plans: Body[] = [];
  for (const [i, p] of (body.plans as Body[]).entries()) plans.push(await planOut(ctx, await createPlanWithCharges(ctx, product.id, p, `plans[${i}].`)));
  return project({ ...productBody(ctx, await model.requireProduct(ctx, product.id)), plans }, PRODUCT_CREATE);
}

export async function updateProduct(ctx: Ctx, body: Body): Promise<Body> {
  const p = await model.updateProduct(
    ctx,
    body.id,
    {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.category !== undefined ? { category: CATEGORY[body.category] ?? CATEGORY_ALIASES[body.category] ?? body.category } : {}),
      ...(body.startDate !== undefined ? { effectiveStartDate: body.startDate } : {}),
      ...(body.endDate !== undefined ? { effectiveEndDate: body.endDate } : {}),
      ...(body.custom_fields !== undefined ? { customFields: customFieldsOf(body.custom_fields, 'custom_fields') } : {}),
    },
    { namer: (k) => `'${({ effectiveStartDate: 'startDate', effectiveEndDate: 'endDate', customFields: 'custom_fields' } as Record<string, string>)[k] ?? k}'` },
  );
  return { ...(await productWithPlans(ctx, p, 'productRatePlans')), success: true };
}

async function productWithPlans(ctx: Ctx, p: model.ProductRecord, key: 'plans' | 'productRatePlans'): Promise<Body> {
  const plans: Body[] = [];
  for (const x of await model.listRatePlans(ctx, p.id)) plans.push(await planOut(ctx, x));
  return { ...productBody(ctx, p), [key]: plans };
}

export async function getProductByKey(ctx: Ctx, key: string): Promise<Body> {
  const p = await model.getProduct(ctx, key);
  if (!p) throw notFound(`The product '${key}' does not exist`);
  return project(await productWithPlans(ctx, p, 'productRatePlans'), PRODUCT_GET);
}

// ---------------------------------------------------------------- plans

/**
 * POST /commerce/plans/query. The spec (and the page's response sample) give this
 * operation the charge schema of POST /commerce/charges, a copy slip: the page
 * describes the answer as one product rate plan with its charges expandable, and
 * the sample's charge is not of the plan asked for. So: the plan fields of the
 * create-plan schema (and `status`, as every other plan answer has), charges in
 * the charge schema the spec gives here.
 */
const PLAN_QUERY: Shape = { ...PLAN_CREATE, status: 1, productRatePlanCharges: CHARGE };

export async function createPlan(ctx: Ctx, body: Body): Promise<Body> {
  const product = await model.getProduct(ctx, body.product_key);
  if (!product) throw invalidValue(`'product_key': the product '${body.product_key}' does not exist`);
  const plan = project(await planOut(ctx, await createPlanWithCharges(ctx, product.id, body, '')), PLAN_CREATE);
  // the create-plan schema types pricingSummary items as objects, where every other
  // operation has the "USD100" strings; Zuora's own create-plan sample (and its
  // create-product sample) answers an empty list, which satisfies both
  for (const c of plan.productRatePlanCharges) c.pricingSummary = [];
  return plan;
}

export async function updatePlan(ctx: Ctx, body: Body): Promise<Body> {
  const p = await model.updateRatePlan(
    ctx,
    body.id,
    {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.grade !== undefined ? { grade: body.grade } : {}),
      ...(body.startDate !== undefined ? { effectiveStartDate: body.startDate } : {}),
      ...(body.endDate !== undefined ? { effectiveEndDate: body.endDate } : {}),
    },
    { namer: (k) => `'${({ effectiveStartDate: 'startDate', effectiveEndDate: 'endDate' } as Record<string, string>)[k] ?? k}'` },
  );
  return project({ ...(await planOut(ctx, p)), success: true }, PLAN_UPDATE);
}

export async function queryPlan(ctx: Ctx, body: Body): Promise<Body> {
  const key = body.product_rate_plan_key;
  if (!key) throw missingField(`'product_rate_plan_key' is required`);
  const p = await model.getRatePlan(ctx, key);
  if (!p) throw notFound(`The product rate plan '${key}' does not exist`);
  return project(await planOut(ctx, p, body.expand?.product_rate_plan_charges === true, attributeValues(body.attributes)), PLAN_QUERY);
}

// ---------------------------------------------------------------- filters

export interface Filter {
  field: string;
  operator: string;
  value: unknown;
}

/** Compares one value with a filter (EQ, NE, IN, LIKE, SW, EW, GT, GTE, LT, LTE). Strings compare as strings, numbers as numbers. */
export function matches(actual: unknown, op: string, value: unknown): boolean {
  if (actual === undefined) actual = null;
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : str(v).split(',').map((s) => s.trim()));
  const cmp = (a: unknown, b: unknown) => {
    const na = Number(a);
    const nb = Number(b);
    if (a !== null && a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    return str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
  };
  switch (op) {
    case 'EQ':
      return str(actual) === str(value);
    case 'NE':
      return str(actual) !== str(value);
    case 'IN':
      return list(value).includes(str(actual));
    case 'LIKE': {
      const v = str(value);
      if (v.includes('%')) {
        const re = new RegExp('^' + v.split('%').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
        return re.test(str(actual));
      }
      return str(actual).toLowerCase().includes(v.toLowerCase());
    }
    case 'SW':
      return str(actual).startsWith(str(value));
    case 'EW':
      return str(actual).endsWith(str(value));
    case 'GT':
      return cmp(actual, value) > 0;
    case 'GTE':
      return cmp(actual, value) >= 0;
    case 'LT':
      return cmp(actual, value) < 0;
    case 'LTE':
      return cmp(actual, value) <= 0;
  }
  throw invalidValue(`'filters.operator' value '${op}' is not supported`);
}

/** Every product of the tenant with its rate plans, newest change first. */
async function allProducts(ctx: Ctx): Promise<{ product: model.ProductRecord; plans: model.RatePlanRecord[] }[]> {
  const out: { product: model.ProductRecord; plans: model.RatePlanRecord[] }[] = [];
  const page = 200;
  for (let offset = 0; ; offset += page) {
    const rows = await model.listProducts(ctx, page, offset);
    for (const p of rows) out.push({ product: p, plans: await model.listRatePlans(ctx, p.id) });
    if (rows.length < page) break;
  }
  return out;
}

/** Plan filter fields: the plan's own (prp_id, prp_number, name, state, ...), and its product's (product_id, product_number, ...). */
function planField(field: string, plan: model.RatePlanRecord, product: model.ProductRecord, t: string): unknown {
  const planState = (!plan.effectiveStartDate || plan.effectiveStartDate <= t) && (!plan.effectiveEndDate || t <= plan.effectiveEndDate) ? 'active' : 'inactive';
  const map: Record<string, unknown> = {
    prp_id: plan.id,
    id: plan.id,
    prp_number: plan.productRatePlanNumber,
    product_rate_plan_number: plan.productRatePlanNumber,
    prp_name: plan.name,
    name: plan.name,
    description: plan.description,
    state: planState,
    status: planState.toUpperCase(),
    start_date: plan.effectiveStartDate,
    end_date: plan.effectiveEndDate,
    effective_start_date: plan.effectiveStartDate,
    effective_end_date: plan.effectiveEndDate,
    grade: plan.grade,
    active_currencies: plan.activeCurrencies.join(','),
    product_id: product.id,
    product_number: product.productNumber,
    product_name: product.name,
    product_sku: product.sku,
    sku: product.sku,
    category: product.category ? (CATEGORY_BACK[product.category] ?? product.category) : null,
  };
  if (field in map) return map[field];
  if (field.endsWith('__c')) return plan.customFields[field] ?? null;
  throw invalidValue(`'filters.field' value '${field}' is not a field a product rate plan can be filtered on`);
}

export async function listPlans(ctx: Ctx, body: Body): Promise<Body> {
  const filters = (body.filters ?? []) as Filter[];
  const t = today(ctx);
  const values: Body[] = [];
  for (const { product, plans } of await allProducts(ctx))
    for (const plan of plans) if (filters.every((f) => matches(planField(f.field, plan, product, t), f.operator, f.value))) values.push(await planOut(ctx, plan, body.expand?.product_rate_plan_charges === true));
  return project({ values, success: true }, PLAN_LIST);
}

function filterValue(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Body;
    return o.string_value ?? o.number_value ?? o.boolean_value ?? o.date_value ?? o.datetime_value ?? null;
  }
  return v;
}

export async function purchaseOptions(ctx: Ctx, body: Body): Promise<Body> {
  const filters = ((body.filters ?? []) as Filter[]).map((f) => ({ ...f, value: filterValue(f.value) }));
  const t = today(ctx);
  const expand = body.expand?.product_rate_plan_charges === true;
  let chargeId: string | undefined;
  if (body.product_rate_plan_charge_key) {
    const c = await model.getCharge(ctx, body.product_rate_plan_charge_key);
    if (!c) throw notFound(`The product rate plan charge '${body.product_rate_plan_charge_key}' does not exist`);
    chargeId = c.id;
  }
  const values = attributeValues(body.attributes);
  const chargesOut = async (list: model.ChargeRecord[], currencies: string[]) => {
    const out: Body[] = [];
    for (const c of list) out.push(await chargeOut(ctx, c, currencies, values));
    return out;
  };
  const productRatePlans: Body[] = [];
  for (const { product, plans } of await allProducts(ctx))
    for (const plan of plans) {
      if (!filters.every((f) => matches(planField(f.field, plan, product, t), f.operator, f.value))) continue;
      if (chargeId && !plan.charges.some((c) => c.id === chargeId)) continue;
      const b = planBody(ctx, plan, false);
      const charges = chargeId ? plan.charges.filter((c) => c.id === chargeId) : plan.charges;
      productRatePlans.push({
        ...b,
        product: productBody(ctx, product),
        ...(expand || chargeId ? { productRatePlanCharges: await chargesOut(charges, plan.activeCurrencies) } : {}),
      });
    }
  return project({ error: null, productRatePlans }, PURCHASE_OPTIONS);
}

// ---------------------------------------------------------------- legacy products

function legacyField(field: string, product: model.ProductRecord, t: string): unknown {
  switch (field) {
    case 'id':
      return product.id;
    case 'name':
      return product.name;
    case 'product_number':
      return product.productNumber;
    case 'category':
      return product.category ? (CATEGORY_BACK[product.category] ?? product.category) : null;
    case 'sku':
      return product.sku;
    case 'state':
      return product.effectiveStartDate <= t && t <= product.effectiveEndDate ? 'active' : 'inactive';
  }
  throw invalidValue(`'filters.field' value '${field}' is not supported; supported values: id, name, product_number, category`);
}

/** Looks up the type of every accounting code the charges name (as the catalog API does). */
async function codeTypes(ctx: Ctx, charges: model.ChargeRecord[]): Promise<AccountingCodeTypes> {
  const names = new Set<string>();
  for (const c of charges)
    for (const k of ['deferredRevenueAccount', 'recognizedRevenueAccount', 'adjustmentLiabilityAccount', 'adjustmentRevenueAccount', 'contractAssetAccount', 'contractLiabilityAccount', 'contractRecognizedRevenueAccount', 'unbilledReceivablesAccount']) {
      const v = c.attrs[k];
      if (typeof v === 'string' && v) names.add(v);
    }
  const types = new Map<string, string | null>();
  for (const n of names) types.set(n, await model.accountingCodeType(ctx, n));
  return { typeOf: (n) => (n ? (types.get(n) ?? null) : null) };
}

/**
 * A charge in the V1 style: the catalog API's charge (same names, values and
 * nesting as GET /v1/catalog/products), plus the grouped objects the Commerce
 * legacy list adds (accounting, revenue, netsuite, ...).
 */
export function legacyCharge(ctx: Ctx, c: model.ChargeRecord, types: AccountingCodeTypes): Body {
  const commerce = chargeBody(ctx, c);
  return {
    ...chargeToCatalog(ctx, c, types),
    productRatePlanId: c.productRatePlanId,
    isDimensionalPrice: false,
    attributes: [],
    pricingWaterfalls: {},
    revenue: commerce.revenue,
    netsuite: {},
    customFields: c.customFields,
    accounting: commerce.accounting,
    discountRollover: c.attrs.isRollover === true,
    extendedPrice: {},
    isCommitted: false,
    labels: {},
    ocmJsonByCurrency: {},
    rateCards: [],
    createdById: ctx.tenant.id,
    createdTime: commerceTime(c.createdDate),
    updatedById: ctx.tenant.id,
    updatedTime: commerceTime(c.updatedDate),
  };
}

export async function listLegacyProducts(ctx: Ctx, body: Body): Promise<Body> {
  const filters = (body.filters ?? []) as Filter[];
  const t = today(ctx);
  const expandPlans = body.expand?.product_rate_plans === true || body.expand?.product_rate_plan_charges === true;
  const expandCharges = body.expand?.product_rate_plan_charges === true;
  const values: Body[] = [];
  for (const { product, plans } of await allProducts(ctx)) {
    if (!filters.every((f) => matches(legacyField(f.field, product, t), f.operator, f.value))) continue;
    const b = productBody(ctx, product);
    const types = expandCharges ? await codeTypes(ctx, plans.flatMap((p) => p.charges)) : { typeOf: () => null };
    const legacyCharges = new Map<string, Body[]>();
    if (expandCharges)
      for (const p of plans) {
        const list: Body[] = [];
        for (const x of p.charges) {
          const lc = legacyCharge(ctx, x, types);
          const d = await getDynamic(ctx, x.id);
          if (d) lc.attributes = d.attributes;
          list.push(lc);
        }
        legacyCharges.set(p.id, list);
      }
    values.push({
      id: b.id,
      name: b.name,
      category: b.category,
      productNumber: b.productNumber,
      sku: b.sku,
      description: b.description,
      effectiveStartDate: product.effectiveStartDate,
      effectiveEndDate: product.effectiveEndDate,
      state: b.state === 'product_active' ? 'active' : 'inactive',
      allowFeatureChanges: b.allowFeatureChanges,
      contextFilters: [],
      features: [],
      legacyFeatures: [],
      customFields: b.customFields,
      customObjects: null,
      netsuite: {},
      organizationLabels: [],
      createdBy: ctx.tenant.id,
      createdTime: b.createdTime,
      updatedBy: ctx.tenant.id,
      updatedTime: b.updatedTime,
      ...(expandPlans
        ? {
            productRatePlans: plans.map((p) => {
              const pb = planBody(ctx, p, false);
              return {
                id: p.id,
                name: p.name,
                description: p.description,
                displayName: pb.displayName,
                state: pb.state,
                effectiveStartDate: p.effectiveStartDate,
                effectiveEndDate: p.effectiveEndDate,
                activeCurrencies: p.activeCurrencies,
                productId: p.productId,
                productRatePlanNumber: p.productRatePlanNumber,
                attributes: [],
                contextFilters: [],
                customFields: p.customFields,
                entitlements: [],
                externalIdSourceSystem: p.externalIdSourceSystem ?? null,
                externalManagedPlanIds: p.externalRatePlanIds,
                netsuite: {},
                organizationLabels: [],
                createTime: pb.createTime,
                createdBy: ctx.tenant.id,
                updateTime: pb.updateTime,
                updatedBy: ctx.tenant.id,
                ...(expandCharges ? { productRatePlanCharges: legacyCharges.get(p.id) ?? [] } : {}),
              };
            }),
          }
        : {}),
    });
  }
  // the legacy list's schema and sample have no `success`
  return { values };
}

// ---------------------------------------------------------------- charges and tiers

export async function createCharge(ctx: Ctx, body: Body): Promise<Body> {
  const c = body.charge as Body;
  const plan = await model.getRatePlan(ctx, c.product_rate_plan_id);
  if (!plan) throw invalidValue(`'charge.product_rate_plan_id': the product rate plan '${c.product_rate_plan_id}' does not exist`);
  const n = chargeToNeutral(c, plan.activeCurrencies, 'charge.');
  const created = await model.createCharge(ctx, { productRatePlanId: plan.id, ...neutralToInput(n) }, { namer: commerceNamer('charge.') });
  await setDynamic(ctx, created as unknown as ModelCharge, plan.activeCurrencies, c, 'charge.');
  return project(await chargeOut(ctx, created, plan.activeCurrencies), CHARGE);
}

export async function updateCharge(ctx: Ctx, body: Body): Promise<Body> {
  const c = body.charge as Body;
  const cur = await model.getCharge(ctx, c.id);
  if (!cur) throw notFound(`The product rate plan charge '${c.id}' does not exist`);
  const plan = (await model.getRatePlan(ctx, cur.productRatePlanId))!;
  for (const k of ['charge_type', 'charge_model', 'product_rate_plan_id'])
    if (c[k] !== undefined) throw invalidValue(`'charge.${k}' cannot be changed by an update`);
  const n = chargeToNeutral(c, plan.activeCurrencies, 'charge.');
  const updated = await model.updateCharge(ctx, cur.id, neutralToInput(n), { namer: commerceNamer('charge.') });
  await setDynamic(ctx, updated as unknown as ModelCharge, plan.activeCurrencies, c, 'charge.');
  // the update-charge schema and sample have no `success`
  return project(await chargeOut(ctx, updated, plan.activeCurrencies), CHARGE);
}

export async function queryCharge(ctx: Ctx, body: Body): Promise<Body> {
  const key = body.product_rate_plan_charge_key ?? body.product_rate_plan_key;
  if (!key) throw missingField(`'product_rate_plan_charge_key' is required`);
  const c = await model.getCharge(ctx, key);
  if (!c) {
    // the spec names the field product_rate_plan_key; the page's samples send the charge's key
    if (!body.product_rate_plan_charge_key && (await model.getRatePlan(ctx, key)))
      throw missingField(`'product_rate_plan_charge_key' is required: '${key}' is a product rate plan, and this operation answers one charge`);
    throw notFound(`The product rate plan charge '${key}' does not exist`);
  }
  const plan = (await model.getRatePlan(ctx, c.productRatePlanId))!;
  return project(await chargeOut(ctx, c, plan.activeCurrencies, attributeValues(body.attributes)), CHARGE);
}

export async function updateTier(ctx: Ctx, body: Body): Promise<Body> {
  const { tier } = await model.updateTier(ctx, body.id, { price: body.price }, { namer: (k) => `'${k}'` });
  return {
    id: tier.id,
    currency: tier.currency,
    price: Number(tier.price),
    startingUnit: Number(tier.startingUnit),
    endingUnit: tier.endingUnit === null ? null : Number(tier.endingUnit),
    tier: String(tier.tier),
    isOveragePrice: tier.isOveragePrice,
    priceFormat: tier.priceFormat === 'FlatFee' ? 'price_format_flat_fee' : 'price_format_per_unit',
    createdById: ctx.tenant.id,
    createdTime: commerceTime(tier.createdDate),
    updatedById: ctx.tenant.id,
    updatedTime: commerceTime(tier.updatedDate),
    success: true,
  };
}
