import { addOnce, type ZModule } from '../../platform/module.js';
import { fileSources } from '../billing/contract.js';
import { AQUA_JOB, aquaFile, runAquaJob } from './aqua.js';
import { aquaMigrations, aquaTables } from './aqua-migrations.js';
import { registerRoutes } from './routes.js';
import { DATA_QUERY_JOB, runDataQueryJob } from './data-query.js';
import { dataQueryMigrations, dataQueryTables } from './data-query-migrations.js';
import { registerQueryObjects } from './contract.js';
import { noRecordObjects } from './prepaid-objects.js';

/** GET /v1/files/{file-id} serves AQuA results through billing's Files route. */
const aquaFileSource = aquaFile;

/**
 * Queries: ZOQL (action query and queryMore), the Actions create/update/delete, describe, the object query
 * API and AQuA over the objects every module registers (contract.ts). It reads and writes the other
 * modules' data only through their declarations; its own tables are AQuA's jobs and result files.
 * It must come after every module that registers objects.
 */
export const queriesModule: ZModule = {
  name: 'queries',
  migrations: { ...aquaMigrations, ...dataQueryMigrations },
  tenantTables: [...dataQueryTables, ...aquaTables],
  join() {
    addOnce(fileSources, aquaFileSource);
    registerQueryObjects(noRecordObjects);
  },
  routes: registerRoutes,
  jobs: { [AQUA_JOB]: runAquaJob, [DATA_QUERY_JOB]: runDataQueryJob },
};
