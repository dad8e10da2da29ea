/** The Account object of the query model (ZOQL, describe, object query), over the accounts table. */
import { qf, type QueryObject } from '../queries/contract.js';
import { accountObjectActions } from './object-actions.js';

/** The JSON list of additional email addresses, as Zuora's comma-separated string. */
function emails(raw: unknown): string | null {
  try {
    const list = JSON.parse(String(raw ?? '[]')) as string[];
    return list.length ? list.join(',') : null;
  } catch {
    return null;
  }
}

export const accountQueryObjects: QueryObject[] = [
  {
    name: 'Account',
    path: 'accounts',
    operationIds: ['queryAccounts', 'queryAccountByKey'],
    table: 'accounts',
    customFields: 'custom_fields',
    fixed: { deleted: 0 },
    numberField: 'AccountNumber',
    // POST /v1/action/update and delete (object-actions.ts; create answers 501)
    actions: accountObjectActions,
    fields: [
      qf.id('Id', 'id'),
      qf.text('AccountNumber', 'account_number', { createable: true, updateable: true }),
      qf.computed('AdditionalEmailAddresses', 'text', (r) => emails(r.additional_email_addresses), { createable: true, updateable: true }),
      qf.bool('AutoPay', 'auto_pay', { createable: true, updateable: true }),
      qf.text('Batch', 'batch', { createable: true, updateable: true }),
      qf.int('BillCycleDay', 'bill_cycle_day', { createable: true, updateable: true }),
      qf.id('BillToId', 'bill_to_contact_id', { createable: true, updateable: true }),
      qf.text('CommunicationProfileId', 'communication_profile_id', { createable: true, updateable: true }),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('CreditMemoTemplateId', 'credit_memo_template_id', { createable: true, updateable: true }),
      qf.text('CrmId', 'crm_id', { createable: true, updateable: true }),
      qf.text('Currency', 'currency', { createable: true }),
      qf.text('CustomerServiceRepName', 'customer_service_rep_name', { createable: true, updateable: true }),
      qf.text('DebitMemoTemplateId', 'debit_memo_template_id', { createable: true, updateable: true }),
      qf.id('DefaultPaymentMethodId', 'default_payment_method_id', { updateable: true }),
      qf.bool('InvoiceDeliveryPrefsEmail', 'invoice_delivery_prefs_email', { createable: true, updateable: true }),
      qf.bool('InvoiceDeliveryPrefsPrint', 'invoice_delivery_prefs_print', { createable: true, updateable: true }),
      qf.text('InvoiceTemplateId', 'invoice_template_id', { createable: true, updateable: true }),
      qf.date('LastBookingDate', 'last_booking_date'),
      qf.text('Name', 'name', { createable: true, updateable: true }),
      qf.text('Notes', 'notes', { createable: true, updateable: true }),
      qf.id('ParentId', 'parent_id', { createable: true, updateable: true }),
      qf.bool('PartnerAccount', 'partner_account', { createable: true, updateable: true }),
      qf.text('PaymentGateway', 'payment_gateway', { createable: true, updateable: true }),
      qf.text('PaymentTerm', 'payment_term', { createable: true, updateable: true }),
      qf.text('PurchaseOrderNumber', 'purchase_order_number', { createable: true, updateable: true }),
      qf.text('SalesRepName', 'sales_rep', { createable: true, updateable: true }),
      qf.id('SequenceSetId', 'sequence_set_id', { createable: true, updateable: true }),
      qf.id('ShipToId', 'ship_to_contact_id', { createable: true, updateable: true }),
      qf.id('SoldToId', 'sold_to_contact_id', { createable: true, updateable: true }),
      qf.pick('Status', 'status', ['Draft', 'Active', 'Canceled'], { createable: true, updateable: true }),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [
      { name: 'billto', property: 'billTo', object: 'Contact', cardinality: 'one', localField: 'BillToId', remoteField: 'Id', joinName: 'BillToContact', label: 'Bill To' },
      { name: 'soldto', property: 'soldTo', object: 'Contact', cardinality: 'one', localField: 'SoldToId', remoteField: 'Id', joinName: 'SoldToContact', label: 'Sold To' },
      { name: 'shipto', property: 'shipTo', object: 'Contact', cardinality: 'one', localField: 'ShipToId', remoteField: 'Id', joinName: 'ShipToContact', label: 'Ship To' },
      { name: 'subscriptions', property: 'subscriptions', object: 'Subscription', cardinality: 'many', localField: 'Id', remoteField: 'AccountId' },
      { name: 'usages', property: 'usages', object: 'Usage', cardinality: 'many', localField: 'Id', remoteField: 'AccountId' },
    ],
  },
];
