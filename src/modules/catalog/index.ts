import type { ZModule } from '../../platform/module.js';
import { registerCommerceRoutes } from './views/commerce-routes.js';
import { registerDefinitionsRoutes } from './views/definitions-routes.js';
import { viewMigrations, viewTenantTables } from './views/extra-migrations.js';
import { registerGroupsRoutes } from './views/groups-routes.js';

/**
 * The product catalog: one model (products, rate plans, charges, pricing, tiers)
 * behind four views: the object API, the catalog API, the definitions API and
 * the Commerce API.
 */
export const catalogModule: ZModule = {
  name: 'catalog',
  migrations: { ...viewMigrations },
  tenantTables: [...viewTenantTables],
  routes(app) {
    registerCommerceRoutes(app);
    registerDefinitionsRoutes(app);
    registerGroupsRoutes(app);
  },
};
