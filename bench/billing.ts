/**
 * Billing benches (issue 8), in one process on a new SQLite file, through the real app (app.inject, no
 * sockets: what is measured is billing, not the HTTP client):
 *
 * 1. A bill run over N accounts (ZBILL_BENCH_BILLING_ACCOUNTS, default 10,000), each with one subscription
 *    of a monthly flat fee, a per-unit charge and a tiered usage charge with 10 usage records (uploaded as
 *    CSV). The run bills January and February in advance and January's usage in arrears: three items a
 *    charge... one invoice per account. Reported: invoices/s of the run (the job, end to end: every account
 *    rated, its invoice written, its usage marked Processed) and the process's peak RSS.
 * 2. A billing preview (POST /v1/operations/billing-preview) of one account with 10 subscriptions: p50 and
 *    p99 over ZBILL_BENCH_PREVIEWS calls (default 200).
 *
 *   node dist/bench/billing.js        (npm run bench runs it after the HTTP benches; ZBILL_BENCH_BILLING=0 skips it there)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, migrate } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { runDueJobs } from '../src/platform/jobs.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface BillingBenchResult {
  accounts: number;
  invoices: number;
  seedSeconds: number;
  billRunSeconds: number;
  invoicesPerSecond: number;
  /** Invoices per second of this process's CPU time (user + system): steadier than wall time on a shared machine. */
  invoicesPerCpuSecond: number;
  peakRssMb: number;
  previewP50Ms: number;
  previewP99Ms: number;
  /** CPU time (user + system) of one preview, averaged. */
  previewCpuMs: number;
  /** The machine's 1-minute load average when the run ended (os.loadavg). */
  loadAverage: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export async function runBillingBench(opts: { accounts?: number; previews?: number; log?: (s: string) => void } = {}): Promise<BillingBenchResult> {
  const n = opts.accounts ?? Number(process.env.ZBILL_BENCH_BILLING_ACCOUNTS || 10_000);
  const previews = opts.previews ?? Number(process.env.ZBILL_BENCH_PREVIEWS || 200);
  const log = opts.log ?? ((s: string) => console.log(s));
  const dir = mkdtempSync(join(tmpdir(), 'zbill-billing-bench-'));
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
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Obj> => {
      const r = await app.inject({ method, url, payload: payload as never, headers: { ...auth, ...headers } });
      const body = r.body ? JSON.parse(r.body) : {};
      if (r.statusCode >= 300 || body.success === false || body.Success === false) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 500)}`);
      return body;
    };
    const objId = async (path: string, body: Obj) => (await call('POST', path, body)).Id as string;

    // ---------------------------------------------------------------- catalog
    const productId = await objId('/v1/object/product', { Name: 'Bench', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: 'BENCH-1' });
    const planId = await objId('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Bench plan', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    const common = { ProductRatePlanId: planId, BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd' };
    await objId('/v1/object/product-rate-plan-charge', { ...common, Name: 'Fee', ChargeType: 'Recurring', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 100 }] } });
    await objId('/v1/object/product-rate-plan-charge', { ...common, Name: 'Seats', ChargeType: 'Recurring', ChargeModel: 'Per Unit Pricing', UOM: 'Each', DefaultQuantity: 3, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }] } });
    await objId('/v1/object/product-rate-plan-charge', {
      ...common,
      Name: 'Calls',
      ChargeType: 'Usage',
      ChargeModel: 'Tiered Pricing',
      UOM: 'Minutes',
      ProductRatePlanChargeTierData: {
        ProductRatePlanChargeTier: [
          { Currency: 'USD', Tier: 1, StartingUnit: 0, EndingUnit: 100, Price: 0.1, PriceFormat: 'Per Unit' },
          { Currency: 'USD', Tier: 2, StartingUnit: 100, Price: 0.05, PriceFormat: 'Per Unit' },
        ],
      },
    });
    const subscribe = (accountNumber: string | null, i = 0) => ({
      ...(accountNumber
        ? { existingAccountNumber: accountNumber }
        : { newAccount: { name: `Bench ${i}`, currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'B', lastName: String(i), country: 'United States', state: 'CA' } } }),
      orderDate: '2024-01-01',
      subscriptions: [
        {
          orderActions: [
            {
              type: 'CreateSubscription',
              createSubscription: {
                terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew: true },
                subscribeToRatePlans: [{ productRatePlanId: planId }],
              },
            },
          ],
        },
      ],
    });
    const newAccount = async (i: number) =>
      (await call('POST', '/v1/accounts', { name: `Bench ${i}`, currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'B', lastName: String(i), country: 'United States', state: 'CA' } }))
        .accountNumber as string;

    // ---------------------------------------------------------------- accounts, subscriptions, usage
    const seedStart = performance.now();
    const numbers: string[] = [];
    let orderMs = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const a = (await call('POST', '/v1/orders', subscribe(null, i))).accountNumber as string;
      orderMs += performance.now() - t0;
      numbers.push(a);
      if ((i + 1) % 2000 === 0) log(`  seeded ${i + 1} accounts (${(orderMs / (i + 1)).toFixed(1)} ms per order with its new account)`);
    }
    const HEADER = 'ACCOUNT_ID,UOM,QTY,STARTDATE,ENDDATE,SUBSCRIPTION_ID,CHARGE_ID';
    const perFile = 40_000;
    const lines: string[] = [];
    for (const a of numbers) for (let d = 1; d <= 10; d++) lines.push(`${a},Minutes,${5 * d},01/${String(d + 5).padStart(2, '0')}/2024,,,`);
    for (let i = 0; i < lines.length; i += perFile) {
      const csv = [HEADER, ...lines.slice(i, i + perFile)].join('\n');
      const boundary = `----zbillbench${i}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="usage.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        Buffer.from(csv),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const up = await call('POST', '/v1/usage', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      const st = await call('GET', up.checkImportStatus);
      if (st.importStatus !== 'Completed') throw new Error(`usage import ${st.importStatus}: ${st.message}`);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`  seeded ${n} accounts with ${lines.length} usage records in ${seedSeconds.toFixed(1)} s`);

    // ---------------------------------------------------------------- the bill run
    const br = await call('POST', '/v1/bill-runs', { batches: ['AllBatches'], targetDate: '2024-02-01', invoiceDate: '2024-02-01' });
    const runStart = performance.now();
    const cpu0 = process.cpuUsage();
    await runDueJobs(app, { tenantId: tenant.id });
    const cpu1 = process.cpuUsage(cpu0);
    const billRunSeconds = (performance.now() - runStart) / 1000;
    const billRunCpuSeconds = (cpu1.user + cpu1.system) / 1e6;
    const done = await call('GET', `/v1/bill-runs/${br.id}`);
    if (done.status !== 'Completed') {
      const job = await database.db.selectFrom('jobs' as never).selectAll().execute();
      throw new Error(`bill run ${done.status}: ${JSON.stringify(job).slice(0, 1500)}`);
    }
    const summary = await call('GET', `/system-health/billing-documents/volume-summary?startTime=2024-01-01T00:00Z&endTime=2024-01-02T00:00Z`);
    const invoices = summary.data[0].totalGeneratedInvoices as number;
    if (invoices !== n || summary.data[0].totalFailedAccounts !== 0) throw new Error(`bill run made ${invoices} invoices for ${n} accounts, ${summary.data[0].totalFailedAccounts} failed`);
    // one invoice checked: 2 months × (100 + 3 × 10) + usage 275 minutes: 100 × 0.1 + 175 × 0.05 = 18.75
    const inv = (await call('GET', `/v1/transactions/invoices/accounts/${numbers[0]}`)).invoices[0];
    if (inv.amount !== 278.75) throw new Error(`first invoice is ${inv.amount}, expected 278.75`);

    // ---------------------------------------------------------------- billing preview: one account, 10 subscriptions
    const big = await newAccount(n + 1);
    for (let i = 0; i < 10; i++) await call('POST', '/v1/orders', subscribe(big));
    const times: number[] = [];
    let previewCpu = { user: 0, system: 0 };
    for (let i = 0; i < previews + 20; i++) {
      if (i === 20) previewCpu = process.cpuUsage();
      const t0 = performance.now();
      const p = await call('POST', '/v1/operations/billing-preview', { accountNumber: big, targetDate: '2024-03-01' });
      if (i >= 20) times.push(performance.now() - t0);
      if (i === 0 && (p.invoiceItems as unknown[]).length !== 60) throw new Error(`preview answered ${(p.invoiceItems as unknown[]).length} items, expected 60`);
    }
    const pc = process.cpuUsage(previewCpu);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    return {
      accounts: n,
      invoices,
      seedSeconds,
      billRunSeconds,
      invoicesPerSecond: invoices / billRunSeconds,
      invoicesPerCpuSecond: invoices / billRunCpuSeconds,
      peakRssMb,
      previewP50Ms: quantile(times, 0.5),
      previewP99Ms: quantile(times, 0.99),
      previewCpuMs: (pc.user + pc.system) / 1000 / previews,
      loadAverage: loadavg()[0]!,
    };
  } finally {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatBillingBench(r: BillingBenchResult): string {
  return [
    `billing (SQLite, in process): bill run over ${r.accounts} accounts (flat fee, per unit, tiered usage with 10 records each)`,
    `  ${r.invoices} invoices in ${r.billRunSeconds.toFixed(2)} s: ${Math.round(r.invoicesPerSecond)} invoices/s (${Math.round(r.invoicesPerCpuSecond)} per CPU second); peak RSS ${Math.round(r.peakRssMb)} MB (seeding took ${r.seedSeconds.toFixed(1)} s)`,
    `  billing preview of one account with 10 subscriptions: p50 ${r.previewP50Ms.toFixed(2)} ms, p99 ${r.previewP99Ms.toFixed(2)} ms, ${r.previewCpuMs.toFixed(2)} ms of CPU each`,
    `  (load average ${r.loadAverage.toFixed(1)} when it ended)`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBillingBench()
    .then((r) => console.log(formatBillingBench(r)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
