import { registerCustomFieldAdmin, registerCustomFieldDefinitionSource } from '../../platform/custom-fields.js';
import type { ZModule } from '../../platform/module.js';
import { migrations } from './migrations.js';
import { registerQueryObjectSource } from '../queries/contract.js';
import { customQueryObject } from './query-objects.js';
import { registerRoutes } from './routes.js';
import { allStandardFieldsView, deleteStandardFields, replaceStandardFields, standardDefinitions, standardFieldsView, standardObject } from './service.js';

/**
 * Custom objects (definitions, records, batch actions) and the custom field definitions of the standard
 * objects, which every module's reads and writes follow through src/platform/custom-fields.ts.
 */
export const customObjectsModule: ZModule = {
  name: 'custom-objects',
  migrations,
  tenantTables: ['custom_object_records', 'custom_object_definitions'],
  // definitions are configuration: a tenant that only defined fields or objects may still move its clock back
  configTables: ['custom_object_definitions'],
  join() {
    registerCustomFieldDefinitionSource(standardDefinitions);
    // object query /object-query/default__{object}s over the tenant's records
    registerQueryObjectSource(customQueryObject);
    registerCustomFieldAdmin({
      list: allStandardFieldsView,
      get: (ctx, object) => standardFieldsView(ctx, standardObject(object)),
      put: (ctx, object, body) => replaceStandardFields(ctx, standardObject(object), body),
      remove: (ctx, object) => deleteStandardFields(ctx, standardObject(object)),
    });
  },
  routes: registerRoutes,
};
