import type { ZModule } from '../../platform/module.js';
import { migrations } from './migrations.js';
import { registerRoutes } from './routes.js';

/** Sequence sets: prefixes and next numbers for invoices, memos, payments and refunds, and the numbering service. */
export const sequenceSetsModule: ZModule = {
  name: 'sequence-sets',
  migrations,
  tenantTables: ['sequence_number_marks', 'sequence_sets'],
  routes: registerRoutes,
};
