import type { ZModule } from '../../platform/module.js';
import { registerNewAccountPaymentMethods, registerPaymentMethodLookup } from '../accounts/service.js';
import { migrations } from './migrations.js';
import { registerObjectRoutes } from './object-routes.js';
import { paymentMethodQueryObjects } from './query-objects.js';
import { registerRoutes } from './routes.js';
import { registerQueryObjects } from '../queries/contract.js';
import { attachToNewAccount, createPaymentMethod, creditCardBody, liveIdsOfAccount } from './service.js';

/**
 * Payment methods of every type, the tenant's test gateway, an account's payment methods and
 * default, and the payment method fields of POST /v1/accounts.
 */
export const paymentMethodsModule: ZModule = {
  name: 'payment-methods',
  migrations,
  tenantTables: ['payment_methods'],
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
  },
  routes(app) {
    registerRoutes(app);
    registerObjectRoutes(app);
  },
};
