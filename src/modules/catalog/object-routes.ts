/**
 * The object API view of the catalog (/v1/object/product, -rate-plan,
 * -rate-plan-charge, -rate-plan-charge-tier): PascalCase fields, `{Success, Id}`
 * on create and update, `{id, success}` on delete. Errors take the object API
 * form from the platform.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { missingField, notFound } from '../../platform/errors.js';
import {
  chargeInputFromObject,
  chargeToObject,
  pascalNamer,
  priceFormatIn,
  productInputFromObject,
  productToObject,
  ratePlanInputFromObject,
  ratePlanToObject,
  selectFields,
  tierToObject,
} from './object-map.js';
import { route } from './route-utils.js';
import * as catalog from './service.js';

type Body = Record<string, unknown>;
const opts = { namer: pascalNamer };
const IdParams = Type.Object({ id: Type.String() });
const GetQuery = Type.Object({ fields: Type.Optional(Type.String()) });
const AnyBody = Type.Object({});


export function registerObjectRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- Products
  r.post(
    '/v1/object/product',
    route('Object_POSTProduct', 'Products', {
      body: Type.Object({ Name: Type.String(), EffectiveStartDate: Type.String(), EffectiveEndDate: Type.String() }),
    }),
    async (req) => inTransaction(req.ctx, async (ctx) => ({ Success: true, Id: (await catalog.createProduct(ctx, productInputFromObject(req.body as Body), opts)).id })),
  );
  r.get('/v1/object/product/:id', route('Object_GETProduct', 'Products', { params: IdParams, querystring: GetQuery }), async (req) => {
    const p = await catalog.getProduct(req.ctx, req.params.id);
    if (!p || p.id !== req.params.id) throw notFound(`No product with id ${req.params.id}`);
    return selectFields(productToObject(req.ctx, p), req.query.fields);
  });
  r.put('/v1/object/product/:id', route('Object_PUTProduct', 'Products', { params: IdParams, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await requireById(catalog.getProduct(ctx, req.params.id), req.params.id, 'product');
      const p = await catalog.updateProduct(ctx, req.params.id, productInputFromObject(req.body as Body), opts);
      return { Success: true, Id: p.id };
    }),
  );
  r.delete('/v1/object/product/:id', route('Object_DELETEProduct', 'Products', { params: IdParams }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await requireById(catalog.getProduct(ctx, req.params.id), req.params.id, 'product');
      const p = await catalog.deleteProduct(ctx, req.params.id);
      return { id: p.id, success: true };
    }),
  );

  // ---- Product rate plans
  r.post(
    '/v1/object/product-rate-plan',
    route('Object_POSTProductRatePlan', 'Product Rate Plans', { body: Type.Object({ Name: Type.String(), ProductId: Type.String() }) }),
    async (req) => inTransaction(req.ctx, async (ctx) => ({ Success: true, Id: (await catalog.createRatePlan(ctx, ratePlanInputFromObject(req.body as Body), opts)).id })),
  );
  r.get('/v1/object/product-rate-plan/:id', route('Object_GETProductRatePlan', 'Product Rate Plans', { params: IdParams, querystring: GetQuery }), async (req) => {
    const p = await requireById(catalog.getRatePlan(req.ctx, req.params.id), req.params.id, 'product rate plan');
    return selectFields(ratePlanToObject(req.ctx, p), req.query.fields);
  });
  r.put('/v1/object/product-rate-plan/:id', route('Object_PUTProductRatePlan', 'Product Rate Plans', { params: IdParams, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await requireById(catalog.getRatePlan(ctx, req.params.id), req.params.id, 'product rate plan');
      const p = await catalog.updateRatePlan(ctx, req.params.id, ratePlanInputFromObject(req.body as Body), opts);
      return { Success: true, Id: p.id };
    }),
  );
  r.delete('/v1/object/product-rate-plan/:id', route('Object_DELETEProductRatePlan', 'Product Rate Plans', { params: IdParams }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await requireById(catalog.getRatePlan(ctx, req.params.id), req.params.id, 'product rate plan');
      const p = await catalog.deleteRatePlan(ctx, req.params.id);
      return { id: p.id, success: true };
    }),
  );

  // ---- Product rate plan charges
  r.post(
    '/v1/object/product-rate-plan-charge',
    route('Object_POSTProductRatePlanCharge', 'Product Rate Plan Charges', { body: Type.Object({ ProductRatePlanId: Type.String() }) }),
    async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        const b = req.body as Body;
        if (b.ProductRatePlanChargeTierData === undefined || b.ProductRatePlanChargeTierData === null) throw missingField('ProductRatePlanChargeTierData is required');
        // required by the object API whatever the charge type (the spec and Zuora refuse a charge without them)
        for (const k of ['BillCycleType', 'TriggerEvent']) if (b[k] === undefined || b[k] === null || b[k] === '') throw missingField(`${k} is required`);
        const plan = await catalog.getRatePlan(ctx, b.ProductRatePlanId as string);
        const input = chargeInputFromObject(b, String(b.ChargeModel ?? ''), plan?.activeCurrencies ?? []);
        return { Success: true, Id: (await catalog.createCharge(ctx, input, opts)).id };
      }),
  );
  r.get('/v1/object/product-rate-plan-charge/:id', route('Object_GETProductRatePlanCharge', 'Product Rate Plan Charges', { params: IdParams, querystring: GetQuery }), async (req) => {
    const c = await requireById(catalog.getCharge(req.ctx, req.params.id), req.params.id, 'product rate plan charge');
    return selectFields(chargeToObject(req.ctx, c), req.query.fields);
  });
  r.put('/v1/object/product-rate-plan-charge/:id', route('Object_PUTProductRatePlanCharge', 'Product Rate Plan Charges', { params: IdParams, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      const cur = await requireById(catalog.getCharge(ctx, req.params.id), req.params.id, 'product rate plan charge');
      const b = req.body as Body;
      const plan = await catalog.getRatePlan(ctx, cur.productRatePlanId);
      const input = chargeInputFromObject(b, String(b.ChargeModel ?? cur.chargeModel), plan?.activeCurrencies ?? []);
      const c = await catalog.updateCharge(ctx, cur.id, input, opts);
      return { Success: true, Id: c.id };
    }),
  );
  r.delete('/v1/object/product-rate-plan-charge/:id', route('Object_DELETEProductRatePlanCharge', 'Product Rate Plan Charges', { params: IdParams }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await requireById(catalog.getCharge(ctx, req.params.id), req.params.id, 'product rate plan charge');
      const c = await catalog.deleteCharge(ctx, req.params.id);
      return { id: c.id, success: true };
    }),
  );

  // ---- Product rate plan charge tiers
  r.get('/v1/object/product-rate-plan-charge-tier/:id', route('Object_GETProductRatePlanChargeTier', 'Product Rate Plan Charge Tiers', { params: IdParams, querystring: GetQuery }), async (req) => {
    const t = await catalog.getTier(req.ctx, req.params.id);
    if (!t) throw notFound(`No product rate plan charge tier with id ${req.params.id}`);
    return selectFields(tierToObject(req.ctx, t.tier, t.charge), req.query.fields);
  });
  r.put(
    '/v1/object/product-rate-plan-charge-tier/:id',
    route('Object_PUTProductRatePlanChargeTier', 'Product Rate Plan Charge Tiers', { params: IdParams, body: AnyBody }),
    async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        const b = req.body as Body;
        const t = await catalog.updateTier(
          ctx,
          req.params.id,
          {
            price: b.Price as number | undefined,
            priceFormat: priceFormatIn(b.PriceFormat),
            discountAmount: b.DiscountAmount as number | undefined,
            discountPercentage: b.DiscountPercentage as number | undefined,
          },
          opts,
        );
        return { Success: true, Id: t.tier.id };
      }),
  );
}

/** The object API addresses objects by id only. */
async function requireById<T extends { id: string }>(p: Promise<T | undefined>, id: string, what: string): Promise<T> {
  const v = await p;
  if (!v || v.id !== id) throw notFound(`No ${what} with id ${id}`);
  return v;
}
