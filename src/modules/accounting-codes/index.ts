import type { ZModule } from '../../platform/module.js';
import { migrations } from './migrations.js';
import { registerRoutes } from './routes.js';

/** Accounting codes: the chart of accounts that charges, invoices and payments post to. */
export const accountingCodesModule: ZModule = {
  name: 'accounting-codes',
  migrations,
  tenantTables: ['accounting_codes'],
  routes: registerRoutes,
};
