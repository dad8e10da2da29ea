/**
 * The BillRun object of the query model (ZOQL's and describe's name; the object query API calls it
 * `billing-runs`, ExpandedBillingRun), over the bill_runs table. Options kept as JSON are read from it;
 * the ones whose JSON type differs between the databases (booleans, lists) are shown but not filterable.
 */
import { qf, type QueryObject, type QueryRow } from '../queries/contract.js';

function option(r: QueryRow, key: string): unknown {
  try {
    const o = JSON.parse(String(r.options ?? '{}')) as Record<string, unknown>;
    return o[key] ?? null;
  } catch {
    return null;
  }
}

const list = (v: unknown) => (Array.isArray(v) && v.length ? v.join(',') : null);

export const billingQueryObjects: QueryObject[] = [
  {
    name: 'BillRun',
    label: 'Bill Run',
    path: 'billing-runs',
    operationIds: ['queryBillingRuns', 'queryBillingRunByKey'],
    table: 'bill_runs',
    numberField: 'BillRunNumber',
    fields: [
      qf.id('Id', 'id'),
      qf.computed('AutoEmail', 'boolean', (r) => option(r, 'autoEmail') === true),
      qf.bool('AutoPost', 'auto_post'),
      qf.computed('AutoRenewal', 'boolean', (r) => option(r, 'autoRenewal') === true),
      qf.computed('Batches', 'text', (r) => list(option(r, 'batches'))),
      qf.jsonText('BillCycleDay', 'options', 'billCycleDay'),
      qf.text('BillRunNumber', 'bill_run_number', { wireName: 'billingRunNumber' }),
      qf.computed('ChargeTypeToExclude', 'text', (r) => list(option(r, 'chargeTypeToExclude'))),
      qf.datetime('CreatedDate', 'created_at'),
      qf.date('InvoiceDate', 'invoice_date'),
      qf.text('Name', 'name'),
      qf.bool('NoEmailForZeroAmountInvoice', 'no_email_for_zero_amount_invoice'),
      qf.pick('Status', 'status', ['Pending', 'Processing', 'Completed', 'Error', 'Canceled', 'Posted']),
      qf.date('TargetDate', 'target_date'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
  },
];
