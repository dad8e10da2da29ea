/**
 * The PaymentRun object of the object query (`/object-query/payment-runs`), over the payment_runs table.
 * Field names are those of the queryPaymentRuns sample (its `numberofUnappliedPayments` spelling included);
 * the flags and counts are read from the run's stored options and results.
 */
import { qf, type QueryObject, type QueryRow } from '../queries/contract.js';
import { Temporal } from '../../platform/dates.js';
import type { PaymentRunOptions, ReceivableResult } from './payment-runs.js';
import { summaryOf } from './payment-runs.js';

const opt = (r: QueryRow) => JSON.parse(String(r.options)) as PaymentRunOptions;
const flag = (k: keyof PaymentRunOptions) => (r: QueryRow) => opt(r)[k] === true;
const counts = (r: QueryRow) => summaryOf(r.results ? (JSON.parse(String(r.results)) as { receivables: ReceivableResult[]; errors: number }) : { receivables: [], errors: 0 });
const count = (k: string) => (r: QueryRow) => Number(counts(r)[k]);

export const paymentRunQueryObjects: QueryObject[] = [
  {
    name: 'PaymentRun',
    label: 'Payment Run',
    path: 'payment-runs',
    operationIds: ['queryPaymentRuns', 'queryPaymentRunByKey'],
    table: 'payment_runs',
    numberField: 'PaymentRunNumber',
    zoql: false,
    fields: [
      qf.id('Id', 'id'),
      qf.computed('AccountId', 'text', (r) => opt(r).accountId),
      qf.computed('ApplyCreditBalance', 'boolean', () => false),
      qf.computed('AutoApplyCreditMemo', 'boolean', flag('autoApplyCreditMemo')),
      qf.computed('AutoApplyUnappliedPayment', 'boolean', flag('autoApplyUnappliedPayment')),
      qf.computed('Batch', 'text', (r) => opt(r).batch),
      qf.computed('BillCycleDay', 'text', (r) => opt(r).billCycleDay),
      qf.computed('BillingRunId', 'text', () => null),
      qf.computed('CollectPayment', 'boolean', flag('collectPayment')),
      qf.computed('ConsolidatedPayment', 'boolean', flag('consolidatedPayment')),
      qf.text('CreatedById', 'created_by'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.computed('Currency', 'text', (r) => opt(r).currency),
      qf.datetime('EndDate', 'completed_on'),
      qf.datetime('ExecutedDate', 'executed_on'),
      qf.computed('NumberOfCreditBalanceAdjustments', 'integer', () => 0),
      qf.computed('NumberOfCreditMemos', 'integer', count('numberOfCreditMemos')),
      qf.computed('NumberOfDebitMemos', 'integer', count('numberOfDebitMemos')),
      qf.computed('NumberOfDebitMemosUnprocessed', 'integer', count('numberOfUnprocessedDebitMemos')),
      qf.computed('NumberOfErrors', 'integer', count('numberOfErrors')),
      qf.computed('NumberOfInvoices', 'integer', count('numberOfInvoices')),
      qf.computed('NumberOfPayments', 'integer', count('numberOfPayments')),
      qf.computed('NumberOfUnprocessed', 'integer', count('numberOfUnprocessedInvoices')),
      qf.computed('NumberofUnappliedPayments', 'integer', count('numberOfUnappliedPayments')),
      qf.computed('PaymentGatewayId', 'text', (r) => opt(r).paymentGatewayId),
      qf.text('PaymentRunNumber', 'number'),
      qf.computed('ProcessPaymentWithClosedPM', 'boolean', flag('processPaymentWithClosedPM')),
      qf.computed('RunDate', 'date', (r) => (r.run_date ? String(r.run_date).slice(0, 10) : r.target_date ?? null)),
      qf.pick('Status', 'status', ['Pending', 'Processing', 'Completed', 'Error', 'Canceled']),
      qf.date('TargetDate', 'target_date'),
      // milliseconds between execution and completion
      qf.computed('TotalExecutionTime', 'integer', (r) => (r.executed_on && r.completed_on ? Temporal.Instant.from(String(r.completed_on)).since(Temporal.Instant.from(String(r.executed_on))).total('milliseconds') : null)),
      qf.text('UpdatedById', 'updated_by'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
  },
];
