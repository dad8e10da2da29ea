// The stored layout of subscription versions (src/modules/subscriptions/version-parts.ts), pure: any
// history of versions laid out as header rows and ranged parts composes back to every version exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChargeDoc, RatePlanDoc, SubscriptionDoc } from '../../src/modules/subscriptions/model.js';
import { nextStatusHistory } from '../../src/modules/subscriptions/status-history.js';
import { assignVersionIds, composeVersion, layOut, parseVersionedId, splitVersion, versionedId } from '../../src/modules/subscriptions/version-parts.js';
import { statusHistoryOf } from '../../src/modules/subscriptions/view.js';
import { newId } from '../../src/platform/ids.js';

let seq = 0;
const hex = () => (seq++, newId());

function charge(name: string): ChargeDoc {
  const id = hex();
  return {
    id,
    originalChargeId: id,
    number: `C-${seq}`,
    productRatePlanChargeId: hex(),
    productRatePlanChargeNumber: null,
    name,
    description: '',
    type: 'Recurring',
    model: 'FlatFee',
    chargeModel: 'Flat Fee Pricing',
    billingPeriod: 'Month',
    specificBillingPeriod: null,
    billingPeriodAlignment: null,
    billingTiming: null,
    billCycleType: null,
    billCycleDay: null,
    listPriceBase: null,
    endDateCondition: 'Subscription_End',
    upToPeriods: null,
    upToPeriodsType: null,
    specificEndDate: null,
    triggerEvent: 'ContractEffective',
    specificTriggerDate: null,
    uom: null,
    currency: 'USD',
    applyDiscountTo: null,
    discountLevel: null,
    priceChangeOption: null,
    priceIncreasePercentage: null,
    pending: false,
    customFields: {},
    segments: [{ id: hex(), segment: 1, effectiveStartDate: '2024-01-01', effectiveEndDate: null, quantity: '1', price: '10', tiers: [], discountPercentage: null, discountAmount: null, version: 1, includedUnits: null, overagePrice: null }],
  };
}
function plan(): RatePlanDoc {
  const id = hex();
  return { id, originalRatePlanId: id, subscriptionRatePlanNumber: `SRP-${seq}`, productId: hex(), productName: 'P', productSku: 'S', productRatePlanId: hex(), productRatePlanNumber: null, ratePlanName: 'Base', lastChangeType: null, removedDate: null, customFields: {}, charges: [charge('Fee')] };
}
function first(): SubscriptionDoc {
  const id = hex();
  return {
    id,
    originalId: id,
    previousSubscriptionId: null,
    subscriptionNumber: 'A-S1',
    version: 1,
    accountId: hex(),
    accountNumber: 'A1',
    accountName: 'A',
    invoiceOwnerAccountId: hex(),
    invoiceOwnerAccountNumber: 'A1',
    invoiceOwnerAccountName: 'A',
    status: 'Active',
    termType: 'EVERGREEN',
    initialTerm: null,
    initialTermPeriodType: 'Month',
    currentTerm: null,
    currentTermPeriodType: 'Month',
    renewalTerm: null,
    renewalTermPeriodType: 'Month',
    renewalSetting: 'RENEW_WITH_SPECIFIC_TERM',
    autoRenew: false,
    termStartDate: '2024-01-01',
    termEndDate: null,
    contractEffectiveDate: '2024-01-01',
    serviceActivationDate: '2024-01-01',
    customerAcceptanceDate: '2024-01-01',
    subscriptionStartDate: '2024-01-01',
    subscriptionEndDate: null,
    cancelledDate: null,
    suspendDate: null,
    resumeDate: null,
    orderDate: '2024-01-01',
    currency: 'USD',
    notes: '',
    invoiceSeparately: false,
    paymentTerm: null,
    invoiceTemplateId: null,
    invoiceGroupNumber: null,
    sequenceSetId: null,
    billToContactId: null,
    soldToContactId: null,
    shipToContactId: null,
    orderNumber: null,
    externallyManagedBy: null,
    createdDate: '2024-01-01 00:00:00',
    updatedDate: '2024-01-01 00:00:00',
    customFields: {},
    ratePlans: [plan()],
  };
}

type Edit = { kind: 'terms' } | { kind: 'addPlan' } | { kind: 'newSegment'; at: number } | { kind: 'remove'; at: number } | { kind: 'status'; status: string } | { kind: 'randomIds' };

