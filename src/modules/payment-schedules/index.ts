import type { ZModule } from '../../platform/module.js';
import { registerQueryObjects } from '../queries/contract.js';
import { migrations, paymentScheduleTables } from './migrations.js';
import { paymentScheduleQueryObjects } from './query-objects.js';
import { registerRoutes } from './routes.js';
import { COLLECT_JOB, collectJob, runDueItems } from './service.js';

/**
 * Payment schedules: items that collect payments of an account on their dates (through the payments
 * contract), as due work of the tenant clock and a job at each item's run hour. When it joins the app it
 * registers the PaymentSchedule and PaymentScheduleItem query objects.
 */
export const paymentSchedulesModule: ZModule = {
  name: 'payment-schedules',
  migrations,
  tenantTables: paymentScheduleTables,
  join: () => registerQueryObjects(paymentScheduleQueryObjects),
  routes: async (app) => registerRoutes(app),
  dueWork: [{ name: 'payment-schedule-items', run: (ctx, date) => runDueItems(ctx, date.toString()) }],
  jobs: { [COLLECT_JOB]: (ctx, payload: { itemId: string; dueAt: string }) => collectJob(ctx, payload) },
};
