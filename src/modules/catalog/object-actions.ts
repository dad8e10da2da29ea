/**
 * Product, ProductRatePlan and ProductRatePlanCharge through POST /v1/action/create, /update and /delete:
 * the same translation and rules as the object API routes (object-routes.ts, object-map.ts), the same
 * required fields (the Object_POSTProduct… request schemas), through the catalog service.
 */
import type { Ctx } from '../../platform/context.js';
import { missingField, notFound } from '../../platform/errors.js';
import type { ActionFields, ObjectActions } from '../queries/contract.js';
import { chargeInputFromObject, pascalNamer, productInputFromObject, ratePlanInputFromObject } from './object-map.js';
import * as catalog from './service.js';

const opts = { namer: pascalNamer };

function required(b: ActionFields, names: string[]): void {
  for (const k of names) if (b[k] === undefined || b[k] === null || b[k] === '') throw missingField(`${k} is required`);
}

async function byId<T extends { id: string }>(p: Promise<T | undefined>, id: string, what: string): Promise<T> {
  const v = await p;
  if (!v || v.id !== id) throw notFound(`No ${what} with id ${id}`);
  return v;
}

export const catalogObjectActions: Record<'Product' | 'ProductRatePlan' | 'ProductRatePlanCharge', ObjectActions> = {
  Product: {
    async create(ctx: Ctx, b) {
      required(b, ['Name', 'EffectiveStartDate', 'EffectiveEndDate']);
      return (await catalog.createProduct(ctx, productInputFromObject(b), opts)).id;
    },
    async update(ctx, id, b) {
      await byId(catalog.getProduct(ctx, id), id, 'product');
      await catalog.updateProduct(ctx, id, productInputFromObject(b), opts);
    },
    async delete(ctx, id) {
      await byId(catalog.getProduct(ctx, id), id, 'product');
      await catalog.deleteProduct(ctx, id);
    },
  },
  ProductRatePlan: {
    async create(ctx, b) {
      required(b, ['Name', 'ProductId']);
      return (await catalog.createRatePlan(ctx, ratePlanInputFromObject(b), opts)).id;
    },
    async update(ctx, id, b) {
      await byId(catalog.getRatePlan(ctx, id), id, 'product rate plan');
      await catalog.updateRatePlan(ctx, id, ratePlanInputFromObject(b), opts);
    },
    async delete(ctx, id) {
      await byId(catalog.getRatePlan(ctx, id), id, 'product rate plan');
      await catalog.deleteRatePlan(ctx, id);
    },
  },
  ProductRatePlanCharge: {
    async create(ctx, b) {
      required(b, ['ProductRatePlanId', 'ProductRatePlanChargeTierData', 'BillCycleType', 'TriggerEvent']);
      const plan = await catalog.getRatePlan(ctx, b.ProductRatePlanId as string);
      return (await catalog.createCharge(ctx, chargeInputFromObject(b, String(b.ChargeModel ?? ''), plan?.activeCurrencies ?? []), opts)).id;
    },
    async update(ctx, id, b) {
      const cur = await byId(catalog.getCharge(ctx, id), id, 'product rate plan charge');
      const plan = await catalog.getRatePlan(ctx, cur.productRatePlanId);
      await catalog.updateCharge(ctx, cur.id, chargeInputFromObject(b, String(b.ChargeModel ?? cur.chargeModel), plan?.activeCurrencies ?? []), opts);
    },
    async delete(ctx, id) {
      await byId(catalog.getCharge(ctx, id), id, 'product rate plan charge');
      await catalog.deleteCharge(ctx, id);
    },
  },
};
