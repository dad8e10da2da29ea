// Subscription versions store what changed (src/modules/subscriptions/version-parts.ts): reading a version
// reads its header and its own parts, whatever its number; storage grows with the changes; migration 0401
// converts versions stored whole and they read exactly as before.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, migrate } from '../../src/app.js';
import { convertWholeDocumentVersions } from '../../src/modules/subscriptions/migrations.js';
import type { SubscriptionDoc } from '../../src/modules/subscriptions/model.js';
import { subscriptionReader } from '../../src/modules/subscriptions/service.js';
import { versionByNumber } from '../../src/modules/subscriptions/store.js';
import { loadConfig } from '../../src/platform/config.js';
import { makeCtx } from '../../src/platform/context.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { newId } from '../../src/platform/ids.js';
import { ADMIN_KEY, dbUrl, type Client, type Res } from '../helpers.js';
import { modulesWithWidgets } from '../platform/fixture-module.js';
import { makeCatalog, newAccount } from './fixtures.js';

/** Counts the rows every statement returns while on, by the tables it names. */
class RowCounter implements KyselyPlugin {
  on = false;
  private tables = new Map<unknown, string[]>();
  rows: Record<string, number> = {};
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.on) {
      const names = new Set<string>();
      const walk = (n: unknown): void => {
        if (!n || typeof n !== 'object') return;
        if (Array.isArray(n)) return n.forEach(walk);
        const o = n as Record<string, unknown>;
        if (o.kind === 'TableNode') names.add(((o.table as Record<string, unknown>).identifier as { name: string }).name);
        Object.values(o).forEach(walk);
      };
      walk(args.node);
      this.tables.set(args.queryId, [...names]);
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const names = this.tables.get(args.queryId);
    if (names) {
      this.tables.delete(args.queryId);
      for (const n of names) this.rows[n] = (this.rows[n] ?? 0) + args.result.rows.length;
      this.rows['*'] = (this.rows['*'] ?? 0) + args.result.rows.length;
    }
    return args.result;
  }
  async count(fn: () => Promise<unknown>): Promise<Record<string, number>> {
    this.rows = {};
    this.on = true;
    try {
      await fn();
    } finally {
      this.on = false;
    }
    return this.rows;
  }
}

// The real app on the test database, its handle counting rows (test/helpers.ts setupApp, with the plugin).
const counter = new RowCounter();
const base = openDatabase(dbUrl());
await migrate(base, modulesWithWidgets);
const database = { ...base, db: base.db.withPlugin(counter) };
const { app, tenants } = await buildApp({ config: { ...loadConfig({}), adminKey: ADMIN_KEY }, database, modules: modulesWithWidgets });
afterAll(async () => {
  await app.close();
  await base.close();
});

async function inject(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<Res> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const r = await app.inject({ method: method as 'GET', url, payload, headers: { 'content-type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json', ...headers } });
  const raw = r.body;
  let parsed: unknown = raw;
  try {
    parsed = raw ? JSON.parse(raw) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: r.statusCode, headers: r.headers, body: parsed, raw };
}
async function newClient(): Promise<Client> {
  const { tenant, client } = await tenants.create({});
  const tok = await inject('POST', '/oauth/token', `grant_type=client_credentials&client_id=${encodeURIComponent(client.clientId)}&client_secret=${encodeURIComponent(client.clientSecret)}`, {});
  const token = tok.body.access_token as string;
  const req = (m: string, u: string, b?: unknown, h: Record<string, string> = {}) => inject(m, u, b, { authorization: `Bearer ${token}`, ...h });
  return {
    tenant,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    token,
    req,
    get: (u, h) => req('GET', u, undefined, h),
    post: (u, b, h) => req('POST', u, b ?? {}, h),
    put: (u, b, h) => req('PUT', u, b ?? {}, h),
    del: (u, h) => req('DELETE', u, undefined, h),
  };
}

const ctxOf = (c: Client) => makeCtx(c.tenant, database.db);
const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

