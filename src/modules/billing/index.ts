import { addOnce, type ZModule } from '../../platform/module.js';
import { orderPreviewBuilders } from '../subscriptions/contract.js';
import { migrations } from './migrations.js';
import { billingDocsPreviewBuilder } from './preview.js';
import { registerRoutes } from './routes.js';

/**
 * Billing: the billing engine (engine.ts over the pure rating engine in rating/), billing previews (one
 * account, preview runs, the order preview's invoices and credit memos). When it joins the app it adds its
 * builder to the order preview.
 */
export const billingModule: ZModule = {
  name: 'billing',
  migrations,
  tenantTables: ['billing_preview_runs', 'billing_files'],
  join: () => addOnce(orderPreviewBuilders, billingDocsPreviewBuilder),
  routes: registerRoutes,
};
