// Conformance of the catalog: object API (Products, Product Rate Plans,
// Product Rate Plan Charges, Product Rate Plan Charge Tiers), the catalog API
// (Catalog, Product Rate Plans, Product Rate Plan Charges), Catalog Groups,
// definitions, Commerce and Zuora Revenue Integration (see FINDINGS.md).
import { beforeAll, describe, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { conform, conformKnown, expectSuccess, known, surprisesTest } from './harness.js';

let t: TestApp;
let c: Client;
const w: Record<string, string> = {};

const recurring = { ChargeType: 'Recurring', BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd' };

const bill = (extra: Record<string, unknown> = {}) => ({ type: 'specific_day_of_month', day_of_month: 1, period: 'bill_cycle_period_month', period_alignment: 'align_to_charge', timing: 'in_advance', ...extra });
const commerceFlat = {
  name: 'Platform Fee',
  charge_type: 'recurring',
  charge_model: 'flat_fee',
  pricing: { flat_amounts: { USD: 100, EUR: 92.5 } },
  bill_cycle: bill(),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
  list_price_base: 'Per_Billing_Period',
};
const commerceSeats = {
  name: 'Seats',
  charge_type: 'recurring',
  charge_model: 'per_unit',
  unit_of_measure: 'Each',
  default_quantity: 5,
  pricing: { unit_amounts: { USD: 20, EUR: 18.25 } },
  bill_cycle: bill({ type: 'default_from_customer', day_of_month: undefined }),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
  list_price_base: 'Per_Billing_Period',
};
const commerceTiered = {
  name: 'API Calls',
  charge_type: 'usage',
  charge_model: 'tiered',
  unit_of_measure: 'Each',
  pricing: {
    tiers: [
      { tier: '1', from: 0, up_to: 1000, price_format: 'price_format_per_unit', unit_amounts: { USD: 0.1, EUR: 0.09 } },
      { tier: '2', from: 1000, up_to: null, price_format: 'price_format_flat_fee', flat_amounts: { USD: 500, EUR: 450 } },
    ],
  },
  bill_cycle: bill({ timing: 'in_arrears' }),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
};
const commercePlan = (name: string, charges: unknown[]) => ({ name, start_date: '2024-01-01', end_date: '2049-12-31', active_currencies: ['USD', 'EUR'], charges });

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
});

describe('object API', () => {
  it('Object_POSTProduct', async () => {
    const res = await c.post('/v1/object/product', { Name: 'Conformance Product', SKU: 'SKU-CONF-1', Category: 'Base Products', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', Region__c: 'EMEA' });
    w.productId = res.body.Id;
    conform('Object_POSTProduct', res);
  });
  it('Object_GETProduct', async () => {
    conform('Object_GETProduct', await c.get(`/v1/object/product/${w.productId}`));
  });
  it('Object_PUTProduct', async () => {
    conform('Object_PUTProduct', await c.put(`/v1/object/product/${w.productId}`, { Description: 'New text', Region__c: 'APAC' }));
  });
  it('Object_POSTProductRatePlan', async () => {
    const res = await c.post('/v1/object/product-rate-plan', {
      ProductId: w.productId,
      Name: 'Monthly Basic',
      Description: 'Flat monthly plan',
      EffectiveStartDate: '2020-01-01',
      EffectiveEndDate: '2040-01-01',
      ActiveCurrencies: ['USD', 'EUR'],
      Grade: 1,
      ExternalIdSourceSystem: 'apple',
      ExternalRatePlanIds: 'apple-basic-1,apple-basic-2',
    });
    w.planId = res.body.Id;
    conform('Object_POSTProductRatePlan', res);
  });
  it('Object_GETProductRatePlan', async () => {
    conform('Object_GETProductRatePlan', await c.get(`/v1/object/product-rate-plan/${w.planId}`));
  });
  it('Object_PUTProductRatePlan', async () => {
    conform('Object_PUTProductRatePlan', await c.put(`/v1/object/product-rate-plan/${w.planId}`, { Name: 'Monthly Basic v2', Grade: 3 }));
  });
  it('Object_POSTProductRatePlanCharge', async () => {
    const flat = await c.post('/v1/object/product-rate-plan-charge', {
      ...recurring,
      ProductRatePlanId: w.planId,
      Name: 'Platform fee',
      ChargeModel: 'Flat Fee Pricing',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 100 }, { Currency: 'EUR', Price: 90 }] },
    });
    w.flatChargeId = flat.body.Id;
    const tiered = await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: w.planId,
      Name: 'API calls',
      ChargeType: 'Usage',
      ChargeModel: 'Tiered Pricing',
      UOM: 'Each',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      TriggerEvent: 'ContractEffective',
      ProductRatePlanChargeTierData: {
        ProductRatePlanChargeTier: [
          { Currency: 'USD', StartingUnit: 0, EndingUnit: 1000, Price: 0, PriceFormat: 'Flat Fee' },
          { Currency: 'USD', StartingUnit: 1001, Price: 0.01, PriceFormat: 'Per Unit' },
          { Currency: 'EUR', StartingUnit: 0, EndingUnit: 1000, Price: 0, PriceFormat: 'Flat Fee' },
          { Currency: 'EUR', StartingUnit: 1001, Price: 0.009, PriceFormat: 'Per Unit' },
        ],
      },
    });
    expectSuccess('Object_POSTProductRatePlanCharge', tiered);
    w.tieredChargeId = tiered.body.Id;
    conform('Object_POSTProductRatePlanCharge', flat);
  });
  it('Object_GETProductRatePlanCharge', async () => {
    const res = await c.get(`/v1/object/product-rate-plan-charge/${w.tieredChargeId}`);
    w.tierId = res.body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier[1].Id;
    conform('Object_GETProductRatePlanCharge', res);
  });
  it('Object_PUTProductRatePlanCharge', async () => {
    conform('Object_PUTProductRatePlanCharge', await c.put(`/v1/object/product-rate-plan-charge/${w.flatChargeId}`, { Description: 'Monthly fee', Taxable: false }));
  });
  it('Object_GETProductRatePlanChargeTier', async () => {
    conform('Object_GETProductRatePlanChargeTier', await c.get(`/v1/object/product-rate-plan-charge-tier/${w.tierId}`));
  });
  it('Object_PUTProductRatePlanChargeTier', async () => {
    conform('Object_PUTProductRatePlanChargeTier', await c.put(`/v1/object/product-rate-plan-charge-tier/${w.tierId}`, { Price: 0.0085 }));
  });
});

