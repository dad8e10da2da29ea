/**
 * A subscription's status history (GET /v1/subscriptions/{key} `statusHistory`), built one version at a
 * time: each version's history is the one before it plus, when its status changed, a new entry. Stored
 * with every version (store.ts), so that reading any version reads one history, not every version.
 */
import type { SubscriptionDoc } from './model.js';
import { before } from './terms.js';

export interface StatusPeriod {
  startDate: string;
  endDate: string | null;
  status: string;
}

/** The header fields a version's status start is read from (a whole version doc will do). */
export type StatusFields = Pick<
  SubscriptionDoc,
  'status' | 'cancelledDate' | 'subscriptionEndDate' | 'orderDate' | 'suspendDate' | 'termEndDate' | 'resumeDate' | 'serviceActivationDate' | 'subscriptionStartDate' | 'contractEffectiveDate'
>;

/** The date a version's status took effect. */
function statusStart(d: StatusFields): string {
  switch (d.status) {
    case 'Cancelled':
      return d.cancelledDate ?? d.subscriptionEndDate ?? d.orderDate;
    case 'Suspended':
      return d.suspendDate ?? d.orderDate;
    case 'Expired':
      return d.subscriptionEndDate ?? d.termEndDate ?? d.orderDate;
    case 'Active':
      return d.resumeDate ?? d.serviceActivationDate ?? d.subscriptionStartDate;
    case 'Draft':
      return d.orderDate;
    default:
      return d.contractEffectiveDate;
  }
}

/**
 * The history up to a version from the history up to the version before it (a new list; `prev` is not
 * changed): a new entry when the status changes; each entry ends where the next begins, the last one is
 * open (endDate null).
 */
export function nextStatusHistory(prev: readonly StatusPeriod[], v: StatusFields): StatusPeriod[] {
  const out = prev.map((p) => ({ ...p }));
  const last = out[out.length - 1];
  if (last && last.status === v.status) return out;
  let start = statusStart(v);
  if (last && before(start, last.startDate)) start = last.startDate;
  if (last) last.endDate = start;
  out.push({ startDate: start, endDate: null, status: v.status });
  return out;
}
