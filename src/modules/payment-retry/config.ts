/**
 * The tenant's Configurable Payment Retry configuration and its pure rules (no database, no clock).
 *
 * From Zuora's Configurable Payment Retry pages (docs.zuora.com, "Configure customer groups", "Configure
 * response codes", "Configure retry rules", "Configure system settings"):
 * - customer groups have priorities; an account falls into the first group (highest priority) whose filters
 *   it matches; the predefined "All Remaining Customers" is the catch-all, always last, without filters;
 * - each gateway response code maps to a label: Hard Decline, Soft Decline or System Error; an unknown code
 *   takes the default label;
 * - retry rules are given attempt by attempt: for each response label, stop retrying or retry after some time
 *   ("incremental time"); no rule for an attempt ends the cycle (the attempts are exhausted);
 * - retry attempts run in batch on the hour: one scheduled at 20:15 runs at 21:00.
 * zbill keeps one configuration per tenant (admin API `/admin/tenants/{id}/payment-retry/settings`):
 * Smart Retry, workflows and retries at a specific time or day are not supported (refused with 501).
 */
import { Temporal } from '../../platform/dates.js';
import { invalidValue, notImplemented } from '../../platform/errors.js';

export const LABELS = ['Hard Decline', 'Soft Decline', 'System Error'] as const;
export type Label = (typeof LABELS)[number];
export const DEFAULT_GROUP_NAME = 'All Remaining Customers';

export type Rule = { action: 'Stop' } | { action: 'Retry'; criteria: 'incremental_time'; hours: number };

export interface CustomerGroup {
  id: number;
  name: string;
  /** Account filters: the account's batch, its currency (any of the values listed). None: every account. */
  filters: { batch?: string[]; currency?: string[] };
  /** attempts[n-1]: what follows a failed attempt n, per label (a label without a rule stops). */
  attempts: Array<Partial<Record<Label, Rule>>>;
}

export interface RetryConfig {
  /** Off: failed payments enter no cycle and submit_failed_payment is refused. */
  enabled: boolean;
  /** On: every failed electronic payment of an invoice or debit memo enters a retry cycle when it fails. */
  auto_submit: boolean;
  default_label: Label;
  /** Gateway response code → label. */
  response_codes: Record<string, Label>;
  /** In priority order, the last one All Remaining Customers. */
  customer_groups: CustomerGroup[];
}

const retry = (hours: number): Rule => ({ action: 'Retry', criteria: 'incremental_time', hours });
const standardAttempt = (): Partial<Record<Label, Rule>> => ({ 'Hard Decline': { action: 'Stop' }, 'Soft Decline': retry(24), 'System Error': retry(1) });

/**
 * A tenant's configuration until it sets one: the catch-all group retrying soft declines every 24 hours and
 * system errors after an hour, three retries after the failed payment, stopping on hard declines; the test
 * gateway's codes (README) mapped: 05 Do not honor and 51 Insufficient funds soft, 54 Expired card hard,
 * 96 a system error.
 */
