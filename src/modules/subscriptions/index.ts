import { addOnce, type ZModule } from '../../platform/module.js';
import { recordBooking, registerNewAccountSubscription } from '../accounts/service.js';
import { catalogUsageGuards, type CatalogUsageGuard } from '../catalog/contract.js';
import { orderProcessedHooks, type OrderProcessedHook } from './contract.js';
import { subscriptionMigrations, subscriptionTables } from './migrations.js';
import { asyncOrderJobs, runScheduledOrders } from './order-service.js';
import { subscriptionForNewAccount } from './legacy.js';
import { registerRoutes } from './routes.js';
import { renewOrExpire } from './service.js';
import { subscriptionsUsing } from './store.js';
import { subscriptionQueryObjects } from './query-objects.js';
import { amendmentQueryObjects } from './amendment-query-objects.js';
import { registerQueryObjects } from '../queries/contract.js';

// A catalog item a subscription uses cannot be deleted.
const usedBySubscriptions: CatalogUsageGuard = async (ctx, kind, id) => {
  const used = await subscriptionsUsing(ctx, kind, id);
  if (!used.length) return null;
  const what = kind === 'product' ? 'product' : kind === 'ratePlan' ? 'product rate plan' : 'product rate plan charge';
  return `The ${what} ${id} is used by subscription ${used.join(', ')}`;
};


// Each order moves its account's last booking date (GET /v1/accounts/{key}).
const bookOnAccount: OrderProcessedHook = async (ctx, e) => {
  const d = e.request.orderDate;
  if (e.accountId && typeof d === 'string') await recordBooking(ctx, e.accountId, d);
};

export const subscriptionsModule: ZModule = {
  name: 'subscriptions',
  migrations: subscriptionMigrations,
  tenantTables: subscriptionTables,
  join() {
    addOnce(catalogUsageGuards, usedBySubscriptions);
    addOnce(orderProcessedHooks, bookOnAccount);
    registerQueryObjects(subscriptionQueryObjects);
    registerQueryObjects(amendmentQueryObjects);
    // POST /v1/accounts with a subscription block
    registerNewAccountSubscription(subscriptionForNewAccount);
  },
  routes: registerRoutes,
  jobs: asyncOrderJobs,
  dueWork: [
    { name: 'scheduled-orders', run: (ctx, date) => runScheduledOrders(ctx, date.toString()) },
    { name: 'subscription-term-end', run: (ctx, date) => renewOrExpire(ctx, date.toString()) },
  ],
};
