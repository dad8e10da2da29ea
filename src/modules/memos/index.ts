import type { ZModule } from '../../platform/module.js';
import { registerAccountBillingPort } from '../accounts/contract.js';
import { memoTables, migrations } from './migrations.js';
import { memoAccountFigures } from './figures.js';

/** Credit memos and debit memos: made from invoices or charges, posted, applied, refunded (issue 10). */
export const memosModule: ZModule = {
  name: 'memos',
  migrations,
  tenantTables: memoTables,
  join() {
    // unapplied credit memo amounts and debit memo balances
    registerAccountBillingPort(memoAccountFigures);
  },
};