describe('catalog API', () => {
  it('GET_Catalog', async () => {
    conform('GET_Catalog', await c.get('/v1/catalog/products'));
  });
  it('GET_Product', async () => {
    conform('GET_Product', await c.get(`/v1/catalog/products/${w.productId}`));
  });
  it('GET_ProductRatePlans', async () => {
    conform('GET_ProductRatePlans', await c.get(`/v1/products/${w.productId}/product-rate-plans`));
  });
  it('GET_ProductRatePlan', async () => {
    conform('GET_ProductRatePlan', await c.get(`/v1/product-rate-plans/${w.planId}`));
  });
  it('GET_ProductRatePlansByExternalID', async () => {
    conform('GET_ProductRatePlansByExternalID', await c.get('/v1/product-rate-plans/external-id/apple-basic-2'));
  });
  // FINDINGS.md CAT-1: fails until the module's response matches the spec
  it.fails('GET_RetrieveProductRatePlanCharge', known(async () => {
    conformKnown('GET_RetrieveProductRatePlanCharge', await c.get(`/v1/product-rate-plan-charges/${w.tieredChargeId}`), 'CAT-1');
  }));
  it('PUT_RevProAccountingCodes', async () => {
    const body = {
      productRatePlanChargeId: w.flatChargeId,
      adjustmentLiabilityAccount: 'adjustL-1',
      adjustmentRevenueAccount: 'adjustRev-1',
      contractAssetAccount: 'CA-2',
      contractLiabilityAccount: 'CL-2',
      recognizedRevenueAccount: 'ContractRevRec-1',
      unbilledReceivablesAccount: 'unbilledR-1',
    };
    conform('PUT_RevProAccountingCodes', await c.put('/v1/revpro-accounting-codes', body));
  });
});

