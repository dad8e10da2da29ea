/**
 * The catalog API view: products (paged), a product's rate plans with nested
 * charges, pricing and tiers, rate plans by id or external id, one charge, and
 * the Zuora Revenue accounting codes of a charge.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { atLeast } from '../../platform/api-version.js';
import { inTransaction, type Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { pageRequest, pageResult, PageQuery } from '../../platform/pagination.js';
import { chargeToCatalog, productToCatalog, ratePlanHeaderToCatalog, ratePlanToCatalog, type AccountingCodeTypes } from './catalog-map.js';
import { route } from './route-utils.js';
import * as catalog from './service.js';


/** Looks up the type of every accounting code the charges name, once. */
async function codeTypes(ctx: Ctx, charges: catalog.ChargeRecord[]): Promise<AccountingCodeTypes> {
  const names = new Set<string>();
  for (const c of charges)
    for (const k of ['deferredRevenueAccount', 'recognizedRevenueAccount', 'adjustmentLiabilityAccount', 'adjustmentRevenueAccount', 'contractAssetAccount', 'contractLiabilityAccount', 'contractRecognizedRevenueAccount', 'unbilledReceivablesAccount']) {
      const v = c.attrs[k];
      if (typeof v === 'string' && v) names.add(v);
    }
  const types = new Map<string, string | null>();
  for (const n of names) types.set(n, await catalog.accountingCodeType(ctx, n));
  return { typeOf: (n) => (n ? (types.get(n) ?? null) : null) };
}

/**
 * A product of GET /v1/catalog/products(/{key}). From API version 230.0 on its
 * `productRatePlans` is the URL of the product's rate plans; before, it holds
 * the rate plans themselves with their charges (at most 300, as Zuora caps them).
 */
async function productView(req: { ctx: Ctx; apiVersion?: string }, p: catalog.ProductRecord): Promise<Record<string, unknown>> {
  const out = productToCatalog(req.ctx, p);
  if (atLeast(req, '230.0')) return out;
  const plans = await catalog.listRatePlans(req.ctx, p.id, 300, 0);
  const types = await codeTypes(req.ctx, plans.flatMap((x) => x.charges));
  return { ...out, productRatePlans: plans.map((x) => ratePlanToCatalog(req.ctx, x, types)) };
}

const ShowDefs = { 'show-charge-definitions': Type.Optional(Type.Boolean()) };

export function registerCatalogApiRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/v1/catalog/products', route('GET_Catalog', 'Catalog', { querystring: Type.Object(PageQuery) }), async (req) => {
    const p = pageRequest(req.query, { defaultSize: 10, maxSize: 40 });
    const rows = await catalog.listProducts(req.ctx, p.pageSize + 1, p.offset);
    const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
    const products = [];
    for (const x of items) products.push(await productView(req, x));
    return { products, ...(nextPage ? { nextPage } : {}), success: true };
  });

  r.get('/v1/catalog/products/:productKey', route('GET_Product', 'Catalog', { params: Type.Object({ productKey: Type.String() }) }), async (req) => {
    const p = await catalog.getProduct(req.ctx, req.params.productKey);
    if (!p) throw notFound(`The product '${req.params.productKey}' does not exist`);
    return { ...(await productView(req, p)), success: true };
  });

  r.get(
    '/v1/products/:productKey/product-rate-plans',
    route('GET_ProductRatePlans', 'Product Rate Plans', { params: Type.Object({ productKey: Type.String() }), querystring: Type.Object({ ...PageQuery, ...ShowDefs }) }),
    async (req) => {
      const p = pageRequest(req.query, { defaultSize: 20, maxSize: 40 });
      const plans = await catalog.listRatePlans(req.ctx, req.params.productKey, p.pageSize + 1, p.offset);
      const { items, nextPage } = pageResult(req.ctx, req.url, p, plans);
      const types = await codeTypes(
        req.ctx,
        items.flatMap((x) => x.charges),
      );
      return { productRatePlans: items.map((x) => ratePlanToCatalog(req.ctx, x, types)), ...(nextPage ? { nextPage } : {}), success: true };
    },
  );

  r.get('/v1/product-rate-plans/external-id/:id', route('GET_ProductRatePlansByExternalID', 'Product Rate Plans', { params: Type.Object({ id: Type.String() }) }), async (req) => {
    const plans = await catalog.listRatePlansByExternalId(req.ctx, req.params.id);
    if (plans.length === 0) throw notFound(`No product rate plan has the external id '${req.params.id}'`);
    return { success: true, productRatePlans: plans.map((x) => ratePlanHeaderToCatalog(x)) };
  });

  r.get('/v1/product-rate-plans/:id', route('GET_ProductRatePlan', 'Product Rate Plans', { params: Type.Object({ id: Type.String() }) }), async (req) => {
    const p = await catalog.getRatePlan(req.ctx, req.params.id);
    if (!p) throw notFound(`The product rate plan '${req.params.id}' does not exist`);
    return { ...ratePlanHeaderToCatalog(p, true), success: true };
  });

  r.get(
    '/v1/product-rate-plan-charges/:chargeKey',
    route('GET_RetrieveProductRatePlanCharge', 'Product Rate Plan Charges', { params: Type.Object({ chargeKey: Type.String() }), querystring: Type.Object(ShowDefs) }),
    async (req) => {
      const c = await catalog.getCharge(req.ctx, req.params.chargeKey);
      if (!c) throw notFound(`The product rate plan charge '${req.params.chargeKey}' does not exist`);
      return { ...chargeToCatalog(req.ctx, c, await codeTypes(req.ctx, [c]), 'object'), success: true };
    },
  );

  r.put(
    '/v1/revpro-accounting-codes',
    route('PUT_RevProAccountingCodes', 'Zuora Revenue Integration', {
      body: Type.Object({
        productRatePlanChargeId: Type.String(),
        contractAssetAccount: Type.String(),
        contractLiabilityAccount: Type.String(),
        unbilledReceivablesAccount: Type.String(),
        adjustmentLiabilityAccount: Type.String(),
        recognizedRevenueAccount: Type.String(),
        adjustmentRevenueAccount: Type.String(),
      }),
    }),
    async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        const b = req.body;
        // Zuora Revenue's recognized revenue account is the charge's contract recognized revenue code,
        // distinct from Zuora Billing's RecognizedRevenueAccount.
        await catalog.updateRevProAccountingCodes(ctx, {
          productRatePlanChargeId: b.productRatePlanChargeId,
          contractAssetAccount: b.contractAssetAccount,
          contractLiabilityAccount: b.contractLiabilityAccount,
          unbilledReceivablesAccount: b.unbilledReceivablesAccount,
          adjustmentLiabilityAccount: b.adjustmentLiabilityAccount,
          adjustmentRevenueAccount: b.adjustmentRevenueAccount,
          contractRecognizedRevenueAccount: b.recognizedRevenueAccount,
        });
        return { success: true };
      }),
  );
}
