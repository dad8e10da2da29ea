/**
 * The PaymentMethod object of the query model (ZOQL, describe, object query `payment-methods`), over the
 * payment_methods table: the fields of Zuora's PaymentMethod object (ExpandedPaymentMethod schema), read the
 * way the object API (/v1/object/payment-method) shows them. A field whose meaning depends on the type (the
 * card's or bank's holder address, the mask number) is computed and not filterable; the ones held in one
 * place for every type are filterable. Only masked numbers are stored, so only masked numbers are shown.
 */
import { qf, type QueryObject, type QueryRow } from '../queries/contract.js';
import { paymentMethodObjectActions } from './object-routes.js';
import { isBankTransfer } from './types.js';

function parsed(r: QueryRow, col: string): Record<string, unknown> {
  try {
    return JSON.parse(String(r[col] ?? '{}')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const t = (r: QueryRow) => String(r.type);
const isCard = (r: QueryRow) => t(r) === 'CreditCard' || t(r) === 'CreditCardReferenceTransaction';
/** A value of the details or holder JSON, only for the types the predicate accepts. */
const when =
  (ok: (r: QueryRow) => boolean, col: 'details' | 'holder', key: string) =>
  (r: QueryRow): unknown =>
    ok(r) ? (parsed(r, col)[key] ?? null) : null;

/** The object API's Type: PayPal for both PayPal types, BankTransfer for the bank transfer types. */
function wireType(r: QueryRow): string {
  const x = t(r);
  return x.startsWith('PayPal') ? 'PayPal' : isBankTransfer(x) ? 'BankTransfer' : x;
}

const rw = { createable: true, updateable: true };
const holderOfCard = (name: string, key: string) => qf.computed(name, 'text', when(isCard, 'holder', key), rw);
const ach = (r: QueryRow) => t(r) === 'ACH';
const achField = (name: string, col: 'details' | 'holder', key: string) => qf.computed(name, 'text', when(ach, col, key), rw);

export const paymentMethodQueryObjects: QueryObject[] = [
  {
    name: 'PaymentMethod',
    label: 'Payment Method',
    path: 'payment-methods',
    operationIds: ['queryPaymentMethods', 'queryPaymentMethodByKey'],
    table: 'payment_methods',
    customFields: 'custom_fields',
    fixed: { deleted: 0 },
    // POST /v1/action/create, update, delete: the object API's translation and rules
    actions: paymentMethodObjectActions,
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id', rw),
      achField('AchAbaCode', 'details', 'bankABACode'),
      achField('AchAccountName', 'details', 'bankAccountName'),
      qf.computed('AchAccountNumberMask', 'text', when(ach, 'details', 'bankAccountNumber')),
      achField('AchAccountType', 'details', 'bankAccountType'),
      achField('AchAddress1', 'holder', 'addressLine1'),
      achField('AchAddress2', 'holder', 'addressLine2'),
      achField('AchBankName', 'details', 'bankName'),
      achField('AchCity', 'holder', 'city'),
      achField('AchCountry', 'holder', 'country'),
      achField('AchPostalCode', 'holder', 'zipCode'),
      achField('AchState', 'holder', 'state'),
      qf.computed('Active', 'boolean', (r) => r.status === 'Active'),
      qf.jsonText('BankCode', 'details', 'bankCode'),
      qf.jsonText('BankIdentificationNumber', 'details', 'bankIdentificationNumber'),
      qf.computed('BankTransferAccountName', 'text', when((r) => isBankTransfer(t(r)), 'holder', 'accountHolderName')),
      qf.computed('BankTransferAccountNumberMask', 'text', (r) => (isBankTransfer(t(r)) ? (parsed(r, 'details').accountNumber ?? parsed(r, 'details').IBAN ?? null) : null)),
      qf.jsonText('BankTransferType', 'details', 'bankTransferType'),
      qf.jsonText('BusinessIdentificationCode', 'details', 'businessIdentificationCode'),
      qf.text('CreatedById', 'created_by'),
      qf.datetime('CreatedDate', 'created_at'),
      holderOfCard('CreditCardAddress1', 'addressLine1'),
      holderOfCard('CreditCardAddress2', 'addressLine2'),
      holderOfCard('CreditCardCity', 'city'),
      holderOfCard('CreditCardCountry', 'country'),
      qf.computed('CreditCardExpirationMonth', 'integer', (r) => (t(r) === 'CreditCard' ? (parsed(r, 'details').expirationMonth ?? null) : null), rw),
      qf.computed('CreditCardExpirationYear', 'integer', (r) => (t(r) === 'CreditCard' ? (parsed(r, 'details').expirationYear ?? null) : null), rw),
      holderOfCard('CreditCardHolderName', 'accountHolderName'),
      qf.computed('CreditCardMaskNumber', 'text', (r) => {
        const d = parsed(r, 'details');
        return t(r) === 'CreditCard' ? (d.cardNumber ?? null) : t(r) === 'CreditCardReferenceTransaction' ? (d.creditCardMaskNumber ?? null) : null;
      }),
      holderOfCard('CreditCardPostalCode', 'zipCode'),
      holderOfCard('CreditCardState', 'state'),
      qf.jsonText('CreditCardType', 'details', 'creditCardType', { createable: true }),
      qf.jsonText('Email', 'holder', 'email', rw),
      qf.jsonText('IBAN', 'details', 'IBAN', { wireName: 'iBAN' }),
      qf.text('IPAddress', 'ip_address', { ...rw, wireName: 'iPAddress' }),
      qf.jsonText('IdentityNumber', 'details', 'identityNumber'),
      qf.datetime('LastFailedSaleTransactionDate', 'last_failed_sale_at'),
      qf.datetime('LastTransactionDateTime', 'last_transaction_at'),
      qf.text('LastTransactionStatus', 'last_transaction'),
      qf.int('MaxConsecutivePaymentFailures', 'max_consecutive_payment_failures', rw),
      qf.int('NumConsecutiveFailures', 'num_consecutive_failures'),
      qf.pick('PaymentMethodStatus', 'status', ['Active', 'Closed', 'Scrubbed']),
      qf.int('PaymentRetryWindow', 'payment_retry_window', rw),
      qf.computed('PaypalBaid', 'text', when((r) => t(r) === 'PayPalEC', 'details', 'BAID'), { createable: true }),
      qf.computed('PaypalEmail', 'text', when((r) => t(r).startsWith('PayPal'), 'details', 'email'), { createable: true }),
      qf.computed('PaypalPreapprovalKey', 'text', when((r) => t(r) === 'PayPalAdaptive', 'details', 'preapprovalKey'), { createable: true }),
      qf.computed('PaypalType', 'picklist', (r) => (t(r) === 'PayPalEC' ? 'ExpressCheckout' : t(r) === 'PayPalAdaptive' ? 'AdaptivePayments' : null), { createable: true, values: ['ExpressCheckout', 'AdaptivePayments'] }),
      qf.jsonText('Phone', 'holder', 'phone', rw),
      qf.jsonText('SecondTokenId', 'details', 'secondTokenId', { createable: true }),
      qf.jsonText('TokenId', 'details', 'tokenId', { createable: true }),
      qf.int('TotalNumberOfErrorPayments', 'total_error_payments'),
      qf.int('TotalNumberOfProcessedPayments', 'total_processed_payments'),
      // The stored type is filterable as Zuora names it where the names are one to one (PayPal: Express Checkout).
      { ...qf.text('Type', 'type', { createable: true, stored: { PayPal: 'PayPalEC' } }), read: wireType, filterable: true },
      qf.text('UpdatedById', 'updated_by'),
      qf.datetime('UpdatedDate', 'updated_at'),
      qf.bool('UseDefaultRetryRule', 'use_default_retry_rule', rw),
    ],
    relations: [{ name: 'account', property: 'account', object: 'Account', cardinality: 'one', localField: 'AccountId', remoteField: 'Id' }],
  },
];
