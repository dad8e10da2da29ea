import { addOnce, type ZModule } from '../../platform/module.js';
import { registerScheduledChargeFilter, registerScheduledItemsBiller } from '../billing/contract.js';
import { registerQueryObjects } from '../queries/contract.js';
import { orderDeletionGuards, orderProcessedHooks } from '../subscriptions/contract.js';
import { invoiceScheduleTables, migrations } from './migrations.js';
import { invoiceScheduleQueryObjects } from './query-objects.js';
import { registerRoutes } from './routes.js';
import { billItemsInBillRun, heldCharges, onOrderProcessed, orderDeletionGuard, runDueSchedules } from './service.js';

/**
 * Invoice schedules: items that bill the charges of orders and subscriptions on their run dates. When it joins
 * the app it tells billing which charges its schedules hold (bill runs leave them out) and bills their due items
 * within bill runs, and registers the
 * InvoiceSchedule and InvoiceScheduleItem query objects.
 */
export const invoiceSchedulesModule: ZModule = {
  name: 'invoice-schedules',
  migrations,
  tenantTables: invoiceScheduleTables,
  join: () => {
    registerScheduledChargeFilter(heldCharges);
    // a bill run for an account bills its schedules' items due by its target date
    registerScheduledItemsBiller(billItemsInBillRun);
    // an order holding a schedule's charges cannot be deleted; an order changing them updates a Pending schedule
    addOnce(orderDeletionGuards, orderDeletionGuard);
    addOnce(orderProcessedHooks, onOrderProcessed);
    registerQueryObjects(invoiceScheduleQueryObjects);
  },
  routes: async (app) => registerRoutes(app),
  dueWork: [{ name: 'invoice-schedule-items', run: (ctx, date) => runDueSchedules(ctx, date.toString()) }],
};
