import type { ZModule } from '../../platform/module.js';
import { migrations } from './migrations.js';
import { registerRoutes } from './routes.js';
import { usageQueryObjects } from './query-objects.js';
import { processedUsageQueryObjects } from './processed-query-objects.js';
import { registerQueryObjects } from '../queries/contract.js';

/** Usage: usage records (object API and file uploads), kept Pending until the billing engine rates them. */
export const usageModule: ZModule = {
  name: 'usage',
  migrations,
  tenantTables: ['usages', 'usage_imports'],
  join() {
    registerQueryObjects(usageQueryObjects);
    // ProcessedUsage (object query processed-usages)
    registerQueryObjects(processedUsageQueryObjects);
  },
  routes: registerRoutes,
};
