/**
 * Memo bench (issue 10), in one process on a new SQLite file, through the real app (app.inject): credit
 * memo applications per second. N accounts (ZBILL_BENCH_MEMO_ACCOUNTS, default 50) each get a posted
 * invoice of 110 (an order's runBilling) and a posted credit memo of 110 from a charge; then
 * ZBILL_BENCH_APPLICATIONS (default 2,000) applications of 0.05 each (spread over the invoice's items),
 * round-robin over the accounts, 8 in flight at a time: applications/s, p50 and p99 of one PUT …/apply.
 *
 *   node dist/bench/memos.js        (npm run bench runs it at the end; ZBILL_BENCH_MEMOS=0 skips it there)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, migrate } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface MemoBenchResult {
  accounts: number;
  applications: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export async function runMemoBench(opts: { accounts?: number; applications?: number } = {}): Promise<MemoBenchResult> {
  const n = opts.accounts ?? Number(process.env.ZBILL_BENCH_MEMO_ACCOUNTS || 50);
  const m = opts.applications ?? Number(process.env.ZBILL_BENCH_APPLICATIONS || 2000);
  const dir = mkdtempSync(join(tmpdir(), 'zbill-memo-bench-'));
  const database = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  await migrate(database);
  const { app, tenants } = await buildApp({ config: { ...loadConfig({}), adminKey: 'bench-admin', jobWorker: false }, database });
  try {
    const { client } = await tenants.create({ timezone: 'UTC', defaultApiVersion: '2025-08-12', clock: '2024-01-01' } as never);
    const tok = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: `grant_type=client_credentials&client_id=${encodeURIComponent(client.clientId)}&client_secret=${encodeURIComponent(client.clientSecret)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const auth = { authorization: `Bearer ${JSON.parse(tok.body).access_token}` };
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<Obj> => {
      const r = await app.inject({ method, url, payload: payload as never, headers: auth });
      const body = r.body ? JSON.parse(r.body) : {};
      if (r.statusCode >= 300 || body.success === false || body.Success === false) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 500)}`);
      return body;
    };
    const objId = async (path: string, body: Obj) => (await call('POST', path, body)).Id as string;
    const productId = await objId('/v1/object/product', { Name: 'Bench', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: 'BENCH-M' });
    const planId = await objId('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Bench plan', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    const common = { ProductRatePlanId: planId, BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd', ChargeType: 'Recurring' };
    const feeId = await objId('/v1/object/product-rate-plan-charge', { ...common, Name: 'Fee', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 100 }] } });
    await objId('/v1/object/product-rate-plan-charge', { ...common, Name: 'Seats', ChargeModel: 'Per Unit Pricing', UOM: 'Each', DefaultQuantity: 1, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }] } });
    const pairs: Array<{ memo: string; invoice: string }> = [];
    for (let i = 0; i < n; i++) {
      const order = await call('POST', '/v1/orders', {
        newAccount: { name: `Bench ${i}`, currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'B', lastName: String(i), country: 'United States', state: 'CA' } },
        orderDate: '2024-01-01',
        processingOptions: { runBilling: true },
        subscriptions: [{ orderActions: [{ type: 'CreateSubscription', createSubscription: { terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew: true }, subscribeToRatePlans: [{ productRatePlanId: planId }] } }] }],
      });
      const memo = await call('POST', '/v1/credit-memos', { accountNumber: order.accountNumber, autoPost: true, charges: [{ productRatePlanChargeId: feeId, amount: 110 }] });
      pairs.push({ memo: memo.id, invoice: order.invoiceIds[0] });
    }
    const times: number[] = [];
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < m) {
        const k = next++;
        const p = pairs[k % pairs.length]!;
        const t0 = performance.now();
        await call('PUT', `/v1/credit-memos/${p.memo}/apply`, { invoices: [{ invoiceId: p.invoice, amount: 0.05 }] });
        times.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const seconds = (performance.now() - start) / 1000;
    return { accounts: n, applications: m, seconds, perSecond: m / seconds, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
  } finally {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatMemoBench(r: MemoBenchResult): string {
  return `memos (SQLite, in process): ${r.applications} credit memo applications over ${r.accounts} accounts in ${r.seconds.toFixed(2)} s: ${Math.round(r.perSecond)} applications/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMemoBench()
    .then((r) => console.log(formatMemoBench(r)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