describe('Commerce', () => {
  it('createProduct', async () => {
    const res = await c.post('/commerce/products', {
      name: 'Cloud Suite',
      start_date: '2024-01-01',
      end_date: '2049-12-31',
      category: 'base',
      plans: [commercePlan('Monthly Flat', [commerceFlat]), commercePlan('Per Seat', [commerceSeats]), commercePlan('Usage', [commerceTiered])],
    });
    const find = (n: string) => res.body.plans.find((p: { name: string }) => p.name === n);
    w.cProductId = res.body.id;
    w.cProductNumber = res.body.productNumber;
    w.cFlatPlanId = find('Monthly Flat').id;
    w.cSeatPlanId = find('Per Seat').id;
    w.cFeeId = find('Monthly Flat').productRatePlanCharges[0].id;
    w.cSeatsId = find('Per Seat').productRatePlanCharges[0].id;
    w.cUsageId = find('Usage').productRatePlanCharges[0].id;
    w.cUsagePlanId = find('Usage').id;
    conform('createProduct', res);
  });
  it('updateProduct', async () => {
    conform('updateProduct', await c.put('/commerce/products', { id: w.cProductId, name: 'Cloud Suite 2', description: 'Second edition', category: 'add_on' }));
  });
  it('GET_RetrieveProductByKey', async () => {
    conform('GET_RetrieveProductByKey', await c.get(`/commerce/products/${w.cProductNumber}`));
  });
  it('createPlan', async () => {
    const res = await c.post('/commerce/plans', { product_key: w.cProductId, ...commercePlan('Annual Flat', [{ ...commerceFlat, bill_cycle: bill({ period: 'bill_cycle_period_annual' }) }]) });
    w.cAnnualPlanNumber = res.body.productRatePlanNumber;
    conform('createPlan', res);
  });
  it('updateProductRatePlan', async () => {
    conform('updateProductRatePlan', await c.put('/commerce/plans', { id: w.cFlatPlanId, name: 'Bronze Plan', description: 'Basic version', grade: 1 }));
  });
  // FINDINGS.md COM-5: fails until the module's response matches the spec
  it.fails('queryCommerceProductRatePlans', known(async () => {
    conformKnown('queryCommerceProductRatePlans', await c.post('/commerce/plans/query', { product_rate_plan_key: w.cAnnualPlanNumber, expand: { product_rate_plan_charges: true } }), 'COM-5');
  }));
  it('queryCommercePlansList', async () => {
    conform('queryCommercePlansList', await c.post('/commerce/plans/list', { filters: [{ field: 'prp_id', operator: 'EQ', value: w.cFlatPlanId }], expand: { product_rate_plan_charges: true } }));
  });
  it('createProductRatePlanChargeWithDynamicPricing', async () => {
    const res = await c.post('/commerce/charges', { charge: { ...commerceSeats, name: 'Admin Seats', product_rate_plan_id: w.cSeatPlanId, pricing: { unit_amounts: { USD: 30, EUR: 27 } } } });
    w.cAdminId = res.body.id;
    w.cAdminNumber = res.body.productRatePlanChargeNumber;
    conform('createProductRatePlanChargeWithDynamicPricing', res);
  });
  it('queryProductRatePlanChargeWithDynamicPricing', async () => {
    conform('queryProductRatePlanChargeWithDynamicPricing', await c.post('/commerce/charges/query', { product_rate_plan_charge_key: w.cAdminNumber }));
  });
  it('updateProductRatePlanChargeWithDynamicPricing', async () => {
    conform(
      'updateProductRatePlanChargeWithDynamicPricing',
      await c.put('/commerce/charges', { charge: { id: w.cAdminId, name: 'Admin Seats+', pricing: { unit_amounts: { EUR: 26 } }, bill_cycle: { type: 'specific_day_of_month', day_of_month: 15 } } }));
  });
  it('updateTier', async () => {
    const ch = await c.get(`/v1/object/product-rate-plan-charge/${w.cUsageId}`);
    expectSuccess('Object_GETProductRatePlanCharge', ch);
    const tierId = ch.body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier[0].Id;
    conform('updateTier', await c.put('/commerce/tiers', { id: tierId, price: 0.12 }));
  });
  it('queryLegacyProducts', async () => {
    conform('queryLegacyProducts', await c.post('/commerce/legacy/products/list', {}));
  });
  it('queryPurchaseOptionsbyPRPID', async () => {
    conform(
      'queryPurchaseOptionsbyPRPID',
      await c.post('/commerce/purchase-options/list', { filters: [{ field: 'prp_id', operator: 'EQ', value: { string_value: w.cFlatPlanId } }], expand: { product_rate_plan_charges: true } }));
  });
});

describe('Catalog Groups', () => {
  it('POST_CreateCatalogGroup', async () => {
    const res = await c.post('/v1/catalog-groups', { name: 'Tiers', description: 'grading', productRatePlans: [{ id: w.cFlatPlanId, grade: 1 }, { id: w.cSeatPlanId, grade: 2 }] });
    w.groupId = res.body.id;
    w.groupNumber = res.body.catalogGroupNumber;
    conform('POST_CreateCatalogGroup', res);
  });
  it('GET_ListAllCatalogGroups', async () => {
    conform('GET_ListAllCatalogGroups', await c.get('/v1/catalog-groups'));
  });
  it('GET_RetrieveCatalogGroup', async () => {
    conform('GET_RetrieveCatalogGroup', await c.get(`/v1/catalog-groups/${w.groupNumber}`));
  });
  it('PUT_UpdateCatalogGroup', async () => {
    conform('PUT_UpdateCatalogGroup', await c.put(`/v1/catalog-groups/${w.groupId}`, { name: 'Tiers 2', remove: [{ id: w.cSeatPlanId }] }));
  });
  it('DELETE_CatalogGroup', async () => {
    conform('DELETE_CatalogGroup', await c.del(`/v1/catalog-groups/${w.groupId}`));
  });
});

