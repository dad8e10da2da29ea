import type { ZModule } from '../../platform/module.js';
import { registerQueryObjects } from '../queries/contract.js';
import { migrations, summaryStatementTables } from './migrations.js';
import { summaryStatementQueryObjects } from './query-objects.js';
import { registerRoutes } from './routes.js';
import { DELETE_FILES_JOB, executeRun, RUN_JOB, runFilesDeletion } from './service.js';

/**
 * Summary statements (issue 9 §5): runs making an account statement of a period per selected account
 * (figures and a PDF stored through the documents contract), as a job; the SummaryStatementRun and
 * SummaryStatement query objects; and the billing document files deletion jobs.
 */
export const summaryStatementsModule: ZModule = {
  name: 'summary-statements',
  migrations,
  tenantTables: summaryStatementTables,
  join: () => registerQueryObjects(summaryStatementQueryObjects),
  routes: async (app) => registerRoutes(app),
  jobs: {
    [RUN_JOB]: (ctx, payload: { runId: string }) => executeRun(ctx, payload.runId),
    [DELETE_FILES_JOB]: (ctx, payload: { accountIds: string[] }) => runFilesDeletion(ctx, payload.accountIds),
  },
};
