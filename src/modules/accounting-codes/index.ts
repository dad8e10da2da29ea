import type { ZModule } from '../../platform/module.js';
import { migrations } from './migrations.js';
import { registerRoutes } from './routes.js';
import { accountingCodeQueryObjects } from './query-objects.js';
import { registerQueryObjects } from '../queries/contract.js';

/** Accounting codes: the chart of accounts that charges, invoices and payments post to. */
export const accountingCodesModule: ZModule = {
  name: 'accounting-codes',
  migrations,
  tenantTables: ['accounting_codes'],
  join() {
    registerQueryObjects(accountingCodeQueryObjects);
  },
  routes: registerRoutes,
};
