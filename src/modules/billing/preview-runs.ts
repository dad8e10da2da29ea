/**
 * Billing preview runs: the billing preview of many accounts (all, or those of some batches) through one
 * target date. zbill runs it at once, inside the creating request's transaction, so a run is Completed when
 * POST answers; the result is a CSV file (one line per invoice item or credit memo item) served at the
 * run's `resultFileUrl`, GET /v1/files/{file-id}. An account that cannot be rated is left out of the file
 * and counted out of `succeededAccounts`, with its reason in `errorMessage`.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { formatDateTime } from '../../platform/dates.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { listAccountsForBilling } from '../accounts/service.js';
import { billingPreview, readAssumeRenewal, readChargeTypes } from './preview.js';
import * as store from './store.js';

type Obj = Record<string, unknown>;

const CSV_COLUMNS = [
  'Account Number',
  'Account ID',
  'Document Type',
  'Item ID',
  'Subscription Number',
  'Charge Number',
  'Charge Name',
  'Charge Type',
  'Processing Type',
  'Service Start Date',
  'Service End Date',
  'Quantity',
  'Unit Of Measure',
  'Amount',
  'Applied To Item ID',
];

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function readBatches(v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === '' || v === 'AllBatches') return undefined;
  if (typeof v !== 'string') throw invalidValue("'batches' must be a comma-separated list such as Batch1,Batch2, or AllBatches");
  return v.split(',').map((b) => {
    const t = b.trim();
    if (!/^Batch([1-9]|[1-4][0-9]|50)$/.test(t)) throw invalidValue(`'batches': '${t}' is not a batch (Batch1 to Batch50)`);
    return t;
  });
}

export async function createPreviewRun(ctx: Ctx, body: Obj): Promise<Obj> {
  if (typeof body.targetDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.targetDate)) {
    if (body.targetDate === undefined || body.targetDate === null) throw missingField("'targetDate' is required");
    throw invalidValue(`'targetDate' must be a date (yyyy-mm-dd), got '${String(body.targetDate)}'`);
  }
  const assumeRenewal = readAssumeRenewal(body.assumeRenewal);
  const excluded = readChargeTypes(body.chargeTypeToExclude, 'chargeTypeToExclude');
  const batches = readBatches(body.batches);
  for (const k of ['includingDraftItems', 'includingEvergreenSubscription', 'storeDifference'] as const)
    if (body[k] !== undefined && body[k] !== null && typeof body[k] !== 'boolean') throw invalidValue(`'${k}' must be true or false`);
  if (body.includingDraftItems === true) throw notImplemented("billing previews with draft document items ('includingDraftItems' true)");
  const storage = body.storageOption ?? 'Csv';
  if (storage !== 'Csv' && storage !== 'Database') throw invalidValue(`'storageOption' must be Csv or Database, got '${String(storage)}'`);
  if (storage === 'Database') throw ruleViolation("'storageOption' Database is not supported by zbill: the result is a CSV file");
  for (const k of ['storeDifference', 'comparedBillingPreviewRunId', 'filters', 'organizationLabels'] as const)
    if (body[k] !== undefined && body[k] !== null && body[k] !== false) throw ruleViolation(`'${k}' is not supported by zbill yet`);

  const id = newId();
  const stamp = formatDateTime(ctx.now(), ctx.tenant.timezone);
  const accounts = await listAccountsForBilling(ctx, batches);
  const lines = [CSV_COLUMNS.join(',')];
  let succeeded = 0;
  const errors: string[] = [];
  for (const a of accounts) {
    try {
      const r = await billingPreview(ctx, { accountKey: a.id, targetDate: body.targetDate, excludeChargeTypes: excluded, includingEvergreenSubscription: body.includingEvergreenSubscription === true, assumeRenewal });
      for (const i of r.invoiceItems as Obj[])
        lines.push([a.accountNumber, a.id, 'Invoice', i.id, i.subscriptionNumber, i.chargeNumber, i.chargeName, i.chargeType, i.processingType, i.serviceStartDate, i.serviceEndDate, i.quantity, i.unitOfMeasure, i.chargeAmount, i.appliedToItemId].map(cell).join(','));
      for (const i of r.creditMemoItems as Obj[])
        lines.push([a.accountNumber, a.id, 'CreditMemo', i.id, i.subscriptionNumber, i.chargeNumber, null, i.chargeType, i.processingType, i.serviceStartDate, i.serviceEndDate, i.quantity, i.unitOfMeasure, i.amount, i.appliedToItemId].map(cell).join(','));
      succeeded++;
    } catch (e) {
      if (!(e instanceof ZuoraError)) throw e;
      errors.push(`${a.accountNumber}: ${e.message}`);
    }
  }
  const runNumber = formatNumber('BPR-', await nextCounter(ctx, 'billing_preview_run'));
  const fileId = newId();
  await store.insertFile(ctx, { id: fileId, tenant_id: ctx.tenant.id, name: `${runNumber}.csv`, content: lines.join('\n') + '\n', created_date: stamp });
  await store.insertPreviewRun(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    run_number: runNumber,
    status: 'Completed',
    target_date: body.targetDate,
    options: JSON.stringify({
      assumeRenewal,
      batches: body.batches ?? null,
      chargeTypeToExclude: excluded.length ? excluded.join(',') : null,
      includingDraftItems: body.includingDraftItems === true,
      includingEvergreenSubscription: body.includingEvergreenSubscription === true,
      storageOption: storage,
    }),
    total_accounts: accounts.length,
    succeeded_accounts: succeeded,
    error_message: errors.length ? errors.join('; ').slice(0, 4000) : null,
    file_id: fileId,
    created_date: stamp,
    start_date: stamp,
    end_date: stamp,
    updated_date: stamp,
  });
  return { billingPreviewRunId: id, success: true };
}

export async function getPreviewRun(ctx: Ctx, id: string): Promise<Obj> {
  const r = await store.getPreviewRun(ctx, id);
  if (!r) throw notFound(`The billing preview run ${id} does not exist`);
  const o = JSON.parse(r.options) as Obj;
  return {
    assumeRenewal: o.assumeRenewal,
    batches: o.batches,
    chargeTypeToExclude: o.chargeTypeToExclude,
    createdById: null,
    createdDate: r.created_date,
    endDate: r.end_date,
    errorMessage: r.error_message,
    includingDraftItems: o.includingDraftItems,
    includingEvergreenSubscription: o.includingEvergreenSubscription,
    resultFileUrl: r.file_id ? `${ctx.baseUrl}/v1/files/${r.file_id}` : null,
    runNumber: r.run_number,
    startDate: r.start_date,
    status: r.status,
    storageOption: o.storageOption,
    succeededAccounts: r.succeeded_accounts,
    success: true,
    targetDate: r.target_date,
    totalAccounts: r.total_accounts,
    updatedById: null,
    updatedDate: r.updated_date,
  };
}

export async function previewRunFile(ctx: Ctx, id: string): Promise<{ name: string; content: string }> {
  const f = await store.getFile(ctx, id);
  if (!f) throw notFound(`The file ${id} does not exist`);
  return { name: f.name, content: f.content };
}
