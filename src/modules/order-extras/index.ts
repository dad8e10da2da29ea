import { addOnce, type ZModule } from '../../platform/module.js';
import { orderDeletedHooks, orderDeletionGuards, orderProcessedHooks, subscriptionChangedHooks } from '../subscriptions/contract.js';
import { onOrderDeleted, onOrderProcessed, onSubscriptionChanged, orderDeletionGuard } from './hooks.js';
import { migrations, tenantTables } from './migrations.js';
import { registerRoutes } from './routes.js';
import { orderExtrasQueryObjects } from './query-objects.js';
import { registerQueryObjects } from '../queries/contract.js';

/**
 * The periphery of orders and subscriptions: order line items and fulfillments,
 * ramps and ramp metrics, subscription change history, omnichannel
 * subscriptions and sign-up. Plugs into the orders engine through its hooks.
 */
export const orderExtrasModule: ZModule = {
  name: 'order-extras',
  migrations,
  tenantTables,
  join() {
    addOnce(orderProcessedHooks, onOrderProcessed);
    addOnce(orderDeletedHooks, onOrderDeleted);
    addOnce(orderDeletionGuards, orderDeletionGuard);
    addOnce(subscriptionChangedHooks, onSubscriptionChanged);
    registerQueryObjects(orderExtrasQueryObjects);
  },
  routes: registerRoutes,
};
