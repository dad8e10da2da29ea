/**
 * A billing preview's `assumeRenewal` (POST /v1/operations/billing-preview, "Preview billing"): with None
 * (the default) a subscription is previewed through its current term end at most; with All every termed
 * subscription, with Autorenew those with auto-renew on, is taken as renewed, term after term, until its
 * term covers the target date, and its charges that end with the term go on to the renewed term's end.
 * A renewal term of 0 renews nothing (the page: the field works only when the renewal term is not 0); a
 * subscription that renews to evergreen goes on open-ended. Cancelled and suspended subscriptions do not
 * renew. Pure: subscriptions and rows in, rows out.
 */
import { invalidValue } from '../../platform/errors.js';
import { addPeriod, type BillingSegmentRow, type SubscriptionRecord } from '../subscriptions/contract.js';

export type AssumeRenewal = 'None' | 'All' | 'Autorenew';
export const ASSUME_RENEWAL: AssumeRenewal[] = ['None', 'All', 'Autorenew'];

/** `assumeRenewal` of a preview request: None when absent. */
export function readAssumeRenewal(v: unknown, field = 'assumeRenewal'): AssumeRenewal {
  if (v === undefined || v === null || v === '') return 'None';
  if (typeof v === 'string' && (ASSUME_RENEWAL as string[]).includes(v)) return v as AssumeRenewal;
  throw invalidValue(`'${field}' must be one of ${ASSUME_RENEWAL.join(', ')}, got '${String(v)}'`);
}

const NOT_RENEWED = new Set(['Cancelled', 'Suspended']);

/**
 * Where the subscription's term would end once renewed until it covers `through` (inclusive): a date
 * (exclusive, as term ends are), null when it renews to evergreen, or undefined when it is not renewed
 * (the mode leaves it out, it is evergreen or cancelled, its term already covers the date, or its
 * renewal term is 0).
 */
export function renewedTermEnd(sub: SubscriptionRecord, mode: AssumeRenewal, through: string): string | null | undefined {
  if (mode === 'None' || (mode === 'Autorenew' && !sub.autoRenew)) return undefined;
  if (sub.termType !== 'TERMED' || !sub.termEndDate || NOT_RENEWED.has(sub.status)) return undefined;
  if (sub.termEndDate > through) return undefined;
  const r = sub.renewal;
  if (r?.setting === 'RENEW_TO_EVERGREEN') return null;
  if (!r || !r.term || r.term <= 0) return undefined;
  let end = sub.termEndDate;
  while (end <= through) end = addPeriod(end, r.term, r.periodType);
  return end;
}

const endsWithSubscription = (c: string | null) => c === null || /^subscription_?end$/i.test(c);

/**
 * The rows of one subscription as if renewed: each charge segment that ends where the term ends (its
 * charge ending with the subscription) goes on to the renewed end; the term of every row is the renewed one.
 */
export function renewRows(rows: BillingSegmentRow[], sub: SubscriptionRecord, end: string | null): BillingSegmentRow[] {
  const termEnd = sub.termEndDate;
  return rows.map((r) => {
    const goesOn = endsWithSubscription(r.endDateCondition) && r.segmentEndDate === termEnd && r.chargeEndDate === termEnd && r.removedDate === null && r.cancelledDate === null;
    const base: BillingSegmentRow = end === null ? { ...r, termType: 'EVERGREEN', termEndDate: null, subscriptionEndDate: null } : { ...r, termEndDate: end, subscriptionEndDate: end };
    return goesOn ? { ...base, chargeEndDate: end, segmentEndDate: end } : base;
  });
}
