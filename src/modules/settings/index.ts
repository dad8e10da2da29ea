import type { ZModule } from '../../platform/module.js';
import { settingsMigrations } from './migrations.js';
import { registerRoutes } from './routes.js';

/** Tenant settings through Zuora's Settings API: billing rules and payment terms. */
export const settingsModule: ZModule = {
  name: 'settings',
  migrations: settingsMigrations,
  tenantTables: ['settings_payment_terms', 'settings_values'],
  // Configuration, not business data: changing it does not pin the tenant clock.
  configTables: ['settings_payment_terms', 'settings_values'],
  routes: registerRoutes,
};