/** The next version as the engine makes it (orders.ts nextVersionOf), with one edit. */
function next(prev: SubscriptionDoc, e: Edit): SubscriptionDoc {
  const d = structuredClone(prev);
  d.previousSubscriptionId = prev.id;
  d.id = hex();
  d.version = prev.version + 1;
  if (e.kind === 'randomIds') {
    // the old code: a random id for every plan and charge of every version
    for (const rp of d.ratePlans) {
      rp.previousRatePlanId = rp.id;
      rp.id = hex();
      for (const c of rp.charges) c.id = hex();
    }
  } else assignVersionIds(d);
  for (const rp of d.ratePlans) if (rp.lastChangeType !== 'Remove') rp.lastChangeType = null;
  const live = d.ratePlans.filter((r) => !r.removedDate);
  if (e.kind === 'terms') d.autoRenew = !d.autoRenew;
  if (e.kind === 'status') d.status = e.status;
  if (e.kind === 'addPlan') d.ratePlans.push({ ...plan(), lastChangeType: 'Add' });
  if (e.kind === 'newSegment' && live.length) {
    const rp = live[e.at % live.length]!;
    rp.lastChangeType = 'Update';
    const c = rp.charges[0]!;
    const last = c.segments[c.segments.length - 1]!;
    last.effectiveEndDate = `2024-02-${String(1 + (d.version % 27)).padStart(2, '0')}`;
    c.segments.push({ ...structuredClone(last), id: hex(), segment: c.segments.length + 1, effectiveStartDate: last.effectiveEndDate, effectiveEndDate: null, quantity: String(d.version), version: d.version });
  }
  if (e.kind === 'remove' && live.length > 1) {
    const rp = live[e.at % live.length]!;
    rp.lastChangeType = 'Remove';
    rp.removedDate = '2024-03-01';
  }
  return d;
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant({ kind: 'terms' } as Edit),
  fc.constant({ kind: 'addPlan' } as Edit),
  fc.nat(5).map((at) => ({ kind: 'newSegment', at }) as Edit),
  fc.nat(5).map((at) => ({ kind: 'remove', at }) as Edit),
  fc.constantFrom('Active', 'Suspended', 'Cancelled').map((status) => ({ kind: 'status', status }) as Edit),
  fc.constant({ kind: 'randomIds' } as Edit),
);

function history(edits: Edit[]): SubscriptionDoc[] {
  const docs = [first()];
  for (const e of edits) docs.push(next(docs[docs.length - 1]!, e));
  return docs;
}

describe('versionedId', () => {
  it("keeps the original's first 24 hex digits and puts the version in the last 8; parses back", () => {
    expect(versionedId('0123456789abcdef0123456789abcdef', 2)).toBe('0123456789abcdef0123456700000002');
    expect(versionedId('0123456789abcdef0123456789abcdef', 300)).toBe('0123456789abcdef012345670000012c');
    expect(parseVersionedId('0123456789abcdef012345670000012c')).toEqual({ stem: '0123456789abcdef01234567', version: 300 });
    expect(versionedId('not-an-id', 2)).toBeNull();
    expect(versionedId(undefined, 2)).toBeNull();
    expect(parseVersionedId('0123')).toBeNull();
    // a random id whose tail is beyond any version (and PostgreSQL's integer) is no derived id
    expect(parseVersionedId('0123456789abcdef01234567ffffffff')).toBeNull();
    expect(parseVersionedId('0123456789abcdef0123456700000000')).toBeNull();
  });
});

describe('layOut and composeVersion', () => {
  it('every version of any history composes back exactly from its header and the parts whose range holds it (property)', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 25 }), (edits) => {
        const docs = history(edits);
        const laid = layOut(docs);
        for (const d of docs) {
          const v = laid.versions.find((x) => x.version === d.version)!;
          const parts = laid.parts.filter((p) => p.from <= d.version && (p.to === null || p.to >= d.version));
          expect(composeVersion(v.header, v.ids, parts)).toEqual(d);
          expect(v.statusHistory).toEqual(statusHistoryOf(docs.filter((x) => x.version <= d.version)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('unchanged parts are stored once: terms changes add none, a new segment adds its own row and its predecessor’s new end', () => {
    const docs = history([{ kind: 'terms' }, { kind: 'terms' }, { kind: 'terms' }]);
    expect(layOut(docs).parts).toHaveLength(3);
    const seg = history([{ kind: 'newSegment', at: 0 }, { kind: 'terms' }]);
    // version 1: plan, charge, segment; version 2: the plan (lastChangeType Update), the old segment's end, the new segment; version 3: the plan again (lastChangeType reset)
    expect(layOut(seg).parts).toHaveLength(3 + 3 + 1);
    // version 1 keeps its ids (the originals) and says the plan has no previous one; version 2 the plan's previous id (version 1's); version 3 nothing
    expect(layOut(seg).versions.map((v) => v.ids && Object.keys(v.ids).sort())).toEqual([['c', 'np', 'p'], ['pp'], null]);
  });

  it('derived ids need no override; random ones (the old layout) are kept per version', () => {
    const docs = history([{ kind: 'terms' }, { kind: 'randomIds' }]);
    const s2 = splitVersion(docs[1]!);
    // version 2 names the plan's previous id, the random id it had in version 1
    expect(s2.ids).toEqual({ pp: { [docs[0]!.ratePlans[0]!.originalRatePlanId]: docs[0]!.ratePlans[0]!.id } });
    expect(s2.explicitPlanIds).toEqual([]);
    const s3 = splitVersion(docs[2]!);
    expect(s3.explicitPlanIds).toEqual([docs[2]!.ratePlans[0]!.id]);
    expect(s3.ids?.c?.[docs[0]!.ratePlans[0]!.charges[0]!.originalChargeId]).toBe(docs[2]!.ratePlans[0]!.charges[0]!.id);
  });

  it('the status history grows one version at a time as statusHistoryOf builds it from all of them', () => {
    const a = { ...first(), status: 'Active' };
    const s = { ...a, version: 2, status: 'Suspended', suspendDate: '2024-05-01' };
    const r = { ...a, version: 3, status: 'Active', resumeDate: '2024-06-01' };
    const step = nextStatusHistory(nextStatusHistory(nextStatusHistory([], a), s), r);
    expect(step).toEqual([
      { startDate: '2024-01-01', endDate: '2024-05-01', status: 'Active' },
      { startDate: '2024-05-01', endDate: '2024-06-01', status: 'Suspended' },
      { startDate: '2024-06-01', endDate: null, status: 'Active' },
    ]);
    expect(statusHistoryOf([r, a, s])).toEqual(step);
  });
});