async function order(c: Client, accountNumber: string, num: string, actions: unknown[], orderDate: string) {
  const r = await c.post('/v1/orders', { existingAccountNumber: accountNumber, orderDate, subscriptions: [{ subscriptionNumber: num, orderActions: actions }] });
  expect(r.body.success, JSON.stringify(r.body)).toBe(true);
  return r.body;
}

async function subscribe(c: Client) {
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  const r = await c.post('/v1/orders', {
    existingAccountNumber: acc.accountNumber,
    orderDate: '2024-01-01',
    subscriptions: [
      {
        orderActions: [
          {
            type: 'CreateSubscription',
            createSubscription: {
              terms: { initialTerm: { period: 120, periodType: 'Month', termType: 'TERMED' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew: true },
              subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }],
            },
          },
        ],
      },
    ],
  });
  expect(r.body.success, JSON.stringify(r.body)).toBe(true);
  return { cat, acc, num: r.body.subscriptions[0].subscriptionNumber as string };
}

async function tableRows(table: string, tenantId: string): Promise<number> {
  const r = await base.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(r.n);
}
const partsIn = (d: SubscriptionDoc) => d.ratePlans.reduce((n, rp) => n + 1 + rp.charges.reduce((m, ch) => m + 1 + ch.segments.length, 0), 0);
async function docOf(c: Client, num: string, v: number): Promise<SubscriptionDoc> {
  return (await versionByNumber(ctxOf(c), num, v))!.doc;
}
const seatsOf = (s: { ratePlans: Array<{ ratePlanCharges: Array<{ name: string; number: string }> }> }) => s.ratePlans[0]!.ratePlanCharges.find((x) => x.name === 'Seats')!;

