/**
 * The Configurable Payment Retry metrics, from the tenant's cycles and attempts (getBaselineMetrics,
 * getAmountRecovered, getDocumentSuccessRateByCustomerGroup, getCustomerGroupMetrics pages):
 * - Retry Success Rate = successful retry attempts / retry attempts (attempts CPR made, not the failed
 *   payment that started the cycle), in percent;
 * - Document Success Rate = documents collected by a CPR attempt / documents that entered a cycle, in percent;
 * - Average Days Outstanding: over the collected documents, the days from the failed payment that started
 *   the cycle to the attempt that collected it;
 * - a trend compares the figure now with the figure over the data as it was 30 days ago: up, down, neutral;
 * - amount recovered: what CPR attempts collected, per currency, in total and over the last 30 days;
 * - the document success rate per customer group over the 6 months before the current one (month of the
 *   cycle's start, keys MM_YY);
 * - average attempts: attempts per cycle of the group.
 * Percentages and days are strings with 2 decimals, as the pages' samples show them.
 */
import type { Ctx } from '../../platform/context.js';
import { Temporal } from '../../platform/dates.js';
import { D } from '../../platform/money.js';
import { loadConfig } from './service.js';
import * as store from './store.js';
import type { AttemptRow, CycleRow } from './store.js';

type Obj = Record<string, unknown>;
const pct = (n: number, d: number) => (d ? new D(n).times(100).div(d) : new D(0)).toFixed(2);
const before = (t: string, limit: Temporal.Instant) => Temporal.Instant.compare(Temporal.Instant.from(t), limit) <= 0;
const trend = (now: string, then: string | null) => (then === null ? 'neutral' : new D(now).gt(then) ? 'up' : new D(now).lt(then) ? 'down' : 'neutral');

interface Data {
  cycles: CycleRow[];
  attempts: AttemptRow[];
}

async function load(ctx: Ctx): Promise<Data> {
  return { cycles: await store.allCycles(ctx), attempts: await store.allAttempts(ctx) };
}

/** The data as it was at `at`: cycles started and attempts made by then. */
function asOf(d: Data, at: Temporal.Instant): Data {
  return { cycles: d.cycles.filter((c) => before(c.started_at, at)), attempts: d.attempts.filter((a) => before(a.time_of_execution, at)) };
}

function figures(d: Data) {
  const retries = d.attempts.filter((a) => a.cpr_generated === 1);
  const wins = retries.filter((a) => a.success === 1);
  const collected = new Set(wins.map((a) => a.cycle_id));
  const docs = new Set(d.cycles.map((c) => `${c.document_kind}:${c.document_id}`));
  const docsCollected = new Set(d.cycles.filter((c) => collected.has(c.id)).map((c) => `${c.document_kind}:${c.document_id}`));
  const days = wins.map((w) => {
    const c = d.cycles.find((x) => x.id === w.cycle_id)!;
    return new D(Temporal.Instant.from(w.time_of_execution).epochMilliseconds - Temporal.Instant.from(c.started_at).epochMilliseconds).div(86_400_000);
  });
  return {
    retry: pct(wins.length, retries.length),
    document: pct(docsCollected.size, docs.size),
    days: (days.length ? days.reduce((s, x) => s.plus(x), new D(0)).div(days.length) : new D(0)).toFixed(2),
    attempts: (d.cycles.length ? new D(d.attempts.length).div(d.cycles.length) : new D(0)).toFixed(2),
    any: d.cycles.length > 0,
  };
}

const monthAgo = (ctx: Ctx) => ctx.now().subtract({ hours: 24 * 30 });

export async function baseline(ctx: Ctx): Promise<Obj> {
  const d = await load(ctx);
  const now = figures(d);
  const then = figures(asOf(d, monthAgo(ctx)));
  return {
    retry_success_rate: now.retry,
    retry_success_rate_trend: trend(now.retry, then.any ? then.retry : null),
    document_success_rate: now.document,
    document_success_rate_trend: trend(now.document, then.any ? then.document : null),
    average_days_outstanding: now.days,
    average_days_outstanding_trend: trend(now.days, then.any ? then.days : null),
    success: true,
  };
}

export async function amountRecovered(ctx: Ctx): Promise<Obj> {
  const d = await load(ctx);
  const since = monthAgo(ctx);
  const byCurrency: Record<string, { total_amount: string; last_30_days: string }> = {};
  for (const a of d.attempts) {
    if (a.success !== 1 || a.cpr_generated !== 1) continue;
    const cur = d.cycles.find((c) => c.id === a.cycle_id)!.currency;
    const e = (byCurrency[cur] ??= { total_amount: '0', last_30_days: '0' });
    e.total_amount = new D(e.total_amount).plus(a.amount_collected).toFixed();
    if (Temporal.Instant.compare(Temporal.Instant.from(a.time_of_execution), since) > 0) e.last_30_days = new D(e.last_30_days).plus(a.amount_collected).toFixed();
  }
  for (const e of Object.values(byCurrency)) {
    e.total_amount = new D(e.total_amount).toFixed(2);
    e.last_30_days = new D(e.last_30_days).toFixed(2);
  }
  return { currency: byCurrency, success: true };
}

function ofGroup(d: Data, id: number): Data {
  const cycles = d.cycles.filter((c) => c.customer_group_id === id);
  const ids = new Set(cycles.map((c) => c.id));
  return { cycles, attempts: d.attempts.filter((a) => ids.has(a.cycle_id)) };
}

export async function groupsOverTime(ctx: Ctx): Promise<Obj> {
  const d = await load(ctx);
  const c = await loadConfig(ctx);
  const tz = ctx.tenant.timezone;
  const thisMonth = ctx.today().toPlainYearMonth();
  const months = [1, 2, 3, 4, 5, 6].map((n) => thisMonth.subtract({ months: n }));
  const out: Record<string, Record<string, string>> = {};
  for (const g of c.customer_groups) {
    const gd = ofGroup(d, g.id);
    const row: Record<string, string> = {};
    for (const m of months) {
      const inMonth = (t: string) => Temporal.PlainYearMonth.compare(Temporal.Instant.from(t).toZonedDateTimeISO(tz).toPlainDate().toPlainYearMonth(), m) === 0;
      const cycles = gd.cycles.filter((x) => inMonth(x.started_at));
      const ids = new Set(cycles.map((x) => x.id));
      const key = `${String(m.month).padStart(2, '0')}_${String(m.year % 100).padStart(2, '0')}`;
      row[key] = figures({ cycles, attempts: gd.attempts.filter((a) => ids.has(a.cycle_id)) }).document;
    }
    out[String(g.id)] = row;
  }
  return { customer_groups: out, success: true };
}

export async function groupMetrics(ctx: Ctx): Promise<Obj> {
  const d = await load(ctx);
  const c = await loadConfig(ctx);
  const since = monthAgo(ctx);
  return {
    customer_groups: c.customer_groups.map((g) => {
      const gd = ofGroup(d, g.id);
      const now = figures(gd);
      const then = figures(asOf(gd, since));
      return {
        id: g.id,
        name: g.name,
        smart_retry: false,
        document_success_rate: now.document,
        document_success_rate_trend: trend(now.document, then.any ? then.document : null),
        retry_success_rate: now.retry,
        average_attempts: now.attempts,
      };
    }),
    success: true,
  };
}