export function defaultConfig(): RetryConfig {
  return {
    enabled: true,
    auto_submit: true,
    default_label: 'Soft Decline',
    response_codes: { '05': 'Soft Decline', '51': 'Soft Decline', '54': 'Hard Decline', '96': 'System Error' },
    customer_groups: [{ id: 1, name: DEFAULT_GROUP_NAME, filters: {}, attempts: [standardAttempt(), standardAttempt(), standardAttempt()] }],
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (m: string) => invalidValue(m);
function keys(o: Obj, allowed: string[], where: string) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw bad(`'${where}${k}' is not a field of the payment retry settings (allowed: ${allowed.join(', ')})`);
}
const label = (v: unknown, where: string): Label => {
  if (!(LABELS as readonly unknown[]).includes(v)) throw bad(`'${where}' must be one of ${LABELS.join(', ')}, got ${JSON.stringify(v)}`);
  return v as Label;
};
const strings = (v: unknown, where: string): string[] => {
  if (!Array.isArray(v) || !v.length || v.some((s) => typeof s !== 'string' || !s)) throw bad(`'${where}' must be a non-empty list of strings`);
  return v as string[];
};

function parseRule(v: unknown, where: string): Rule {
  if (!isObj(v)) throw bad(`'${where}' must be an object`);
  if (v.action === 'Stop') {
    keys(v, ['action'], `${where}.`);
    return { action: 'Stop' };
  }
  if (v.action !== 'Retry') throw bad(`'${where}.action' must be Retry or Stop, got ${JSON.stringify(v.action)}`);
  keys(v, ['action', 'criteria', 'hours'], `${where}.`);
  if (v.criteria !== undefined && v.criteria !== 'incremental_time') throw notImplemented(`retry criteria other than incremental_time ('${where}.criteria': ${JSON.stringify(v.criteria)})`);
  if (typeof v.hours !== 'number' || !Number.isInteger(v.hours) || v.hours < 1 || v.hours > 24 * 90) throw bad(`'${where}.hours' must be a whole number of hours from 1 to 2160`);
  return retry(v.hours);
}

/** A whole configuration (PUT replaces it), checked; a bad one throws and changes nothing. */
export function parseConfig(raw: unknown): RetryConfig {
  if (!isObj(raw)) throw bad('The payment retry settings must be a JSON object');
  const d = defaultConfig();
  keys(raw, ['enabled', 'auto_submit', 'default_label', 'response_codes', 'customer_groups', 'smart_retry'], '');
  for (const k of ['enabled', 'auto_submit'] as const) if (raw[k] !== undefined && typeof raw[k] !== 'boolean') throw bad(`'${k}' must be true or false`);
  const out: RetryConfig = {
    enabled: (raw.enabled as boolean | undefined) ?? d.enabled,
    auto_submit: (raw.auto_submit as boolean | undefined) ?? d.auto_submit,
    default_label: raw.default_label === undefined ? d.default_label : label(raw.default_label, 'default_label'),
    response_codes: d.response_codes,
    customer_groups: d.customer_groups,
  };
  if (raw.response_codes !== undefined) {
    if (!isObj(raw.response_codes)) throw bad(`'response_codes' must be an object of gateway response code → label`);
    out.response_codes = Object.fromEntries(Object.entries(raw.response_codes).map(([k, v]) => [k, label(v, `response_codes.${k}`)]));
  }
  if (raw.customer_groups !== undefined) {
    if (!Array.isArray(raw.customer_groups) || !raw.customer_groups.length) throw bad(`'customer_groups' must be a non-empty list, the last one ${DEFAULT_GROUP_NAME}`);
    const ids = new Set<number>();
    out.customer_groups = raw.customer_groups.map((g: unknown, i: number) => {
      const w = `customer_groups[${i}]`;
      if (!isObj(g)) throw bad(`'${w}' must be an object`);
      keys(g, ['id', 'name', 'filters', 'attempts', 'smart_retry'], `${w}.`);
      if (g.smart_retry === true) throw notImplemented(`Smart Retry ('${w}.smart_retry': true)`);
      if (typeof g.id !== 'number' || !Number.isInteger(g.id) || g.id < 1) throw bad(`'${w}.id' must be a positive whole number`);
      if (ids.has(g.id)) throw bad(`'${w}.id' ${g.id} names two customer groups`);
      ids.add(g.id);
      if (typeof g.name !== 'string' || !g.name.trim() || g.name.length > 255) throw bad(`'${w}.name' is required (at most 255 characters)`);
      const last = i === (raw.customer_groups as unknown[]).length - 1;
      if (last !== (g.name === DEFAULT_GROUP_NAME)) throw bad(`'${w}': the last customer group, and only it, must be ${DEFAULT_GROUP_NAME}`);
      const filters: CustomerGroup['filters'] = {};
      if (g.filters !== undefined) {
        if (!isObj(g.filters)) throw bad(`'${w}.filters' must be an object`);
        keys(g.filters, ['batch', 'currency'], `${w}.filters.`);
        if (g.filters.batch !== undefined) filters.batch = strings(g.filters.batch, `${w}.filters.batch`);
        if (g.filters.currency !== undefined) filters.currency = strings(g.filters.currency, `${w}.filters.currency`);
      }
      if (last && Object.keys(filters).length) throw bad(`'${w}.filters': ${DEFAULT_GROUP_NAME} takes no filters`);
      if (!last && !Object.keys(filters).length) throw bad(`'${w}.filters' is required: only ${DEFAULT_GROUP_NAME} takes every account`);
      if (!Array.isArray(g.attempts) || g.attempts.length > 50) throw bad(`'${w}.attempts' must be a list of at most 50 attempts`);
      const attempts = g.attempts.map((a: unknown, n: number) => {
        if (!isObj(a)) throw bad(`'${w}.attempts[${n}]' must be an object of label → rule`);
        return Object.fromEntries(Object.entries(a).map(([k, r]) => [label(k, `${w}.attempts[${n}] key`), parseRule(r, `${w}.attempts[${n}].${k}`)])) as Partial<Record<Label, Rule>>;
      });
      return { id: g.id, name: g.name, filters, attempts };
    });
  }
  if (raw.smart_retry === true) throw notImplemented(`Smart Retry ('smart_retry': true)`);
  return out;
}

/** The group an account falls into: the first whose filters it matches. */
export function groupOf(c: RetryConfig, account: { batch: string; currency: string }): CustomerGroup {
  for (const g of c.customer_groups) {
    const f = g.filters;
    if (f.batch && !f.batch.includes(account.batch)) continue;
    if (f.currency && !f.currency.includes(account.currency)) continue;
    return g;
  }
  return c.customer_groups[c.customer_groups.length - 1]!;
}

export const labelOf = (c: RetryConfig, code: string | null): Label => (code && c.response_codes[code]) || c.default_label;

/** The hourly run at or after `at` (tenant time zone): attempts run in batch on the hour. */
export function hourlyRunAtOrAfter(at: Temporal.Instant, timeZone: string): Temporal.Instant {
  return at.toZonedDateTimeISO(timeZone).round({ smallestUnit: 'hour', roundingMode: 'ceil' }).toInstant();
}

/** The next hourly run strictly after `at` (execute now). */
export function nextHourlyRun(at: Temporal.Instant, timeZone: string): Temporal.Instant {
  return at.toZonedDateTimeISO(timeZone).round({ smallestUnit: 'hour', roundingMode: 'floor' }).add({ hours: 1 }).toInstant();
}

export type Decision = { label: Label; action: 'Stop' } | { label: Label; action: 'Retry'; criteria: 'incremental_time'; next: Temporal.Instant };

/** What follows a failed attempt `n` of a cycle in group `g`, failed with `code` at `at`. */
export function decide(c: RetryConfig, g: CustomerGroup, n: number, code: string | null, at: Temporal.Instant, timeZone: string): Decision {
  const l = labelOf(c, code);
  const rule = g.attempts[n - 1]?.[l];
  if (!rule || rule.action === 'Stop') return { label: l, action: 'Stop' };
  return { label: l, action: 'Retry', criteria: rule.criteria, next: hourlyRunAtOrAfter(at.add({ hours: rule.hours }), timeZone) };
}
