/**
 * Documents bench (issue 10), in one process on a new SQLite file, through the real app (app.inject):
 * N accounts (ZBILL_BENCH_PDF_ACCOUNTS, default 200) each get a posted invoice (an order's runBilling);
 * then each invoice's files are listed once, which makes and stores its PDF (pdfkit, chunks): PDFs/s and
 * p50/p99 of that first list; then one bulk PDF ZIP job over all of them (fflate): seconds and PDFs/s.
 *
 *   npx tsx bench/documents.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, migrate } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { runDueJobs } from '../src/platform/jobs.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DocumentsBenchResult {
  invoices: number;
  pdfSeconds: number;
  pdfsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  zipSeconds: number;
  zipBytes: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export async function runDocumentsBench(opts: { accounts?: number } = {}): Promise<DocumentsBenchResult> {
  const n = opts.accounts ?? Number(process.env.ZBILL_BENCH_PDF_ACCOUNTS || 200);
  const dir = mkdtempSync(join(tmpdir(), 'zbill-documents-bench-'));
  const database = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  await migrate(database);
  const { app, tenants } = await buildApp({ config: { ...loadConfig({}), adminKey: 'bench-admin', jobWorker: false }, database });
  try {
    const { tenant, client } = await tenants.create({ timezone: 'UTC', defaultApiVersion: '2025-08-12', clock: '2024-01-01' } as never);
    const tok = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: `grant_type=client_credentials&client_id=${encodeURIComponent(client.clientId)}&client_secret=${encodeURIComponent(client.clientSecret)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const auth = { authorization: `Bearer ${JSON.parse(tok.body).access_token}` };
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<Obj> => {
      const r = await app.inject({ method, url, payload: payload as never, headers: auth });
      const body = r.body && r.headers['content-type']?.toString().includes('json') ? JSON.parse(r.body) : {};
      if (r.statusCode >= 300 || body.success === false || body.Success === false) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 500)}`);
      return body;
    };
    const objId = async (path: string, body: Obj) => (await call('POST', path, body)).Id as string;
    const productId = await objId('/v1/object/product', { Name: 'Bench', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: 'BENCH-M' });
    const planId = await objId('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Bench plan', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    const common = { ProductRatePlanId: planId, BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd', ChargeType: 'Recurring' };
    const feeId = await objId('/v1/object/product-rate-plan-charge', { ...common, Name: 'Fee', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 100 }] } });
    await objId('/v1/object/product-rate-plan-charge', { ...common, Name: 'Seats', ChargeModel: 'Per Unit Pricing', UOM: 'Each', DefaultQuantity: 1, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }] } });
    const invoices: string[] = [];
    for (let i = 0; i < n; i++) {
      const order = await call('POST', '/v1/orders', {
        newAccount: { name: `Bench ${i}`, currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'B', lastName: String(i), workEmail: `b${i}@example.com`, address1: `${i} Main St`, city: 'Springfield', country: 'United States', state: 'CA' } },
        orderDate: '2024-01-01',
        processingOptions: { runBilling: true },
        subscriptions: [{ orderActions: [{ type: 'CreateSubscription', createSubscription: { terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew: true }, subscribeToRatePlans: [{ productRatePlanId: planId }] } }] }],
      });
      invoices.push(order.invoiceIds[0]);
    }
    void feeId;
    const times: number[] = [];
    const start = performance.now();
    for (const id of invoices) {
      const t0 = performance.now();
      await call('GET', `/v1/invoices/${id}/files`);
      times.push(performance.now() - t0);
    }
    const pdfSeconds = (performance.now() - start) / 1000;
    const job = await call('POST', '/v1/operations/bulk-pdf', { documents: [{ docType: 'Invoice', objectIds: invoices }], fileName: 'bench', indexFileFormat: 'JSON' });
    const z0 = performance.now();
    await runDueJobs(app, { tenantId: tenant.id });
    const zipSeconds = (performance.now() - z0) / 1000;
    const done = await call('GET', `/v1/operations/bulk-pdf/${job.jobId}`);
    if (done.status !== 'Completed') throw new Error(`bulk PDF job ${done.status}`);
    const zip = await app.inject({ method: 'GET', url: done.fileUrls[0], headers: auth });
    return { invoices: n, pdfSeconds, pdfsPerSecond: n / pdfSeconds, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), zipSeconds, zipBytes: zip.rawPayload.length };
  } finally {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatDocumentsBench(r: DocumentsBenchResult): string {
  return `documents (SQLite, in process): ${r.invoices} invoice PDFs made on first read in ${r.pdfSeconds.toFixed(2)} s: ${Math.round(r.pdfsPerSecond)} PDFs/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms; one bulk ZIP of them in ${r.zipSeconds.toFixed(2)} s (${Math.round(r.invoices / r.zipSeconds)} PDFs/s, ${(r.zipBytes / 1024).toFixed(0)} KiB)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runDocumentsBench()
    .then((r) => console.log(formatDocumentsBench(r)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
