/**
 * The InvoiceSchedule and InvoiceScheduleItem objects of the object query (GET /object-query/invoice-schedules,
 * expand[]=invoicescheduleitems), over this module's tables, with the names of the spec's ExpandedInvoiceSchedule
 * schema ("Invoice Schedule fields" / "Invoice Schedule Item fields" of Data Query). Bookings and the schedule's
 * rate plan charges are not exposed (zbill keeps the held charges as its own rows, not Zuora's booking objects).
 * They are not ZOQL objects (Zuora's SOAP API has no invoice schedules).
 */
import { qf, type QueryObject } from '../queries/contract.js';

export const invoiceScheduleQueryObjects: QueryObject[] = [
  {
    name: 'InvoiceSchedule',
    label: 'Invoice Schedule',
    path: 'invoice-schedules',
    operationIds: ['queryInvoiceSchedules', 'queryInvoiceScheduleByKey'],
    table: 'invoice_schedules',
    numberField: 'Number',
    zoql: false,
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id'),
      qf.dec('ActualAmount', 'actual_amount'),
      // a JSON list in text, as Zuora's sample answers it ("[]")
      qf.text('AdditionalSubscriptionsToBill', 'additional_subscriptions'),
      qf.dec('BilledAmount', 'billed_amount'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('Currency', 'currency'),
      qf.date('NextRunDate', 'next_run_date'),
      qf.text('Notes', 'notes'),
      qf.text('Number', 'number'),
      qf.pick('Status', 'status', ['Pending', 'PartiallyProcessed', 'Paused', 'FullyProcessed']),
      qf.dec('TotalAmount', 'total_amount'),
      qf.dec('UnbilledAmount', 'unbilled_amount'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [
      { name: 'account', property: 'account', object: 'Account', cardinality: 'one', localField: 'AccountId', remoteField: 'Id' },
      { name: 'invoicescheduleitems', property: 'invoiceScheduleItems', object: 'InvoiceScheduleItem', cardinality: 'many', localField: 'Id', remoteField: 'InvoiceScheduleId', label: 'Invoice Schedule Items' },
    ],
  },
  {
    name: 'InvoiceScheduleItem',
    label: 'Invoice Schedule Item',
    table: 'invoice_schedule_items',
    zoql: false,
    fields: [
      qf.id('Id', 'id'),
      qf.dec('ActualAmount', 'actual_amount'),
      qf.dec('Amount', 'amount'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.id('CreditMemoId', 'credit_memo_id'),
      qf.id('InvoiceId', 'invoice_id'),
      qf.id('InvoiceScheduleId', 'schedule_id'),
      qf.text('Name', 'name'),
      qf.dec('Percentage', 'percentage'),
      qf.date('RunDate', 'run_date'),
      qf.pick('Status', 'status', ['Pending', 'Executing', 'Processed']),
      qf.date('TargetDateForAdditionalSubscriptions', 'target_date_for_additional'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [
      { name: 'invoice', property: 'invoice', object: 'Invoice', cardinality: 'one', localField: 'InvoiceId', remoteField: 'Id' },
      { name: 'creditmemo', property: 'creditMemo', object: 'CreditMemo', cardinality: 'one', localField: 'CreditMemoId', remoteField: 'Id', label: 'Credit Memo' },
      { name: 'invoiceschedule', property: 'invoiceSchedule', object: 'InvoiceSchedule', cardinality: 'one', localField: 'InvoiceScheduleId', remoteField: 'Id', label: 'Invoice Schedule' },
    ],
  },
];
