import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../../platform/context.js';
import * as defs from './definitions.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Body = Record<string, any>;

const RPD = ['Product Rate Plan Definitions'];
const CD = ['Product Charge Definitions'];
const O = Type.Optional;
const S = Type.String;
const Key = Type.Object({ key: S() });
/** null or a number, checked by the service (an Ajv union with null would coerce 0 to null). */
const NullableNumber = Type.Unknown();
const NullableString = Type.Union([Type.Null(), Type.String()]);

const Price = Type.Object({
  currency: O(S()),
  price: O(NullableNumber),
  discountAmount: O(NullableNumber),
  discountPercentage: O(NullableNumber),
  tiers: O(Type.Array(Type.Unknown())),
});

/** The overridable fields, shared by create and update. Enum values are checked by the service, naming the field. */
const Overrides = {
  billingPeriod: O(S()),
  billingTiming: O(Type.Union([Type.Literal('IN_ADVANCE'), Type.Literal('IN_ARREARS')])),
  chargeModel: O(S()),
  defaultQuantity: O(NullableNumber),
  listPriceBase: O(S()),
  prices: O(Type.Array(Price)),
  specificBillingPeriod: O(NullableNumber),
  specificListPriceBase: O(Type.Unknown()),
  taxCode: O(S({ maxLength: 64 })),
  taxMode: O(Type.Union([Type.Null(), Type.Literal('TaxExclusive'), Type.Literal('TaxInclusive')])),
  taxable: O(Type.Boolean()),
  term: O(NullableNumber),
  termPeriodType: O(Type.Union([Type.Null(), Type.Literal('Month'), Type.Literal('Year'), Type.Literal('Day'), Type.Literal('Week')])),
  termType: O(Type.Union([Type.Null(), Type.Literal('TERMED'), Type.Literal('EVERGREEN')])),
  uom: O(NullableString),
  effectiveStartDate: O(S()),
  effectiveEndDate: O(S()),
};
const CreateCd = Type.Object({
  productRatePlanChargeId: O(S()),
  productRatePlanChargeNumber: O(S()),
  productRatePlanId: O(S()),
  productRatePlanNumber: O(S()),
  ...Overrides,
});
const UpdateCd = Type.Object(Overrides);

/** Registers the definitions view of the catalog: product rate plan definitions and product charge definitions. */
export function registerDefinitionsRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- product rate plan definitions
  r.post(
    '/v1/product-rateplan-definitions',
    {
      config: { operationId: 'POST_CreateProductRatePlanDefinition' },
      schema: {
        operationId: 'POST_CreateProductRatePlanDefinition',
        tags: RPD,
        body: Type.Object({ productRatePlanChargeId: O(S()), productRatePlanChargeNumber: O(S()), productRatePlanId: O(S()), productRatePlanNumber: O(S()) }),
      },
    },
    async (req) => inTransaction(req.ctx, (ctx) => defs.createRatePlanDefinition(ctx, req.body as Body)),
  );
  r.get(
    '/v1/product-rateplan-definitions',
    {
      config: { operationId: 'GET_RetrieveProductRatePlanDefinitions' },
      schema: { operationId: 'GET_RetrieveProductRatePlanDefinitions', tags: RPD, querystring: Type.Object({ charge: O(S()), rateplan: O(S()) }) },
    },
    async (req) => defs.listRatePlanDefinitions(req.ctx, req.query),
  );
  r.get(
    '/v1/product-rateplan-definitions/:key',
    { config: { operationId: 'GET_RetrieveProductRatePlanDefinition' },
      schema: { operationId: 'GET_RetrieveProductRatePlanDefinition', tags: RPD, params: Key } },
    async (req) => defs.getRatePlanDefinition(req.ctx, req.params.key),
  );
  r.delete(
    '/v1/product-rateplan-definitions/:key',
    { config: { operationId: 'DELETE_ProductRatePlanDefnition' },
      schema: { operationId: 'DELETE_ProductRatePlanDefnition', tags: RPD, params: Key } },
    async (req) => inTransaction(req.ctx, (ctx) => defs.deleteRatePlanDefinition(ctx, req.params.key)),
  );

  // ---- product charge definitions
  r.post(
    '/v1/product-charge-definitions',
    { config: { operationId: 'POST_CreateProductChargeDefinition' },
      schema: { operationId: 'POST_CreateProductChargeDefinition', tags: CD, body: CreateCd } },
    async (req) => inTransaction(req.ctx, (ctx) => defs.createChargeDefinition(ctx, req.body as Body)),
  );
  r.get(
    '/v1/product-charge-definitions',
    {
      config: { operationId: 'GET_RetrieveProductChargeDefinitions' },
      schema: { operationId: 'GET_RetrieveProductChargeDefinitions', tags: CD, querystring: Type.Object({ charge: O(S()), rateplan: O(S()), 'hide-inherited-values': O(Type.Boolean()) }) },
    },
    async (req) => defs.listChargeDefinitions(req.ctx, { charge: req.query.charge, rateplan: req.query.rateplan, hide: req.query['hide-inherited-values'] }),
  );
  r.post(
    '/v1/product-charge-definitions/bulk',
    {
      config: { operationId: 'POST_CreateProductChargeDefinitionBulk' },
      schema: { operationId: 'POST_CreateProductChargeDefinitionBulk', tags: CD, body: Type.Object({ productChargeDefinitions: Type.Array(CreateCd) }) },
    },
    async (req) => defs.createChargeDefinitionsBulk(req.ctx, req.body as Body, (fn) => inTransaction(req.ctx, fn)),
  );
  r.put(
    '/v1/product-charge-definitions/bulk',
    {
      config: { operationId: 'PUT_UpdateProductChargeDefinitionBulk' },
      schema: {
        operationId: 'PUT_UpdateProductChargeDefinitionBulk',
        tags: CD,
        body: Type.Object({ productChargeDefinitions: Type.Array(Type.Composite([Type.Object({ productChargeDefinitionKey: O(S()) }), UpdateCd])) }),
      },
    },
    async (req) => inTransaction(req.ctx, (ctx) => defs.updateChargeDefinitionsBulk(ctx, req.body as Body)),
  );
  r.get(
    '/v1/product-charge-definitions/:key',
    {
      config: { operationId: 'GET_RetrieveProductChargeDefinition' },
      schema: { operationId: 'GET_RetrieveProductChargeDefinition', tags: CD, params: Key, querystring: Type.Object({ 'hide-inherited-values': O(Type.Boolean()) }) },
    },
    async (req) => defs.getChargeDefinition(req.ctx, req.params.key, req.query['hide-inherited-values'] === true),
  );
  r.put(
    '/v1/product-charge-definitions/:key',
    { config: { operationId: 'PUT_UpdateProductChargeDefinition' },
      schema: { operationId: 'PUT_UpdateProductChargeDefinition', tags: CD, params: Key, body: UpdateCd } },
    async (req) => inTransaction(req.ctx, (ctx) => defs.updateChargeDefinition(ctx, req.params.key, req.body as Body)),
  );
  r.delete(
    '/v1/product-charge-definitions/:key',
    { config: { operationId: 'DELETE_ProductChargeDefnition' },
      schema: { operationId: 'DELETE_ProductChargeDefnition', tags: CD, params: Key } },
    async (req) => inTransaction(req.ctx, (ctx) => defs.deleteChargeDefinition(ctx, req.params.key)),
  );
}
