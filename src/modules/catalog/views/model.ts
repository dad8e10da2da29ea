/**
 * The one place where the views reach the catalog model: its service (the
 * rules and the store behind them) and its pure charge rules. Views never
 * touch the model's tables.
 */
export {
  accountingCodeType,
  createCharge,
  createProduct,
  createRatePlan,
  getCharge,
  getProduct,
  getRatePlan,
  getTier,
  listProducts,
  listRatePlans,
  requireCharge,
  requireProduct,
  requireRatePlan,
  updateCharge,
  updateProduct,
  updateRatePlan,
  updateTier,
  type ChargeInput,
  type ChargeRecord,
  type PricingInput,
  type ProductRecord,
  type RatePlanRecord,
} from '../service.js';
export { checkCharge, type Namer, type NeutralPricing } from '../rules.js';
