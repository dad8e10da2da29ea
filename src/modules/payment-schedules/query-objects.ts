/**
 * The PaymentSchedule and PaymentScheduleItem objects of the query model (object query
 * `payment-schedules`, `payment-schedule-items`; ZOQL; describe), over this module's tables, with the
 * names of the object query pages' samples (queryPaymentSchedules, queryPaymentScheduleItems).
 * InvoiceId is the first billing document when it is an invoice (the samples' field).
 */
import { qf, type QueryObject } from '../queries/contract.js';

const firstInvoice = (json: unknown): string | null => {
  if (typeof json !== 'string' || !json) return null;
  const v = JSON.parse(json) as { id: string; type: string } | Array<{ id: string; type: string }>;
  const d = Array.isArray(v) ? v[0] : v;
  return d && d.type === 'Invoice' ? d.id : null;
};

export const paymentScheduleQueryObjects: QueryObject[] = [
  {
    name: 'PaymentSchedule',
    label: 'Payment Schedule',
    path: 'payment-schedules',
    operationIds: ['queryPaymentSchedules', 'queryPaymentScheduleByKey'],
    table: 'payment_schedules',
    numberField: 'Number',
    customFields: 'custom_fields',
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id'),
      qf.text('CreatedById', 'created_by'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('Description', 'description'),
      qf.computed('InvoiceId', 'text', (r) => firstInvoice(r.billing_documents), { filterable: false }),
      qf.bool('IsCustom', 'is_custom'),
      qf.text('Number', 'number'),
      qf.int('Occurrences', 'occurrences'),
      qf.pick('Period', 'period', ['Monthly', 'Weekly', 'BiWeekly']),
      qf.computed('Prepayment', 'boolean', () => false, { filterable: false }),
      qf.int('RunHour', 'run_hour'),
      qf.date('StartDate', 'start_date'),
      qf.pick('Status', 'status', ['Active', 'Canceled', 'Completed']),
      qf.dec('TotalAmount', 'total_amount'),
      qf.int('TotalPaymentsErrored', 'errored_count'),
      qf.int('TotalPaymentsProcessed', 'processed_count'),
      qf.text('UpdatedById', 'updated_by'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [
      { name: 'account', property: 'account', object: 'Account', cardinality: 'one', localField: 'AccountId', remoteField: 'Id' },
      { name: 'paymentscheduleitems', property: 'paymentScheduleItems', object: 'PaymentScheduleItem', cardinality: 'many', localField: 'Id', remoteField: 'PaymentScheduleId', label: 'Payment Schedule Items' },
    ],
  },
  {
    name: 'PaymentScheduleItem',
    label: 'Payment Schedule Item',
    path: 'payment-schedule-items',
    operationIds: ['queryPaymentScheduleItems', 'queryPaymentScheduleItemByKey'],
    table: 'payment_schedule_items',
    customFields: 'custom_fields',
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id'),
      qf.dec('Amount', 'amount'),
      qf.dec('Balance', 'balance'),
      qf.text('CancellationReason', 'cancellation_reason'),
      qf.text('CreatedById', 'created_by'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('Currency', 'currency'),
      qf.text('Description', 'description'),
      qf.text('ErrorMessage', 'error_message'),
      qf.computed('InvoiceId', 'text', (r) => firstInvoice(r.billing_document), { filterable: false }),
      qf.int('Number', 'seq'),
      qf.id('PaymentGatewayId', 'payment_gateway_id'),
      qf.id('PaymentId', 'payment_id'),
      qf.id('PaymentMethodId', 'payment_method_id'),
      qf.id('PaymentScheduleId', 'schedule_id'),
      qf.computed('Prepayment', 'boolean', () => false, { filterable: false }),
      qf.int('RunHour', 'run_hour'),
      qf.date('ScheduledDate', 'scheduled_date'),
      qf.pick('Status', 'status', ['Pending', 'Processed', 'Error', 'Canceled']),
      qf.text('UpdatedById', 'updated_by'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [
      { name: 'account', property: 'account', object: 'Account', cardinality: 'one', localField: 'AccountId', remoteField: 'Id' },
      { name: 'payment', property: 'payment', object: 'Payment', cardinality: 'one', localField: 'PaymentId', remoteField: 'Id' },
      { name: 'paymentschedule', property: 'paymentSchedule', object: 'PaymentSchedule', cardinality: 'one', localField: 'PaymentScheduleId', remoteField: 'Id', label: 'Payment Schedule' },
    ],
  },
];
