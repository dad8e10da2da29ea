import { addOnce, type ZModule } from '../../platform/module.js';
import { registerAccountingCodeReferenceCheck } from '../accounting-codes/service.js';
import { accountingCodeUseCheck } from './charges.js';
import { catalogUsageGuards } from './contract.js';
import { definitionsUsageGuard } from './views/definitions.js';
import { groupsUsageGuard } from './views/groups.js';
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
    // what the views and charges hold keeps catalog items and accounting codes from being deleted
    addOnce(catalogUsageGuards, definitionsUsageGuard);
    addOnce(catalogUsageGuards, groupsUsageGuard);
    registerAccountingCodeReferenceCheck('catalog', accountingCodeUseCheck);
  },
  routes(app) {
    registerObjectRoutes(app);
    registerCatalogApiRoutes(app);
    registerCommerceRoutes(app);
    registerDefinitionsRoutes(app);
    registerGroupsRoutes(app);
  },
};
