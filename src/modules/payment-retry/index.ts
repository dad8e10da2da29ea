import { addOnce, type ZModule } from '../../platform/module.js';
import { adminTenantReads, adminTenantWrites } from '../../platform/http/admin.js';
import { paymentFailedListeners } from '../payments/contract.js';
import { migrations, paymentRetryTables } from './migrations.js';
import { registerRoutes } from './routes.js';
import { ATTEMPT_JOB, attemptJob, loadConfig, onPaymentFailed, putConfig } from './service.js';

const settingsRead = { path: 'payment-retry/settings', read: loadConfig };
const settingsWrite = { method: 'PUT' as const, path: 'payment-retry/settings', write: async (ctx: Parameters<typeof putConfig>[0], body: unknown) => ({ body: await putConfig(ctx, body) }) };

/**
 * Configurable Payment Retry (issue 11 §3): retry cycles of invoices and debit memos whose electronic payment
 * failed, retried as `payment-retry.attempt` jobs on the tenant clock by the tenant's configuration (customer
 * groups, response code labels, rules per attempt; admin API `/admin/tenants/{id}/payment-retry/settings`).
 * When it joins the app it listens to the payments module's failed payments and adds the settings to the admin API.
 */
export const paymentRetryModule: ZModule = {
  name: 'payment-retry',
  migrations,
  tenantTables: paymentRetryTables,
  join() {
    addOnce(paymentFailedListeners, onPaymentFailed);
    addOnce(adminTenantReads, settingsRead);
    addOnce(adminTenantWrites, settingsWrite);
  },
  routes: async (app) => registerRoutes(app),
  jobs: { [ATTEMPT_JOB]: (ctx, payload: { cycleId: string; dueAt: string }) => attemptJob(ctx, payload) },
};
