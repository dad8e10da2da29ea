import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inTransaction } from '../../../platform/context.js';
import * as commerce from './commerce.js';
import { commerceErrorHandler, type CommerceErrorStyle } from './commerce-errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Body = Record<string, any>;

const TAGS = ['Commerce'];
const S = Type.String;
const O = Type.Optional;
const Amounts = Type.Record(Type.String(), Type.Number());
const date = () => Type.String({ format: 'date' });

const Pricing = Type.Object({
  flat_amounts: O(Amounts),
  unit_amounts: O(Amounts),
  discount_amounts: O(Amounts),
  discount_percentage: O(Type.Number()),
  tiers: O(
    Type.Array(
      Type.Object({
        tier: O(Type.Union([S(), Type.Number()])),
        from: Type.Number(),
        up_to: O(Type.Unknown()),
        price_format: Type.Union([Type.Literal('price_format_flat_fee'), Type.Literal('price_format_per_unit')]),
        unit_amounts: O(Amounts),
        flat_amounts: O(Amounts),
      }),
    ),
  ),
});

const BillCycle = Type.Object({
  type: S(),
  period: S(),
  period_alignment: S(),
  timing: O(S()),
  day_of_month: O(Type.Integer({ minimum: 1, maximum: 31 })),
  day_of_week: O(S()),
  specific_period: O(Type.Union([S(), Type.Number()])),
});

/** A charge in a create request (POST /commerce/products, /commerce/plans). Enum values are checked while mapping, naming the field. */
const ChargeCreate = Type.Object({
  name: S({ minLength: 1 }),
  charge_type: S(),
  charge_model: S(),
  bill_cycle: BillCycle,
  trigger_event: S(),
  end_date_condition: S(),
  pricing: O(Pricing),
  description: O(S()),
  unit_of_measure: O(S()),
  list_price_base: O(S()),
  default_quantity: O(Type.Number()),
  min_quantity: O(Type.Number()),
  max_quantity: O(Type.Number()),
  up_to_periods_type: O(S()),
  up_to_periods: O(Type.Integer()),
  specific_list_price_base: O(Type.Number()),
  price_increase_percentage: O(Type.Number()),
  price_change_option: O(S()),
  use_tenant_default_for_price_change: O(Type.Boolean()),
  tax_mode: O(S()),
  tax_code: O(S()),
  discount_options: O(Type.Object({ apply_to: O(Type.Array(S())), discount_level: O(S()), stacked_discount: O(Type.Boolean()) })),
  attributes: O(Type.Array(Type.Unknown())),
  rate_cards: O(Type.Array(Type.Unknown())),
  accounting: O(Type.Object({})),
  revenue: O(Type.Object({})),
  custom_fields: O(Type.Object({})),
});

const PlanCreate = Type.Object({
  name: S({ minLength: 1 }),
  start_date: date(),
  end_date: date(),
  active_currencies: Type.Array(S(), { minItems: 1 }),
  charges: Type.Array(ChargeCreate, { minItems: 1 }),
  description: O(S()),
});

const Filters = Type.Array(Type.Object({ field: S(), operator: S(), value: Type.Unknown() }));
const Expand = Type.Object({ product_rate_plans: O(Type.Boolean()), product_rate_plan_charges: O(Type.Boolean()) });

/** `rejectUnknownFields=true` with fields the operation does not know: 400 `{ message }`, as the page documents. */
class UnrecognisedFields extends Error {
  constructor() {
    super('Error - unrecognised fields');
  }
}

interface Op {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  operationId: string;
  style: CommerceErrorStyle;
  body?: TSchema;
  params?: TSchema;
  querystring?: TSchema;
  write?: boolean;
  handler: (req: FastifyRequest) => Promise<Body>;
}

