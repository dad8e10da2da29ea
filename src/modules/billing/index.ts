import { addOnce, type ZModule } from '../../platform/module.js';
import { billCycleDayChangedHooks } from '../accounts/contract.js';
import { invoiceDeletedHooks } from '../invoices/contract.js';
import { orderPreviewBuilders, orderProcessedHooks } from '../subscriptions/contract.js';
import { billRunMigrations, billRunTables } from './bill-run-migrations.js';
import { registerBillRunRoutes } from './bill-run-routes.js';
import { BILL_RUN_JOB, executeBillRun, runScheduledBillRuns } from './bill-runs.js';
import { migrations } from './migrations.js';
import { recordBillCycleDayChange } from './bill-cycle.js';
import { recordInvoiceDeletion } from './operations.js';
import { runBillingHook } from './order-billing.js';
import { billingDocsPreviewBuilder } from './preview.js';
import { billingQueryObjects } from './query-objects.js';
import { registerRoutes } from './routes.js';
import { registerQueryObjects } from '../queries/contract.js';

/**
 * Billing: the billing engine (engine.ts over the pure rating engine in rating/), billing previews (one
 * account, preview runs, the order preview's invoices and credit memos). When it joins the app it adds its
 * builder to the order preview.
 */
export const billingModule: ZModule = {
  name: 'billing',
  migrations: { ...migrations, ...billRunMigrations },
  tenantTables: ['billing_preview_runs', 'billing_files', 'operation_jobs', 'bill_cycle_day_changes', ...billRunTables],
  join: () => {
    addOnce(orderPreviewBuilders, billingDocsPreviewBuilder);
    // processingOptions.runBilling of POST /v1/orders
    addOnce(orderProcessedHooks, runBillingHook);
    // GET /v1/operations/jobs/{jobId} of an invoice's deletion
    addOnce(invoiceDeletedHooks, recordInvoiceDeletion);
    // an account's bill cycle day changes: what was billed keeps its periods
    addOnce(billCycleDayChangedHooks, recordBillCycleDayChange);
    // BillRun in ZOQL, describe and object query
    registerQueryObjects(billingQueryObjects);
  },
  routes: async (app) => {
    await registerRoutes(app);
    registerBillRunRoutes(app);
  },
  // an ad hoc bill run is billed by a job; scheduled ones fall due on the tenant clock
  jobs: { [BILL_RUN_JOB]: (ctx, payload: { billRunId: string }) => executeBillRun(ctx, payload.billRunId) },
  dueWork: [{ name: 'scheduled-bill-runs', run: (ctx, date) => runScheduledBillRuns(ctx, date.toString()) }],
};
