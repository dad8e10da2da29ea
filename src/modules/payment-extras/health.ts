/**
 * Electronic Payments Health (System Health): figures of the tenant's electronic payments, read through
 * the payments contract (`electronicPaymentsBetween`). Zuora's "Electronic payment metrics" page counts
 * "all electronic payments that are processed within a specified time range", processed and failed, by
 * payment gateway; so refunds are not counted and external payments are not either. A payment's time is
 * when it went to its gateway (tenant clock); its status there: Success when the gateway approved it
 * (a later cancel does not undo that), Error when it declined or failed.
 *
 * - GET /system-health/payments/volume-summary: one record per gateway type and payment method type.
 * - GET /system-health/payments/details: one record per payment, filtered, sorted, paged (pageSize <= 40).
 *
 * zbill does not time the test gateway (it answers in-process), so `request_duration` is left out and a
 * sort by latency answers 501; nor does it keep which flow made a payment (API, payment run, payment
 * schedule), so `source_type` and `source_id` are left out.
 */
import type { Ctx } from '../../platform/context.js';
import { readSystemHealthWindow, Temporal } from '../../platform/dates.js';
import { invalidValue, notImplemented } from '../../platform/errors.js';
import { D, toJsonNumber } from '../../platform/money.js';
import { pageRequest, pageResult } from '../../platform/pagination.js';
import { testGatewayId, TEST_GATEWAY_TYPE } from '../payment-methods/contract.js';
import { electronicPaymentsBetween, type ElectronicPaymentRecord } from '../payments/contract.js';

type Obj = Record<string, unknown>;

/** Resource code of the Electronic Payments Health errors (a code of zbill's own). */
export const RES_PAYMENT_HEALTH = 534500;

/** ISO 8583 response code 96, "system malfunction": what the test gateway answers when it fails (not a decline). */
const GATEWAY_FAILURE_CODE = '96';

async function paymentsIn(ctx: Ctx, q: Obj): Promise<ElectronicPaymentRecord[]> {
  const { start, end } = readSystemHealthWindow(q, RES_PAYMENT_HEALTH);
  return electronicPaymentsBetween(ctx, start, end);
}

const gatewayType = (ctx: Ctx, id: string | null) => (id === testGatewayId(ctx.tenant.id) ? TEST_GATEWAY_TYPE : 'Unknown');
const succeeded = (p: ElectronicPaymentRecord) => p.status !== 'Error';

function filter(q: Obj, name: string): string | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalidValue(`'${name}' must be given once`, RES_PAYMENT_HEALTH);
  return v;
}

/** GET /system-health/payments/volume-summary. */
export async function paymentVolumeSummary(ctx: Ctx, q: Obj): Promise<Obj> {
  const gw = filter(q, 'paymentGatewayType');
  const pmType = filter(q, 'paymentMethodType');
  const groups = new Map<string, { error: number; paymentGatewayType: string; paymentMethodType: string; success: number; total: number }>();
  for (const p of await paymentsIn(ctx, q)) {
    const g = gatewayType(ctx, p.gatewayId);
    const t = p.methodType ?? 'Other';
    if ((gw !== undefined && g !== gw) || (pmType !== undefined && t !== pmType)) continue;
    const key = `${g}\u0000${t}`;
    const rec = groups.get(key) ?? { error: 0, paymentGatewayType: g, paymentMethodType: t, success: 0, total: 0 };
    if (succeeded(p)) rec.success++;
    else rec.error++;
    rec.total++;
    groups.set(key, rec);
  }
  return { data: [...groups.values()] };
}

const SORTS: Record<string, ((a: ElectronicPaymentRecord, b: ElectronicPaymentRecord) => number) | null> = {
  timestamp: (a, b) => Temporal.Instant.compare(Temporal.Instant.from(a.submittedOn), Temporal.Instant.from(b.submittedOn)),
  status: (a, b) => Number(succeeded(b)) - Number(succeeded(a)),
  amount: (a, b) => new D(a.amount).comparedTo(b.amount),
  latency: null,
};

