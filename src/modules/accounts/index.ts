import type { ZModule } from '../../platform/module.js';
import { accountsMigrations } from './migrations.js';
import { registerRoutes } from './routes.js';

/** Customer accounts: create, read, update, delete, summary, payment method settings. */
export const accountsModule: ZModule = {
  name: 'accounts',
  migrations: accountsMigrations,
  tenantTables: ['accounts'],
  routes: registerRoutes,
};
