import { addOnce, type ZModule } from '../../platform/module.js';
import { registerAccountBillingPort } from '../accounts/contract.js';
import { invoiceApplicationPartsSources, invoiceSettledAmountsSources } from '../invoices/contract.js';
import { debitMemoApplicationPartsSources } from '../memos/contract.js';
import { paymentAccountFigures, paymentPartsOnDocument, paymentsOnInvoice } from './figures.js';
import { migrations, paymentTables } from './migrations.js';
import { paymentRunMigrations, paymentRunTables } from './payment-run-migrations.js';
import { registerPaymentRunRoutes } from './payment-run-routes.js';
import { executePaymentRun, PAYMENT_RUN_JOB } from './payment-runs.js';
import { registerObjectRoutes } from './object-routes.js';
import { paymentQueryObjects } from './query-objects.js';
import { paymentApplicationQueryObjects } from './application-query-objects.js';
import { paymentRunQueryObjects } from './payment-run-query-objects.js';
import { registerRoutes } from './routes.js';
import { registerQueryObjects } from '../queries/contract.js';

/**
 * Payments and refunds (issue 11 §2): external and electronic payments (the tenant's test gateway),
 * applied to invoices and debit memos through the memos module's settlement port, unapplied,
 * transferred, canceled, refunded; gateway reconciliation of payments and refunds.
 */
export const paymentsModule: ZModule = {
  name: 'payments',
  migrations: { ...migrations, ...paymentRunMigrations },
  tenantTables: [...paymentRunTables, ...paymentTables],
  // payment runs: executed by a job due at once (targetDate) or at the run hour on the tenant clock (runDate)
  jobs: { [PAYMENT_RUN_JOB]: (ctx, payload: { paymentRunId: string }) => executePaymentRun(ctx, payload.paymentRunId) },
  join() {
    // the account's unapplied payment amount, its balance net of it, last payment, the summary's payments
    registerAccountBillingPort(paymentAccountFigures);
    // GET /v1/invoices/{key}: paymentAmount
    addOnce(invoiceSettledAmountsSources, paymentsOnInvoice);
    // the payments applied to an invoice or a debit memo (their GET …/application-parts)
    addOnce(invoiceApplicationPartsSources, paymentPartsOnDocument);
    addOnce(debitMemoApplicationPartsSources, paymentPartsOnDocument);
    // Payment and Refund in ZOQL, describe and object query
    registerQueryObjects(paymentQueryObjects);
    // PaymentApplication, RefundApplication, RefundApplicationItem (object query)
    registerQueryObjects(paymentApplicationQueryObjects);
    // PaymentRun (object query)
    registerQueryObjects(paymentRunQueryObjects);
  },
  routes(app) {
    registerRoutes(app);
    registerObjectRoutes(app);
    registerPaymentRunRoutes(app);
  },
};