const OPS: Op[] = [
  {
    method: 'POST',
    url: '/commerce/products',
    operationId: 'createProduct',
    style: 'proxy',
    write: true,
    body: Type.Object({
      name: S({ minLength: 1 }),
      start_date: date(),
      end_date: date(),
      category: Type.Union([Type.Literal('base'), Type.Literal('add_on'), Type.Literal('other')]),
      plans: Type.Array(PlanCreate, { minItems: 1 }),
      description: O(S()),
      custom_fields: O(Type.Object({})),
    }),
    handler: (req) => inTransaction(req.ctx, (ctx) => commerce.createProduct(ctx, req.body as Body)),
  },
  {
    method: 'PUT',
    url: '/commerce/products',
    operationId: 'updateProduct',
    style: 'common',
    body: Type.Object({ id: S({ minLength: 1 }), name: O(S()), description: O(S()), category: O(S()), custom_fields: O(Type.Object({})), startDate: O(date()), endDate: O(date()) }),
    handler: (req) => inTransaction(req.ctx, (ctx) => commerce.updateProduct(ctx, req.body as Body)),
  },
  {
    method: 'GET',
    url: '/commerce/products/:product_key',
    operationId: 'GET_RetrieveProductByKey',
    style: 'common',
    params: Type.Object({ product_key: S() }),
    handler: (req) => commerce.getProductByKey(req.ctx, (req.params as { product_key: string }).product_key),
  },
  {
    method: 'POST',
    url: '/commerce/legacy/products/list',
    operationId: 'queryLegacyProducts',
    style: 'proxy',
    body: Type.Object({ filters: O(Filters), expand: O(Expand) }),
    handler: (req) => commerce.listLegacyProducts(req.ctx, req.body as Body),
  },
  {
    method: 'POST',
    url: '/commerce/plans',
    operationId: 'createPlan',
    style: 'proxy',
    body: Type.Composite([Type.Object({ product_key: S({ minLength: 1 }) }), PlanCreate]),
    handler: (req) => inTransaction(req.ctx, (ctx) => commerce.createPlan(ctx, req.body as Body)),
  },
  {
    method: 'PUT',
    url: '/commerce/plans',
    operationId: 'updateProductRatePlan',
    style: 'common',
    body: Type.Object({ id: S({ minLength: 1 }), name: O(S()), description: O(S()), grade: O(Type.Integer()), startDate: O(date()), endDate: O(date()) }),
    handler: (req) => inTransaction(req.ctx, (ctx) => commerce.updatePlan(ctx, req.body as Body)),
  },
  {
    method: 'POST',
    url: '/commerce/plans/query',
    operationId: 'queryCommerceProductRatePlans',
    style: 'proxy',
    body: Type.Object({ product_rate_plan_key: O(S()), expand: O(Expand), attributes: O(Type.Array(Type.Unknown())), evaluation_level: O(Type.Union([Type.Literal('LIST_PRICE'), Type.Literal('EXTENDED_PRICE')])) }),
    handler: (req) => commerce.queryPlan(req.ctx, req.body as Body),
  },
  {
    method: 'POST',
    url: '/commerce/plans/list',
    operationId: 'queryCommercePlansList',
    style: 'common',
    body: Type.Object({ filters: Filters, expand: O(Expand) }),
    handler: (req) => commerce.listPlans(req.ctx, req.body as Body),
  },
  {
    method: 'POST',
    url: '/commerce/charges',
    operationId: 'createProductRatePlanChargeWithDynamicPricing',
    style: 'proxy',
    body: Type.Object({ charge: Type.Composite([Type.Object({ product_rate_plan_id: S({ minLength: 1 }), unit_of_measure: S() }), Type.Omit(ChargeCreate, ['unit_of_measure'])]) }),
    handler: (req) => inTransaction(req.ctx, (ctx) => commerce.createCharge(ctx, req.body as Body)),
  },
  {
    method: 'PUT',
    url: '/commerce/charges',
    operationId: 'updateProductRatePlanChargeWithDynamicPricing',
    style: 'common',
    body: Type.Object({
      charge: Type.Object({
        id: S({ minLength: 1 }),
        name: O(S()),
        bill_cycle: O(Type.Partial(BillCycle)),
        pricing: O(Pricing),
        default_quantity: O(Type.Number()),
        custom_fields: O(Type.Object({})),
        attributes: O(Type.Array(Type.Unknown())),
        rate_cards: O(Type.Array(Type.Unknown())),
      }),
    }),
    handler: (req) => inTransaction(req.ctx, (ctx) => commerce.updateCharge(ctx, req.body as Body)),
  },
  {
    method: 'POST',
    url: '/commerce/charges/query',
    operationId: 'queryProductRatePlanChargeWithDynamicPricing',
    style: 'proxy',
    body: Type.Object({
      product_rate_plan_charge_key: O(S()),
      product_rate_plan_key: O(S()),
      attributes: O(Type.Array(Type.Unknown())),
      evaluation_level: O(Type.Union([Type.Literal('LIST_PRICE'), Type.Literal('EXTENDED_PRICE')])),
    }),
    handler: (req) => commerce.queryCharge(req.ctx, req.body as Body),
  },
  {
    method: 'PUT',
    url: '/commerce/tiers',
    operationId: 'updateTier',
    style: 'common',
    body: Type.Object({ id: S({ minLength: 1 }), price: Type.Number() }),
    handler: (req) => inTransaction(req.ctx, (ctx) => commerce.updateTier(ctx, req.body as Body)),
  },
  {
    method: 'POST',
    url: '/commerce/purchase-options/list',
    operationId: 'queryPurchaseOptionsbyPRPID',
    style: 'proxy',
    querystring: Type.Object({ rejectUnknownFields: O(Type.Boolean()) }),
    body: Type.Object({ filters: O(Filters), expand: O(Expand), product_rate_plan_charge_key: O(S()), attributes: O(Type.Array(Type.Unknown())) }),
    handler: async (req) => {
      const known = ['filters', 'expand', 'product_rate_plan_charge_key', 'attributes'];
      if ((req.query as { rejectUnknownFields?: boolean }).rejectUnknownFields === true && Object.keys(req.body as Body).some((k) => !known.includes(k)))
        throw new UnrecognisedFields();
      return commerce.purchaseOptions(req.ctx, req.body as Body);
    },
  },
];

/** Registers the Commerce view of the catalog (/commerce/...), answering errors in the Commerce shapes. */
export function registerCommerceRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const op of OPS) {
    const handler = commerceErrorHandler(op.style);
    r.route({
      method: op.method,
      url: op.url,
      config: { operationId: op.operationId },
      schema: {
        operationId: op.operationId,
        tags: TAGS,
        ...(op.body ? { body: op.body } : {}),
        ...(op.params ? { params: op.params } : {}),
        ...(op.querystring ? { querystring: op.querystring } : {}),
      },
      errorHandler: (err, req, reply) => (err instanceof UnrecognisedFields ? reply.code(400).send({ message: err.message }) : handler(err, req, reply)),
      handler: async (req) => op.handler(req),
    });
  }
}
