import { addOnce, type ZModule } from '../../platform/module.js';
import { registerAccountBillingPort } from '../accounts/contract.js';
import { billingDocumentSources, invoiceApplicationPartsSources, invoiceSettledAmountsSources, registerBillingCreditMemos } from '../invoices/contract.js';
import { autoApplyUponPosting, creditMemoAmountOf, creditMemoPartsOnTarget } from './apply.js';
import { billingCreditMemos } from './billing.js';
import { memoBillingDocuments } from './billing-documents.js';
import { memoAccountFigures } from './figures.js';
import { memoTables, migrations } from './migrations.js';
import { memoQueryObjects } from './query-objects.js';
import { memoApplicationQueryObjects } from './application-query-objects.js';
import { registerRoutes } from './routes.js';
import { registerBulkRoutes } from './routes-bulk.js';
import { memoJobs } from './bulk.js';
import { registerQueryObjects } from '../queries/contract.js';
import { afterPostHooks } from './service.js';

/**
 * Credit memos and debit memos (issue 10): made from invoices, charges or a bill run's net negative
 * result, posted, applied to invoices and debit memos item by item, refunded, reversed, written off.
 */
export const memosModule: ZModule = {
  name: 'memos',
  migrations,
  tenantTables: memoTables,
  join() {
    // the credit memos of bill runs, made and moved through invoiceWriter
    registerBillingCreditMemos(billingCreditMemos);
    // unapplied credit memo amounts and debit memo balances in the account's figures
    registerAccountBillingPort(memoAccountFigures);
    // an invoice's creditMemoAmount
    addOnce(invoiceSettledAmountsSources, creditMemoAmountOf);
    // the credit memos applied to an invoice (GET /v1/invoices/{key}/application-parts)
    addOnce(invoiceApplicationPartsSources, creditMemoPartsOnTarget);
    // the account's memos in GET /v1/billing-documents
    addOnce(billingDocumentSources, memoBillingDocuments);
    // "apply to this invoice upon posting"
    addOnce(afterPostHooks, autoApplyUponPosting);
    // CreditMemo, CreditMemoItem, DebitMemo, DebitMemoItem in ZOQL, describe and object query
    registerQueryObjects(memoQueryObjects);
    // CreditMemoApplication (object query credit-memo-applications)
    registerQueryObjects(memoApplicationQueryObjects);
  },
  routes(app) {
    registerRoutes(app);
    registerBulkRoutes(app);
  },
  jobs: memoJobs,
};
