import { addOnce, type ZModule } from '../../platform/module.js';
import { fileSources } from '../billing/contract.js';
import { bulkTables, migrations } from './migrations.js';
import { registerRoutes } from './routes.js';
import { bulkFile, RUN_JOB, runJob } from './service.js';

/**
 * Bulk Data: bulk jobs writing a delimited file's records through each object's own create/update/delete
 * (the `actions` of the queries registry, read when a job runs, so the module need not come after queries),
 * result files served at GET /v1/files/{file-id} through billing's fileSources.
 */
export const bulkDataModule: ZModule = {
  name: 'bulk-data',
  migrations,
  tenantTables: bulkTables,
  join() {
    addOnce(fileSources, bulkFile);
  },
  routes: registerRoutes,
  jobs: { [RUN_JOB]: runJob },
};
