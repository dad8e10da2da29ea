import type { ZModule } from '../../platform/module.js';
import { registerNewAccountPaymentMethods, registerPaymentMethodLookup } from '../accounts/service.js';
import { migrations, paymentMethodTables } from './migrations.js';
import { registerObjectRoutes } from './object-routes.js';
import { paymentMethodQueryObjects } from './query-objects.js';
import { registerRecordRoutes } from './record-routes.js';
import { registerRoutes } from './routes.js';
import { registerQueryObjects } from '../queries/contract.js';
import { attachToNewAccount, createPaymentMethod, creditCardBody, liveIdsOfAccount } from './service.js';
import { paymentMethodSnapshotQueryObjects, paymentMethodTransactionLogQueryObjects } from './snapshot-query-objects.js';

/**
 * Payment methods of every type, the tenant's test gateway, an account's payment methods and
 * default, and the payment method fields of POST /v1/accounts; stored credential profiles,
 * authorizations, snapshots and transaction logs of the gateway calls, Apple Pay domains.
 */
export const paymentMethodsModule: ZModule = {
  name: 'payment-methods',
  migrations,
  tenantTables: paymentMethodTables,
  join() {
    // Accounts check defaultPaymentMethodId and cascading priorities against the account's payment methods.
    registerPaymentMethodLookup(liveIdsOfAccount);
    // POST /v1/accounts: paymentMethod, creditCard and hpmCreditCardPaymentMethodId.
    registerNewAccountPaymentMethods({
      create: (ctx, account, field, body) =>
        createPaymentMethod(ctx, field === 'creditCard' ? creditCardBody(body) : body, { newAccount: account, prefix: `${field}.` }),
      attach: attachToNewAccount,
    });
    // PaymentMethod in ZOQL, describe and object query
    registerQueryObjects(paymentMethodQueryObjects);
    // PaymentMethodSnapshot (object query, ZOQL, describe)
    registerQueryObjects(paymentMethodSnapshotQueryObjects);
    // PaymentMethodTransactionLog (ZOQL, describe)
    registerQueryObjects(paymentMethodTransactionLogQueryObjects);
  },
  routes(app) {
    registerRoutes(app);
    registerObjectRoutes(app);
    registerRecordRoutes(app);
  },
};
