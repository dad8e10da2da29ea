import type { ZModule } from '../../platform/module.js';
import { registerAccountBillingPort } from '../accounts/contract.js';
import { setBilledLedger, type BilledLedger } from '../billing/contract.js';
import { invoiceTables, migrations } from './migrations.js';
import { invoiceQueryObjects } from './query-objects.js';
import { registerRoutes } from './routes.js';
import { registerQueryObjects } from '../queries/contract.js';
import { accountFigures, billedItems } from './service.js';

/** What is billed, as the billing engine reads it (one object, so registering it again changes nothing). */
const ledger: BilledLedger = { billedItems };

/** Invoices and their items (and the credit memos a net negative bill run result makes). */
export const invoicesModule: ZModule = {
  name: 'invoices',
  migrations,
  tenantTables: invoiceTables,
  join() {
    setBilledLedger(ledger);
    // The account's balance, total invoice balance, last invoice date and the summary's invoices.
    registerAccountBillingPort(accountFigures);
    // Invoice and InvoiceItem in ZOQL, describe and object query
    registerQueryObjects(invoiceQueryObjects);
  },
  routes: registerRoutes,
};
