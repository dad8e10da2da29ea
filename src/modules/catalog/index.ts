import type { ZModule } from '../../platform/module.js';
import { registerCatalogApiRoutes } from './catalog-routes.js';
import { catalogMigrations, catalogTables } from './migrations.js';
import { registerObjectRoutes } from './object-routes.js';
import { catalogQueryObjects } from './query-objects.js';
import { registerQueryObjects } from '../queries/contract.js';
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
  migrations: { ...catalogMigrations, ...viewMigrations },
  // the views' tables may refer to the model's, so they are emptied first
  tenantTables: [...viewTenantTables, ...catalogTables],
  join() {
    registerQueryObjects(catalogQueryObjects);
  },
  routes(app) {
    registerObjectRoutes(app);
    registerCatalogApiRoutes(app);
    registerCommerceRoutes(app);
    registerDefinitionsRoutes(app);
    registerGroupsRoutes(app);
  },
};
