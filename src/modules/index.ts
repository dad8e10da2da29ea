import type { ZModule } from '../platform/module.js';
import { accountingCodesModule } from './accounting-codes/index.js';
import { accountsModule } from './accounts/index.js';
import { attachmentsModule } from './attachments/index.js';
import { billingModule } from './billing/index.js';
import { bulkDataModule } from './bulk-data/index.js';
import { catalogModule } from './catalog/index.js';
import { contactsModule } from './contacts/index.js';
import { customObjectsModule } from './custom-objects/index.js';
import { documentsModule } from './documents/index.js';
import { invoiceSchedulesModule } from './invoice-schedules/index.js';
import { invoicesModule } from './invoices/index.js';
import { memosModule } from './memos/index.js';
import { orderExtrasModule } from './order-extras/index.js';
import { queriesModule } from './queries/index.js';
import { paymentMethodsModule } from './payment-methods/index.js';
import { paymentExtrasModule } from './payment-extras/index.js';
import { paymentsModule } from './payments/index.js';
import { paymentTransactionLogsModule } from './payment-transaction-logs/index.js';
import { paymentSchedulesModule } from './payment-schedules/index.js';
import { paymentRetryModule } from './payment-retry/index.js';
import { summaryStatementsModule } from './summary-statements/index.js';
import { sequenceSetsModule } from './sequence-sets/index.js';
import { settingsModule } from './settings/index.js';
import { subscriptionsModule } from './subscriptions/index.js';
import { taxModule } from './tax/index.js';
import { usageModule } from './usage/index.js';

/**
 * Every business module, in dependency order: a module may use the services of
 * the modules above it. Tenant reset empties tables in the reverse order.
 */
export const MODULES: ZModule[] = [
  sequenceSetsModule,
  settingsModule,
  accountingCodesModule,
  contactsModule,
  accountsModule,
  paymentMethodsModule,
  catalogModule,
  subscriptionsModule,
  usageModule,
  invoicesModule,
  billingModule,
  invoiceSchedulesModule,
  memosModule,
  taxModule,
  paymentsModule,
  // reads payments through their contract (the gateway call of an electronic payment)
  paymentTransactionLogsModule,
  paymentExtrasModule,
  paymentSchedulesModule,
  paymentRetryModule,
  documentsModule,
  // files tied to accounts, invoices, subscriptions and memos (read through their contracts), served by billing's Files route
  attachmentsModule,
  // statements of account activity, their PDFs through the documents contract
  summaryStatementsModule,
  orderExtrasModule,
  customObjectsModule,
  // writes through the queries registry's actions when a job runs (not at join time)
  bulkDataModule,
  // reads every module's query objects: keep it last
  queriesModule,
];
