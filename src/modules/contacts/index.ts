import type { ZModule } from '../../platform/module.js';
import { contactsMigrations } from './migrations.js';
import { registerRoutes } from './routes.js';
import { contactQueryObjects } from './query-objects.js';
import { registerQueryObjects } from '../queries/contract.js';

/** Contacts of customer accounts and their immutable snapshots. */
export const contactsModule: ZModule = {
  name: 'contacts',
  migrations: contactsMigrations,
  tenantTables: ['contact_snapshots', 'contacts'],
  join() {
    registerQueryObjects(contactQueryObjects);
  },
  routes: registerRoutes,
};
