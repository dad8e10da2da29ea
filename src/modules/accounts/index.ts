import type { ZModule } from '../../platform/module.js';
import { registerSequenceSetUsageCheck } from '../sequence-sets/service.js';
import { checkAccountPaymentTerm } from '../settings/contract.js';
import { accountsMigrations } from './migrations.js';
import { registerRoutes } from './routes.js';
import { registerPaymentTermCheck } from './service.js';
import { accountUsingSequenceSet } from './store.js';
import { accountQueryObjects } from './query-objects.js';
import { registerQueryObjects } from '../queries/contract.js';

// A sequence set that an account uses cannot be deleted.
registerSequenceSetUsageCheck('accounts', async (ctx, id) => {
  const number = await accountUsingSequenceSet(ctx, id);
  return number ? `account ${number}` : undefined;
});

/** Customer accounts: create, read, update, delete, summary, payment method settings. */
export const accountsModule: ZModule = {
  name: 'accounts',
  migrations: accountsMigrations,
  tenantTables: ['accounts'],
  routes: (app) => {
    // An account's paymentTerm must name an active payment term of the tenant (settings module).
    registerPaymentTermCheck(checkAccountPaymentTerm);
    registerQueryObjects(accountQueryObjects);
    return registerRoutes(app);
  },
};