describe('definitions', () => {
  it('POST_CreateProductRatePlanDefinition', async () => {
    const res = await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: w.cUsageId, productRatePlanId: w.cSeatPlanId });
    w.prpDefId = res.body.id;
    conform('POST_CreateProductRatePlanDefinition', res);
  });
  it('GET_RetrieveProductRatePlanDefinitions', async () => {
    conform('GET_RetrieveProductRatePlanDefinitions', await c.get(`/v1/product-rateplan-definitions?rateplan=${w.cSeatPlanId}`));
  });
  it('GET_RetrieveProductRatePlanDefinition', async () => {
    conform('GET_RetrieveProductRatePlanDefinition', await c.get(`/v1/product-rateplan-definitions/${w.prpDefId}`));
  });
  it('DELETE_ProductRatePlanDefnition', async () => {
    conform('DELETE_ProductRatePlanDefnition', await c.del(`/v1/product-rateplan-definitions/${w.prpDefId}`));
  });
  it('POST_CreateProductChargeDefinition', async () => {
    const res = await c.post('/v1/product-charge-definitions', {
      productRatePlanChargeId: w.cFeeId,
      effectiveStartDate: '2024-01-01 00:00:00',
      effectiveEndDate: '2025-01-01 00:00:00',
      listPriceBase: 'Per_Billing_Period',
      prices: [
        { currency: 'USD', price: 12 },
        { currency: 'EUR', price: 11 },
      ],
    });
    w.cdId = res.body.chargeDefinitionId;
    w.cdNumber = res.body.chargeDefinitionNumber;
    conform('POST_CreateProductChargeDefinition', res);
  });
  it('GET_RetrieveProductChargeDefinitions', async () => {
    conform('GET_RetrieveProductChargeDefinitions', await c.get(`/v1/product-charge-definitions?charge=${w.cFeeId}`));
  });
  it('GET_RetrieveProductChargeDefinition', async () => {
    conform('GET_RetrieveProductChargeDefinition', await c.get(`/v1/product-charge-definitions/${w.cdNumber}`));
  });
  it('PUT_UpdateProductChargeDefinition', async () => {
    conform('PUT_UpdateProductChargeDefinition', await c.put(`/v1/product-charge-definitions/${w.cdId}`, { prices: [{ currency: 'USD', price: 20 }, { currency: 'EUR', price: 19 }] }));
  });
  it('POST_CreateProductChargeDefinitionBulk', async () => {
    const res = await c.post('/v1/product-charge-definitions/bulk', {
      productChargeDefinitions: [
        { productRatePlanChargeId: w.cFeeId, effectiveStartDate: '2026-01-01 00:00:00', effectiveEndDate: '2027-01-01 00:00:00', prices: [{ currency: 'USD', price: 18 }, { currency: 'EUR', price: 17 }] },
        { productRatePlanChargeId: w.cFeeId, effectiveStartDate: '2027-01-01 00:00:00', effectiveEndDate: '2028-01-01 00:00:00', prices: [{ currency: 'USD', price: 19 }, { currency: 'EUR', price: 18 }] },
      ],
    });
    w.cdBulk1 = res.body.chargeDefinitions?.[0]?.chargeDefinitionNumber ?? res.body.chargeDefinitions?.[0]?.productChargeDefinitionNumber;
    conform('POST_CreateProductChargeDefinitionBulk', res);
  });
  it('PUT_UpdateProductChargeDefinitionBulk', async () => {
    conform('PUT_UpdateProductChargeDefinitionBulk', await c.put('/v1/product-charge-definitions/bulk', { productChargeDefinitions: [{ productChargeDefinitionKey: w.cdId, prices: [{ currency: 'USD', price: 30 }, { currency: 'EUR', price: 29 }] }] }));
  });
  it('DELETE_ProductChargeDefnition', async () => {
    conform('DELETE_ProductChargeDefnition', await c.del(`/v1/product-charge-definitions/${w.cdId}`));
  });
});

describe('object API deletes', () => {
  it('Object_DELETEProductRatePlanCharge', async () => {
    conform('Object_DELETEProductRatePlanCharge', await c.del(`/v1/object/product-rate-plan-charge/${w.tieredChargeId}`));
  });
  it('Object_DELETEProductRatePlan', async () => {
    const p = await c.post('/v1/object/product-rate-plan', { ProductId: w.productId, Name: 'Doomed', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    expectSuccess('Object_POSTProductRatePlan', p);
    conform('Object_DELETEProductRatePlan', await c.del(`/v1/object/product-rate-plan/${p.body.Id}`));
  });
  it('Object_DELETEProduct', async () => {
    const p = await c.post('/v1/object/product', { Name: 'Doomed', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    expectSuccess('Object_POSTProduct', p);
    conform('Object_DELETEProduct', await c.del(`/v1/object/product/${p.body.Id}`));
  });
});

surprisesTest();