/** The order asked: a comparison and its direction (descending is the exact reverse of ascending, ties included: the latest made first). */
function sorter(v: unknown): { cmp: (a: ElectronicPaymentRecord, b: ElectronicPaymentRecord) => number; asc: boolean } {
  const given = v === undefined || v === '' ? '+timestamp' : v;
  if (typeof given !== 'string') throw invalidValue(`'sort' must be given once`, RES_PAYMENT_HEALTH);
  let s: string = given;
  // '-' ascending, '+' (or none) descending; an unescaped '+' arrives as a space
  const asc = s.startsWith('-');
  if (/^[-+ ]/.test(s)) s = s.slice(1);
  if (!(s in SORTS)) throw invalidValue(`'sort' must name one of ${Object.keys(SORTS).join(', ')}, with '-' for ascending or '+' for descending order; got '${String(v)}'`, RES_PAYMENT_HEALTH);
  const cmp = SORTS[s];
  if (!cmp) throw notImplemented(`sorting payment records by latency ('sort': ${String(v)}): zbill does not time the test gateway`);
  return { cmp, asc };
}

function pageNumber(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw invalidValue(`'${name}' must be a whole number of at least 1, got '${String(v)}'`, RES_PAYMENT_HEALTH);
  return n;
}

/** GET /system-health/payments/details. */
export async function paymentRecords(ctx: Ctx, q: Obj, url: string): Promise<Obj> {
  const page = pageRequest({ page: pageNumber(q.page, 'page'), pageSize: pageNumber(q.pageSize, 'pageSize') }, { defaultSize: 20, maxSize: 40 });
  const gw = filter(q, 'paymentGatewayType');
  const pmType = filter(q, 'paymentMethodType');
  const status = filter(q, 'paymentStatus');
  if (status !== undefined && status !== 'Success' && status !== 'Error') throw invalidValue(`'paymentStatus' must be Success or Error, got '${status}'`, RES_PAYMENT_HEALTH);
  const code = filter(q, 'paymentGatewayResponseCode');
  const currency = filter(q, 'currency');
  const { cmp, asc } = sorter(q.sort);
  const rows = (await paymentsIn(ctx, q))
    .map((p) => record(ctx, p))
    .filter(
      (r) =>
        (gw === undefined || r.payment_gateway_type === gw) &&
        (pmType === undefined || r.payment_method_type === pmType) &&
        (status === undefined || r.payment_status === status) &&
        // the page's example filters by "Declined": the gateway's own code or Zuora's response code
        (code === undefined || r.payment_gateway_response_code === code || r.zuora_response_code === code) &&
        (currency === undefined || r.currency === currency.toUpperCase()),
    );
  const order = new Map(rows.map((r) => [r.payment_id, r.source]));
  // rows come in the order the payments were made; a stable sort keeps it among ties
  rows.sort((a, b) => cmp(order.get(a.payment_id)!, order.get(b.payment_id)!));
  if (!asc) rows.reverse();
  const { items, nextPage } = pageResult(ctx, url, page, rows.slice(page.offset, page.offset + page.pageSize + 1));
  return { data: items.map(({ source: _s, ...r }) => r), ...(nextPage ? { nextPage } : {}) };
}

function record(ctx: Ctx, p: ElectronicPaymentRecord) {
  const ok = succeeded(p);
  return {
    source: p,
    payment_method_type: p.methodType ?? 'Other',
    amount: toJsonNumber(p.amount),
    payment_status: ok ? 'Success' : 'Error',
    payment_gateway_response_code: p.gatewayResponseCode,
    payment_gateway_response_msg: p.gatewayResponse,
    payment_number: p.number,
    payment_id: p.id,
    zuora_response_code: ok ? 'Approved' : p.gatewayResponseCode === GATEWAY_FAILURE_CODE ? 'Error' : 'Declined',
    currency: p.currency,
    payment_gateway_type: gatewayType(ctx, p.gatewayId),
    payment_date: p.effectiveDate,
  };
}