describe('reading a version costs the same at version 1 and version 100', () => {
  it('100 versions (98 terms changes, then a cancellation): GET of version 100, the latest, the billing view and the status history read no more rows than version 1', async () => {
    const c = await newClient();
    const { acc, num } = await subscribe(c);
    for (let i = 1; i <= 98; i++) await order(c, acc.accountNumber, num, [{ type: 'TermsAndConditions', termsAndConditions: { autoRenew: i % 2 === 0 } }], day(i));
    await order(c, acc.accountNumber, num, [{ type: 'CancelSubscription', cancelSubscription: { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2024-06-01' } }], day(99));

    let v1: Res | undefined;
    let v100: Res | undefined;
    let latest: Res | undefined;
    const r1 = await counter.count(async () => (v1 = await c.get(`/v1/subscriptions/${num}/versions/1`)));
    const r100 = await counter.count(async () => (v100 = await c.get(`/v1/subscriptions/${num}/versions/100`)));
    const rLatest = await counter.count(async () => (latest = await c.get(`/v1/subscriptions/${num}`)));
    expect(v1!.body).toMatchObject({ success: true, version: 1, status: 'Active', statusHistory: [{ startDate: '2024-01-01', endDate: null, status: 'Active' }] });
    expect(v100!.body).toMatchObject({ success: true, version: 100, status: 'Cancelled', isLatestVersion: true });
    expect(v100!.body.statusHistory).toEqual([
      { startDate: '2024-01-01', endDate: '2024-06-01', status: 'Active' },
      { startDate: '2024-06-01', endDate: null, status: 'Cancelled' },
    ]);
    expect(latest!.body.version).toBe(100);
    // version 1 has no version before it (for the change metrics); version 100 reads version 99 too: same parts
    const subRows = (r: Record<string, number>) => Object.entries(r).filter(([k]) => k.startsWith('sub_')).reduce((n, [, v]) => n + v, 0);
    expect(r1.sub_versions).toBeGreaterThan(0);
    expect(r100.sub_versions).toBeLessThanOrEqual(r1.sub_versions! + 2);
    expect(r100.sub_parts).toBe(2 * partsIn(await docOf(c, num, 100)));
    expect(r1.sub_parts).toBe(partsIn(await docOf(c, num, 1)));
    expect(partsIn(await docOf(c, num, 100))).toBe(partsIn(await docOf(c, num, 1)));
    // the whole request, every table: version 100 reads at most the version before it more than version 1
    expect(r100['*']!).toBeLessThanOrEqual(r1['*']! + 2 + partsIn(await docOf(c, num, 99)));
    expect(rLatest['*']!).toBeLessThanOrEqual(r100['*']!);
    // the old layout read every version for the status history: 100 whole documents
    expect(subRows(r100)).toBeLessThan(2 * subRows(r1) + 4);

    // the reader (billing view, order previews, queries): one version row and its parts
    const b1 = await counter.count(() => subscriptionReader.getSubscription(ctxOf(c), num, 1));
    const b100 = await counter.count(() => subscriptionReader.getSubscription(ctxOf(c), num, 100));
    const bLatest = await counter.count(() => subscriptionReader.getSubscription(ctxOf(c), num));
    expect(b100).toEqual(b1);
    expect(bLatest).toEqual(b1);
    expect(b1).toEqual({ sub_versions: 1, sub_parts: partsIn(await docOf(c, num, 1)), '*': 1 + partsIn(await docOf(c, num, 1)) });
  });

  it('versions that add segments: a GET reads the parts of its version (and the one before), never those of other versions', async () => {
    const c = await newClient();
    const { acc, num } = await subscribe(c);
    for (let i = 1; i < 30; i++) {
      const s = (await c.get(`/v1/subscriptions/${num}`)).body;
      await order(c, acc.accountNumber, num, [{ type: 'UpdateProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: day(i) }], updateProduct: { ratePlanId: s.ratePlans[0].id, chargeUpdates: [{ chargeNumber: seatsOf(s).number, pricing: { recurringPerUnit: { quantity: i + 1 } } }] } }], day(i));
    }
    for (const v of [2, 15, 30]) {
      const r = await counter.count(() => c.get(`/v1/subscriptions/${num}/versions/${v}?charge-detail=all-segments`));
      expect(r.sub_parts, `version ${v}`).toBe(partsIn(await docOf(c, num, v)) + partsIn(await docOf(c, num, v - 1)));
    }
    const all = (await c.get(`/v1/subscriptions/${num}/versions/30?charge-detail=all-segments`)).body;
    expect((seatsOf(all) as unknown as { chargeSegments: Array<{ quantity: number }> }).chargeSegments.map((x) => x.quantity)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});

describe('storage grows with the changes', () => {
  it('N quantity updates: parts rows grow by a bounded number per version, stored bytes linearly', async () => {
    const c = await newClient();
    const { acc, num } = await subscribe(c);
    const sizes: Array<{ versions: number; parts: number; bytes: number }> = [];
    const measure = async (versions: number) => {
      const bodies = await base.db.selectFrom('sub_parts').select('body').where('tenant_id', '=', c.tenant.id).execute();
      const heads = await base.db.selectFrom('sub_versions').select(['doc', 'ids', 'status_history']).where('tenant_id', '=', c.tenant.id).execute();
      const bytes = bodies.reduce((n, r) => n + String(r.body).length, 0) + heads.reduce((n, r) => n + String(r.doc).length + String(r.ids ?? '').length + String(r.status_history ?? '').length, 0);
      sizes.push({ versions, parts: await tableRows('sub_parts', c.tenant.id), bytes });
    };
    await measure(1);
    for (let i = 1; i < 40; i++) {
      const s = (await c.get(`/v1/subscriptions/${num}`)).body;
      await order(c, acc.accountNumber, num, [{ type: 'UpdateProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: day(i) }], updateProduct: { ratePlanId: s.ratePlans[0].id, chargeUpdates: [{ chargeNumber: seatsOf(s).number, pricing: { recurringPerUnit: { quantity: i + 1 } } }] } }], day(i));
      if (i === 19 || i === 39) await measure(i + 1);
    }
    const [one, twenty, forty] = sizes as [(typeof sizes)[0], (typeof sizes)[0], (typeof sizes)[0]];
    // version 1: 1 plan, 2 charges, 2 segments; each update: the new segment, the old one's end, the plan's lastChangeType (and its reset)
    expect(one.parts).toBe(5);
    expect(forty.parts).toBeLessThanOrEqual(one.parts + 4 * 39);
    // linear: the second 20 versions cost no more than the first 19 did, with a little slack (whole documents: about 3×)
    expect(forty.bytes - twenty.bytes).toBeLessThan(((twenty.bytes - one.bytes) * 20) / 19 * 1.25);
    expect(forty.parts - twenty.parts).toBeLessThanOrEqual(Math.ceil(((twenty.parts - one.parts) * 20) / 19));
    expect(await tableRows('sub_versions', c.tenant.id)).toBe(40);
  });

  it('terms changes write no part at all; a new rate plan per version writes one plan, its charge and segment (plus the id bookkeeping)', async () => {
    const c = await newClient();
    const { cat, acc, num } = await subscribe(c);
    const before = await tableRows('sub_parts', c.tenant.id);
    for (let i = 1; i <= 10; i++) await order(c, acc.accountNumber, num, [{ type: 'TermsAndConditions', termsAndConditions: { autoRenew: i % 2 === 0 } }], day(i));
    expect(await tableRows('sub_parts', c.tenant.id)).toBe(before);
    for (let i = 11; i <= 30; i++) await order(c, acc.accountNumber, num, [{ type: 'AddProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: day(i) }], addProduct: { productRatePlanId: cat.addonPlanId } }], day(i));
    const latest = await docOf(c, num, 31);
    expect(latest.ratePlans).toHaveLength(21);
    // each AddProduct: plan, charge, segment, then the plan's lastChangeType reset and its previousRatePlanId in the next version
    expect(await tableRows('sub_parts', c.tenant.id)).toBeLessThanOrEqual(before + 20 * 5);
    // whole documents would have held 1 + 2 + … + 21 rate plans
    expect(await tableRows('sub_plan_ids', c.tenant.id)).toBeLessThanOrEqual(1 + 2 * 20);
  });
});

describe('reads and writes keep every version as it was', () => {
  it('ids: a rate plan and charge get a new id in each version, found by GET /v1/rateplans/{id} in each', async () => {
    const c = await newClient();
    const { cat, acc, num } = await subscribe(c);
    await order(c, acc.accountNumber, num, [{ type: 'AddProduct', addProduct: { productRatePlanId: cat.addonPlanId } }], '2024-02-01');
    await order(c, acc.accountNumber, num, [{ type: 'TermsAndConditions', termsAndConditions: { autoRenew: false } }], '2024-03-01');
    const seen = new Set<string>();
    for (const v of [1, 2, 3]) {
      const s = (await c.get(`/v1/subscriptions/${num}/versions/${v}`)).body;
      for (const rp of s.ratePlans) {
        expect(rp.id).toMatch(/^[0-9a-f]{32}$/);
        expect(seen.has(rp.id)).toBe(false);
        seen.add(rp.id);
        const g = await c.get(`/v1/rateplans/${rp.id}`);
        expect(g.body, `version ${v} plan ${rp.ratePlanName}`).toMatchObject({ success: true, id: rp.id, subscriptionVersion: v, ratePlanName: rp.ratePlanName });
        for (const ch of rp.ratePlanCharges) {
          expect(seen.has(ch.id)).toBe(false);
          seen.add(ch.id);
        }
      }
    }
    const d3 = await docOf(c, num, 3);
    const d2 = await docOf(c, num, 2);
    expect(d3.ratePlans.map((r) => r.previousRatePlanId)).toEqual(d2.ratePlans.map((r) => r.id));
    expect((await c.get(`/v1/rateplans/${'0'.repeat(24)}00000002`)).status).toBe(404);
  });

  it('deleting the latest order gives back the version before, exactly; the next order builds on it', async () => {
    const c = await newClient();
    const { cat, acc, num } = await subscribe(c);
    const s1 = (await c.get(`/v1/subscriptions/${num}?charge-detail=all-segments`)).body;
    const o2 = await order(c, acc.accountNumber, num, [{ type: 'UpdateProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-03-01' }], updateProduct: { ratePlanId: s1.ratePlans[0].id, chargeUpdates: [{ chargeNumber: seatsOf(s1).number, pricing: { recurringPerUnit: { quantity: 3 } } }] } }], '2024-03-01');
    const s2 = (await c.get(`/v1/subscriptions/${num}?charge-detail=all-segments`)).body;
    const d2 = await docOf(c, num, 2);
    const o3 = await order(c, acc.accountNumber, num, [{ type: 'AddProduct', addProduct: { productRatePlanId: cat.addonPlanId } }, { type: 'RemoveProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-05-01' }], removeProduct: { ratePlanId: s2.ratePlans[0].id } }], '2024-04-01');
    expect(o3.orderNumber).not.toBe(o2.orderNumber);
    const parts3 = await tableRows('sub_parts', c.tenant.id);
    const del = await c.del(`/v1/orders/${o3.orderNumber}`);
    expect(del.body.success, JSON.stringify(del.body)).toBe(true);
    expect((await c.get(`/v1/subscriptions/${num}?charge-detail=all-segments`)).body).toEqual(s2);
    expect(await docOf(c, num, 2)).toEqual(d2);
    expect(await tableRows('sub_parts', c.tenant.id)).toBeLessThan(parts3);
    await order(c, acc.accountNumber, num, [{ type: 'TermsAndConditions', termsAndConditions: { autoRenew: false } }], '2024-04-02');
    const s3 = (await c.get(`/v1/subscriptions/${num}?charge-detail=all-segments`)).body;
    expect(s3).toMatchObject({ version: 3, autoRenew: false });
    expect(s3.ratePlans).toHaveLength(1);
    expect((await c.get(`/v1/subscriptions/${num}/versions/2?charge-detail=all-segments`)).body).toEqual({ ...s2, isLatestVersion: false });
  });

  it("a version's custom fields change in place: that version only, the ones before and after read as they did", async () => {
    const c = await newClient();
    const { acc, num } = await subscribe(c);
    for (let i = 1; i <= 3; i++) await order(c, acc.accountNumber, num, [{ type: 'TermsAndConditions', termsAndConditions: { autoRenew: i % 2 === 0 } }], day(i));
    const read = (v: number) => c.get(`/v1/subscriptions/${num}/versions/${v}?charge-detail=all-segments`).then((r) => r.body);
    const before = [await read(1), await read(2), await read(3), await read(4)];
    const rp = before[1].ratePlans[0];
    const ch = rp.ratePlanCharges[0];
    const r = await c.put(`/v1/subscriptions/${num}/versions/2/customFields`, { customFields: { Region__c: 'EU' }, ratePlans: [{ ratePlanId: rp.id, customFields: { Tier__c: 'Gold' }, charges: [{ chargeNumber: ch.number, customFields: { Note__c: 'two' } }] }] });
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const after = [await read(1), await read(2), await read(3), await read(4)];
    expect(after[0]).toEqual(before[0]);
    expect(after[2]).toEqual(before[2]);
    expect(after[3]).toEqual(before[3]);
    expect(after[1]).toMatchObject({ Region__c: 'EU', ratePlans: [{ id: rp.id, Tier__c: 'Gold', ratePlanCharges: expect.arrayContaining([expect.objectContaining({ number: ch.number, Note__c: 'two' })]) }] });
    expect({ ...after[1], Region__c: undefined, updateTime: undefined, ratePlans: undefined }).toEqual({ ...before[1], Region__c: undefined, updateTime: undefined, ratePlans: undefined });
  });
});

describe('migration 0401: versions stored whole read exactly as before', () => {
  it('a subscription written in the old layout (whole documents, random ids per version) is converted and reads unchanged', async () => {
    const c = await newClient();
    const { cat, acc, num } = await subscribe(c);
    const s1 = (await c.get(`/v1/subscriptions/${num}`)).body;
    await order(c, acc.accountNumber, num, [{ type: 'UpdateProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-03-01' }], updateProduct: { ratePlanId: s1.ratePlans[0].id, chargeUpdates: [{ chargeNumber: seatsOf(s1).number, pricing: { recurringPerUnit: { quantity: 4 } } }] } }], '2024-03-01');
    await order(c, acc.accountNumber, num, [{ type: 'AddProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-04-01' }], addProduct: { productRatePlanId: cat.addonPlanId } }], '2024-04-01');
    await order(c, acc.accountNumber, num, [{ type: 'Suspend', suspend: { suspendPolicy: 'SpecificDate', suspendSpecificDate: '2024-09-01' } }], '2024-08-20');
    await order(c, acc.accountNumber, num, [{ type: 'Resume', resume: { resumePolicy: 'SpecificDate', resumeSpecificDate: '2024-10-01', extendsTerm: true } }], '2024-09-25');
    const s5 = (await c.get(`/v1/subscriptions/${num}`)).body;
    await order(c, acc.accountNumber, num, [{ type: 'RemoveProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-11-01' }], removeProduct: { ratePlanId: s5.ratePlans[1].id } }], '2024-10-15');
    await order(c, acc.accountNumber, num, [{ type: 'TermsAndConditions', termsAndConditions: { autoRenew: false } }], '2024-12-01');
    const N = 7;
    const ctx = ctxOf(c);
    const docs: SubscriptionDoc[] = [];
    for (let v = 1; v <= N; v++) docs.push(await docOf(c, num, v));

    // The old code gave every rate plan and charge a random id in each version after the one that added it.
    const remap = new Map<string, string>();
    for (const d of docs) for (const rp of d.ratePlans) {
      if (rp.id !== rp.originalRatePlanId) remap.set(rp.id, newId());
      for (const ch of rp.charges) if (ch.id !== ch.originalChargeId) remap.set(ch.id, newId());
    }
    expect(remap.size).toBeGreaterThan(10);
    const mapIds = (s: string) => s.replace(/[0-9a-f]{32}/g, (id) => remap.get(id) ?? id);

    const reads = async () => {
      const out: Record<string, unknown> = {};
      for (let v = 1; v <= N; v++) {
        out[`v${v}`] = (await c.get(`/v1/subscriptions/${num}/versions/${v}?charge-detail=all-segments`)).body;
        out[`v${v}-last`] = (await c.get(`/v1/subscriptions/${num}/versions/${v}`)).body;
        out[`reader${v}`] = await subscriptionReader.getSubscription(ctx, num, v);
      }
      out.latest = (await c.get(`/v1/subscriptions/${num}`)).body;
      out.account = (await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body;
      const query = (await c.post('/v1/action/query', { queryString: `select Id, Name, SubscriptionId from RatePlan` })).body;
      out.query = { ...query, records: query.records?.map((r: { Id: string }) => mapIds(JSON.stringify(r))).sort() };
      return out;
    };
    const expected = JSON.parse(mapIds(JSON.stringify(await reads())));
    expect((expected.query as { size: number }).size).toBe(12);
    const plans = docs.flatMap((d) => d.ratePlans.map((rp) => ({ id: remap.get(rp.id) ?? rp.id, v: d.version })));

    // Write the old layout: each version's whole document in `doc`, as migration 0401 finds it.
    await base.db.deleteFrom('sub_parts').where('tenant_id', '=', c.tenant.id).execute();
    await base.db.deleteFrom('sub_plan_ids').where('tenant_id', '=', c.tenant.id).execute();
    for (const d of docs) {
      const old = JSON.parse(mapIds(JSON.stringify(d))) as SubscriptionDoc;
      await base.db.updateTable('sub_versions').set({ doc: JSON.stringify(old), layout: 1, ids: null, status_history: null }).where('tenant_id', '=', c.tenant.id).where('id', '=', d.id).execute();
    }
    expect(await base.db.selectFrom('sub_versions').select('id').where('tenant_id', '=', c.tenant.id).where('layout', '=', 1).execute()).toHaveLength(N);

    expect(await convertWholeDocumentVersions(base.db)).toBeGreaterThanOrEqual(1);
    expect(await reads()).toEqual(expected);
    for (const p of plans) expect((await c.get(`/v1/rateplans/${p.id}`)).body, p.id).toMatchObject({ success: true, id: p.id, subscriptionVersion: p.v });
    // linear after conversion too: the parts are no more than the documents' changes
    expect(await tableRows('sub_parts', c.tenant.id)).toBeLessThan(docs.reduce((n, d) => n + partsIn(d), 0));

    // and it goes on: a new version after the migrated ones, the old ones unchanged
    await order(c, acc.accountNumber, num, [{ type: 'CancelSubscription', cancelSubscription: { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2025-01-01' } }], '2024-12-02');
    for (let v = 1; v < N; v++) expect((await c.get(`/v1/subscriptions/${num}/versions/${v}?charge-detail=all-segments`)).body, `v${v}`).toEqual(expected[`v${v}`]);
    expect((await c.get(`/v1/subscriptions/${num}/versions/${N}?charge-detail=all-segments`)).body).toEqual({ ...(expected[`v${N}`] as object), isLatestVersion: false });
    const s8 = (await c.get(`/v1/subscriptions/${num}?charge-detail=all-segments`)).body;
    expect(s8).toMatchObject({ version: N + 1, autoRenew: false, status: 'Cancelled', subscriptionEndDate: '2025-01-01' });
    expect(s8.statusHistory).toEqual([...(expected[`v${N}`] as { statusHistory: Array<{ endDate: string | null }> }).statusHistory.slice(0, -1), { ...(expected[`v${N}`] as { statusHistory: object[] }).statusHistory.at(-1), endDate: '2025-01-01' }, { startDate: '2025-01-01', endDate: null, status: 'Cancelled' }]);
    expect(s8.ratePlans.map((r: { ratePlanName: string }) => r.ratePlanName)).toEqual((expected[`v${N}`] as { ratePlans: Array<{ ratePlanName: string }> }).ratePlans.map((r) => r.ratePlanName));
  });
});

describe('order limits (Zuora: 50 subscriptions and order actions synchronously, 300 asynchronously)', () => {
  const createMany = (accountNumber: string, planId: string, n: number) => ({
    existingAccountNumber: accountNumber,
    orderDate: '2024-01-01',
    subscriptions: Array.from({ length: n }, () => ({
      orderActions: [{ type: 'CreateSubscription', createSubscription: { terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: planId }] } }],
    })),
  });

  it('POST /v1/orders and /v1/orders/preview take 50, refuse 51; the async create and preview take 300, refuse 301', async () => {
    const c = await newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const sync = await c.post('/v1/orders', createMany(acc.accountNumber, cat.basePlanId, 51));
    expect(sync.body.success).toBe(false);
    expect(sync.body.reasons[0]).toMatchObject({ code: 50000070 });
    expect(sync.body.reasons[0].message).toContain('at most 50 subscriptions');
    const prev = await c.post('/v1/orders/preview', { ...createMany(acc.accountNumber, cat.basePlanId, 51), previewOptions: { previewTypes: ['OrderMetrics'] } });
    expect(prev.body.success).toBe(false);
    expect(prev.body.reasons[0].message).toContain('at most 50 subscriptions');

    const job = async (path: string, n: number) => {
      // a preview needs its previewOptions (required by the spec and Zuora)
      const body = { ...createMany(acc.accountNumber, cat.basePlanId, n), ...(path.endsWith('/preview') ? { previewOptions: { previewTypes: ['OrderMetrics'] } } : {}) };
      const r = await c.post(path, body);
      expect(r.body.success, JSON.stringify(r.body)).toBe(true);
      for (let k = 0; k < 600; k++) {
        const j = (await c.get(`/v1/async-jobs/${r.body.jobId}`)).body;
        if (j.status !== 'Processing') return j;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('job did not finish');
    };
    const big = await job('/v1/async/orders', 300);
    expect(big, JSON.stringify(big).slice(0, 300)).toMatchObject({ status: 'Completed', result: { jobType: 'AsyncCreateOrder', success: true } });
    expect(big.result.subscriptions).toHaveLength(300);
    const tooBig = await job('/v1/async/orders', 301);
    expect(tooBig).toMatchObject({ status: 'Failed' });
    expect(tooBig.errors).toContain('at most 300 subscriptions');
    const bigPreview = await job('/v1/async/orders/preview', 60);
    expect(bigPreview.status, JSON.stringify(bigPreview).slice(0, 300)).not.toBe('Failed');
    const tooBigPreview = await job('/v1/async/orders/preview', 301);
    expect(tooBigPreview).toMatchObject({ status: 'Failed' });
    expect(tooBigPreview.errors).toContain('at most 300 subscriptions');
  }, 120_000);
});
