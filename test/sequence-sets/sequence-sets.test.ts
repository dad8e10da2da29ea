import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, makeCtx, type Ctx } from '../../src/platform/context.js';
import {
  nextDocumentNumber,
  getSequenceSet,
  registerSequenceSetUsageCheck,
  unregisterSequenceSetUsageCheck,
  type DocumentKind,
} from '../../src/modules/sequence-sets/service.js';
import { onPostgres, setupApp, type Client, type TestApp } from '../helpers.js';
import { createSequenceSets, updateSequenceSet } from '../../src/modules/sequence-sets/service.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const ctxOf = (c: Client): Ctx => makeCtx(c.tenant, t.database.db);
const take = (c: Client, kind: DocumentKind, setId?: string | null) => inTransaction(ctxOf(c), (ctx) => nextDocumentNumber(ctx, kind, setId));

const FR = {
  name: 'FR',
  creditMemo: { prefix: 'FCM', startNumber: 10 },
  debitMemo: { prefix: 'FDM', startNumber: 10 },
  invoice: { prefix: 'FINV', startNumber: 10 },
  payment: { prefix: 'FP-', startNumber: 10 },
  refund: { prefix: 'FR-', startNumber: 10 },
};

async function createFr(c: Client, body: Record<string, unknown> = FR): Promise<string> {
  const res = await c.post('/v1/sequence-sets', { sequenceSets: [body] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.sequenceSets[0].id as string;
}

function expectError(res: { status: number; body: any }, status: number, category: number, fieldOrText: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.success).toBe(false);
  expect(res.body.reasons[0].code % 100).toBe(category);
  expect(res.body.reasons[0].message).toContain(fieldOrText);
}

describe('default sequence set', () => {
  it('every tenant has a DEFAULT set, created lazily, listed first', async () => {
    const c = await t.newClient();
    const res = await c.get('/v1/sequence-sets');
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.sequenceSets).toHaveLength(1);
    const d = res.body.sequenceSets[0];
    expect(d).toMatchObject({
      name: 'DEFAULT',
      invoice: { prefix: 'INV', startNumber: 1 },
      creditMemo: { prefix: 'CM', startNumber: 1 },
      debitMemo: { prefix: 'DM', startNumber: 1 },
      payment: { prefix: 'P-', startNumber: 1 },
      refund: { prefix: 'R-', startNumber: 1 },
    });
    expect(d.id).toMatch(/^[0-9a-f]{32}$/);
    // Listing again does not create a second one.
    const again = await c.get('/v1/sequence-sets');
    expect(again.body.sequenceSets).toHaveLength(1);
    expect(again.body.sequenceSets[0].id).toBe(d.id);
  });

  it('numbers documents INV00000001, CM00000001, DM00000001, P-00000001, R-00000001 and counts up', async () => {
    const c = await t.newClient();
    expect(await take(c, 'invoice')).toBe('INV00000001');
    expect(await take(c, 'invoice')).toBe('INV00000002');
    expect(await take(c, 'creditMemo')).toBe('CM00000001');
    expect(await take(c, 'debitMemo')).toBe('DM00000001');
    expect(await take(c, 'payment')).toBe('P-00000001');
    expect(await take(c, 'refund')).toBe('R-00000001');
    const list = await c.get('/v1/sequence-sets');
    expect(list.body.sequenceSets[0].invoice).toEqual({ prefix: 'INV', startNumber: 3 });
  });

  it('tenants number independently', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    expect(await take(a, 'invoice')).toBe('INV00000001');
    expect(await take(b, 'invoice')).toBe('INV00000001');
  });

  it('a rolled-back transaction gives its number back', async () => {
    const c = await t.newClient();
    await expect(
      inTransaction(ctxOf(c), async (ctx) => {
        await nextDocumentNumber(ctx, 'invoice');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await take(c, 'invoice')).toBe('INV00000001');
  });

  it('numbers never repeat under concurrent requests on separate transactions', async () => {
    const c = await t.newClient();
    await c.get('/v1/sequence-sets'); // the default set exists before the race
    const N = 60;
    const numbers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        inTransaction(ctxOf(c), async (ctx) => {
          const n = await nextDocumentNumber(ctx, i % 2 ? 'invoice' : 'payment');
          // hold the transaction open a moment so that the others really queue
          await new Promise((r) => setTimeout(r, 2));
          return n;
        }),
      ),
    );
    expect(new Set(numbers).size).toBe(N);
    const invoices = numbers.filter((n) => n.startsWith('INV')).sort();
    expect(invoices).toEqual(Array.from({ length: N / 2 }, (_, i) => `INV${String(i + 1).padStart(8, '0')}`));
  });

  it('concurrent first use creates a single default set', async () => {
    const c = await t.newClient();
    const numbers = await Promise.all(Array.from({ length: 8 }, () => take(c, 'invoice')));
    expect(new Set(numbers).size).toBe(8);
    const list = await c.get('/v1/sequence-sets');
    expect(list.body.sequenceSets.filter((s: any) => s.name === 'DEFAULT')).toHaveLength(1);
  });

  it('the default set cannot be deleted', async () => {
    const c = await t.newClient();
    const d = (await c.get('/v1/sequence-sets')).body.sequenceSets[0];
    const res = await c.del(`/v1/sequence-sets/${d.id}`);
    expectError(res, 400, 30, 'default sequence set');
    expect((await c.get(`/v1/sequence-sets/${d.id}`)).status).toBe(200);
  });

  it('the default set can be renumbered but not renamed', async () => {
    const c = await t.newClient();
    const d = (await c.get('/v1/sequence-sets')).body.sequenceSets[0];
    const renamed = await c.put(`/v1/sequence-sets/${d.id}`, { name: 'OTHER' });
    expectError(renamed, 400, 30, "'name'");
    const ok = await c.put(`/v1/sequence-sets/${d.id}`, { invoice: { prefix: 'GHINV', startNumber: 142 } });
    expect(ok.body).toEqual({ success: true });
    expect(await take(c, 'invoice')).toBe('GHINV00000142');
  });
});

describe('POST /v1/sequence-sets', () => {
  it('creates sets as the sample and returns them with ids', async () => {
    const c = await t.newClient();
    const res = await c.post('/v1/sequence-sets', { sequenceSets: [FR] });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.sequenceSets).toHaveLength(1);
    const s = res.body.sequenceSets[0];
    expect(s).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), ...FR });
    const got = await c.get(`/v1/sequence-sets/${s.id}`);
    expect(got.body).toEqual({ ...s, success: true });
    expect(await take(c, 'invoice', s.id)).toBe('FINV00000010');
    expect(await take(c, 'creditMemo', s.id)).toBe('FCM00000010');
    expect(await take(c, 'refund', s.id)).toBe('FR-00000010');
    // the default set is untouched
    expect(await take(c, 'invoice')).toBe('INV00000001');
  });

  it('creates several sets in one request, in order', async () => {
    const c = await t.newClient();
    const mk = (n: string) => ({ name: n, invoice: { prefix: `${n}I`, startNumber: 1 }, creditMemo: { prefix: `${n}C`, startNumber: 1 }, debitMemo: { prefix: `${n}D`, startNumber: 1 } });
    const res = await c.post('/v1/sequence-sets', { sequenceSets: [mk('A'), mk('B'), mk('C')] });
    expect(res.body.sequenceSets.map((s: any) => s.name)).toEqual(['A', 'B', 'C']);
    const list = await c.get('/v1/sequence-sets');
    expect(list.body.sequenceSets.map((s: any) => s.name)).toEqual(['DEFAULT', 'A', 'B', 'C']);
  });

  it('payment and refund are optional: such a set takes them from the default set', async () => {
    const c = await t.newClient();
    const id = await createFr(c, { name: 'ITA', invoice: { prefix: 'ITAINV', startNumber: 10 }, creditMemo: { prefix: 'ITACM', startNumber: 11 }, debitMemo: { prefix: 'ITADM', startNumber: 12 } });
    const got = await c.get(`/v1/sequence-sets/${id}`);
    expect(got.body.payment).toBeUndefined();
    expect(got.body.refund).toBeUndefined();
    expect(await take(c, 'payment', id)).toBe('P-00000001');
    expect(await take(c, 'refund', id)).toBe('R-00000001');
    expect(await take(c, 'debitMemo', id)).toBe('ITADM00000012');
  });

  it('a payment block without startNumber starts at 1', async () => {
    const c = await t.newClient();
    const id = await createFr(c, { ...FR, payment: { prefix: 'XP-' } });
    expect(await take(c, 'payment', id)).toBe('XP-00000001');
  });

  it('requires name, invoice, creditMemo and debitMemo, naming the field, and creates nothing', async () => {
    const c = await t.newClient();
    const { name: _n, ...noName } = FR;
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [noName] }), 400, 22, 'sequenceSets[0].name');
    const { invoice: _i, ...noInvoice } = FR;
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [noInvoice] }), 400, 22, 'sequenceSets[0].invoice');
    const { debitMemo: _d, ...noDm } = FR;
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, name: 'OK1', invoice: { prefix: 'A1', startNumber: 1 }, creditMemo: { prefix: 'A2', startNumber: 1 }, debitMemo: { prefix: 'A3', startNumber: 1 } }, noDm] }), 400, 22, 'sequenceSets[1].debitMemo');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { startNumber: 3 } }] }), 400, 22, 'sequenceSets[0].invoice.prefix');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, creditMemo: { prefix: 'X' } }] }), 400, 22, 'sequenceSets[0].creditMemo.startNumber');
    expectError(await c.post('/v1/sequence-sets', {}), 400, 22, 'sequenceSets');
    // the valid first set of the failed batch was not kept
    const list = await c.get('/v1/sequence-sets');
    expect(list.body.sequenceSets.map((s: any) => s.name)).toEqual(['DEFAULT']);
  });

  it('refuses invalid values, naming the field', async () => {
    const c = await t.newClient();
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: 'X', startNumber: 'ten' } }] }), 400, 20, 'sequenceSets[0].invoice.startNumber');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: 'X', startNumber: 0 } }] }), 400, 20, 'sequenceSets[0].invoice.startNumber');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: 'X', startNumber: 1.5 } }] }), 400, 20, 'sequenceSets[0].invoice.startNumber');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: '', startNumber: 1 } }] }), 400, 20, 'sequenceSets[0].invoice.prefix');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: 'A B', startNumber: 1 } }] }), 400, 20, 'sequenceSets[0].invoice.prefix');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: 'P'.repeat(40), startNumber: 1 } }] }), 400, 20, 'less than 40');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, name: '  ' }] }), 400, 20, 'sequenceSets[0].name');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, name: 'N'.repeat(101) }] }), 400, 20, 'sequenceSets[0].name');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: 'FR' }), 400, 20, 'sequenceSets');
    // a prefix of 39 characters is fine
    await createFr(c, { ...FR, invoice: { prefix: 'P'.repeat(39), startNumber: 1 } });
  });

  it("refuses Zuora's reserved prefixes, whatever the case and the document type; the default set keeps P- and R-", async () => {
    const c = await t.newClient();
    for (const reserved of ['P-', 'R-', 'PM-', 'PG-', 'TMP-INV-', 'TMP-CM-', 'TMP-DM-', 'PREVIEW-', 'tmp-inv-', 'p-']) {
      for (const kind of ['invoice', 'payment'] as const) {
        const r = await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, [kind]: { prefix: reserved, startNumber: 1 } }] });
        expectError(r, 400, 20, `'sequenceSets[0].${kind}.prefix' '${reserved}' is reserved`);
      }
    }
    expect((await c.get('/v1/sequence-sets')).body.sequenceSets).toHaveLength(1);
    const d = (await c.get('/v1/sequence-sets')).body.sequenceSets[0];
    expect((await c.put(`/v1/sequence-sets/${d.id}`, { payment: { prefix: 'P-', startNumber: 7 }, refund: { prefix: 'R-' } })).body.success).toBe(true);
    expectError(await c.put(`/v1/sequence-sets/${d.id}`, { invoice: { prefix: 'P-' } }), 400, 20, "'invoice.prefix' 'P-' is reserved");
    expectError(await c.put(`/v1/sequence-sets/${d.id}`, { refund: { prefix: 'PREVIEW-' } }), 400, 20, "'refund.prefix' 'PREVIEW-' is reserved");
    const id = await createFr(c);
    expectError(await c.put(`/v1/sequence-sets/${id}`, { payment: { prefix: 'P-' } }), 400, 20, "'payment.prefix' 'P-' is reserved");
    // a prefix that merely starts like a reserved one is not reserved
    expect((await c.put(`/v1/sequence-sets/${id}`, { payment: { prefix: 'PX-' } })).body.success).toBe(true);
  });

  it('a prefix starts with a letter and holds only letters, digits, hyphens and underscores', async () => {
    const c = await t.newClient();
    for (const bad of ['1INV', '-INV', '_INV']) expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: bad, startNumber: 1 } }] }), 400, 20, 'must start with a letter');
    for (const bad of ['IN/V', 'INV#', 'INV.', 'INVé'])
      expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: bad, startNumber: 1 } }] }), 400, 20, "'sequenceSets[0].invoice.prefix' may hold only letters, digits");
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: 'Éinv', startNumber: 1 } }] }), 400, 20, 'must start with a letter');
    const id = await createFr(c, { ...FR, invoice: { prefix: 'Fr_INV-2024', startNumber: 1 } });
    expect(await take(c, 'invoice', id)).toBe('Fr_INV-202400000001');
    expectError(await c.put(`/v1/sequence-sets/${id}`, { refund: { prefix: '9R' } }), 400, 20, "'refund.prefix' must start with a letter");
  });

  it('at most 100 sets in one request', async () => {
    const c = await t.newClient();
    const mk = (i: number) => ({ name: `S${i}`, invoice: { prefix: `I${i}-`, startNumber: 1 }, creditMemo: { prefix: `C${i}-`, startNumber: 1 }, debitMemo: { prefix: `D${i}-`, startNumber: 1 } });
    const tooMany = await c.post('/v1/sequence-sets', { sequenceSets: Array.from({ length: 101 }, (_, i) => mk(i)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.reasons[0].message).toContain('100');
    const ok = await c.post('/v1/sequence-sets', { sequenceSets: Array.from({ length: 100 }, (_, i) => mk(i)) });
    expect(ok.status).toBe(200);
    expect(ok.body.sequenceSets).toHaveLength(100);
  });

  it('names are unique (ignoring case), DEFAULT included', async () => {
    const c = await t.newClient();
    await createFr(c);
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, name: 'fr', invoice: { prefix: 'Z1', startNumber: 1 }, creditMemo: { prefix: 'Z2', startNumber: 1 }, debitMemo: { prefix: 'Z3', startNumber: 1 }, payment: undefined, refund: undefined }] }), 400, 30, 'already used');
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ name: 'Default', invoice: { prefix: 'Z1', startNumber: 1 }, creditMemo: { prefix: 'Z2', startNumber: 1 }, debitMemo: { prefix: 'Z3', startNumber: 1 } }] }), 400, 30, 'already used');
  });

  it('concurrent creates with one name: one wins, the others get a Zuora error, never a 500', async () => {
    const c = await t.newClient();
    await c.get('/v1/sequence-sets');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        c.post('/v1/sequence-sets', { sequenceSets: [{ name: 'Race', invoice: { prefix: `RI${i}`, startNumber: 1 }, creditMemo: { prefix: `RC${i}`, startNumber: 1 }, debitMemo: { prefix: `RD${i}`, startNumber: 1 } }] }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expectError(r, 400, 30, 'already used');
    expect((await c.get('/v1/sequence-sets')).body.sequenceSets).toHaveLength(2);
  });

  it('a prefix belongs to one set per document kind', async () => {
    const c = await t.newClient();
    const res = await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, invoice: { prefix: 'INV', startNumber: 500 } }] });
    expectError(res, 400, 30, "'sequenceSets[0].invoice.prefix'");
    expect(res.body.reasons[0].message).toContain('DEFAULT');
  });

  it('a prefix freed by a deleted set cannot restart below numbers already issued under it', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expect(await take(c, 'invoice', id)).toBe('FINV00000010');
    expect(await take(c, 'invoice', id)).toBe('FINV00000011');
    expect((await c.del(`/v1/sequence-sets/${id}`)).status).toBe(200);
    expectError(await c.post('/v1/sequence-sets', { sequenceSets: [{ ...FR, name: 'FR2', invoice: { prefix: 'FINV', startNumber: 11 } }] }), 400, 30, 'FINV00000011');
    const id2 = await createFr(c, { ...FR, name: 'FR2', invoice: { prefix: 'FINV', startNumber: 12 } });
    expect(await take(c, 'invoice', id2)).toBe('FINV00000012');
  });
});

describe('GET /v1/sequence-sets', () => {
  it('pages with page/pageSize and nextPage, and filters by name', async () => {
    const c = await t.newClient();
    const mk = (n: string) => ({ name: n, invoice: { prefix: `${n}I`, startNumber: 1 }, creditMemo: { prefix: `${n}C`, startNumber: 1 }, debitMemo: { prefix: `${n}D`, startNumber: 1 } });
    await c.post('/v1/sequence-sets', { sequenceSets: ['A', 'B', 'C', 'D'].map(mk) });
    const p1 = await c.get('/v1/sequence-sets?pageSize=2');
    expect(p1.body.sequenceSets.map((s: any) => s.name)).toEqual(['DEFAULT', 'A']);
    expect(p1.body.nextPage).toContain('page=2');
    const p3 = await c.get('/v1/sequence-sets?pageSize=2&page=3');
    expect(p3.body.sequenceSets.map((s: any) => s.name)).toEqual(['D']);
    expect(p3.body.nextPage).toBeUndefined();
    const byName = await c.get('/v1/sequence-sets?name=C');
    expect(byName.body.sequenceSets.map((s: any) => s.name)).toEqual(['C']);
    expect((await c.get('/v1/sequence-sets?name=nope')).body.sequenceSets).toEqual([]);
    expectError(await c.get('/v1/sequence-sets?pageSize=41'), 400, 20, 'pageSize');
    expectError(await c.get('/v1/sequence-sets?pageSize=abc'), 400, 20, 'pageSize');
  });
});

describe('GET /v1/sequence-sets/{id}', () => {
  it('finds a set by id or by name; 404 otherwise', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expect((await c.get(`/v1/sequence-sets/${id}`)).body.name).toBe('FR');
    expect((await c.get('/v1/sequence-sets/FR')).body.id).toBe(id);
    expectError(await c.get('/v1/sequence-sets/0123456789abcdef0123456789abcdef'), 404, 40, '0123456789abcdef0123456789abcdef');
  });

  it('another tenant cannot see the set', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    const id = await createFr(a);
    expect((await b.get(`/v1/sequence-sets/${id}`)).status).toBe(404);
    expect((await b.put(`/v1/sequence-sets/${id}`, { name: 'X' })).status).toBe(404);
    expect((await b.del(`/v1/sequence-sets/${id}`)).status).toBe(404);
    expect(await getSequenceSet(ctxOf(b), id)).toBeUndefined();
    expect((await getSequenceSet(ctxOf(a), id))?.name).toBe('FR');
  });

  it('answers 200 with success:false before API version 2024-05-20', async () => {
    const c = await t.newClient({ defaultApiVersion: '2023-01-01' });
    const res = await c.get('/v1/sequence-sets/nope');
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(false);
    expect(res.body.reasons[0].code).toBe(50000040);
  });
});

describe('PUT /v1/sequence-sets/{id}', () => {
  it('updates only the given fields (the seed sample changes one prefix)', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    const res = await c.put(`/v1/sequence-sets/${id}`, { creditMemo: { prefix: 'FR-CM' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const got = (await c.get(`/v1/sequence-sets/${id}`)).body;
    expect(got.creditMemo).toEqual({ prefix: 'FR-CM', startNumber: 10 });
    expect(got.invoice).toEqual(FR.invoice);
    expect(got.name).toBe('FR');
    expect(await take(c, 'creditMemo', id)).toBe('FR-CM00000010');
  });

  it('a new prefix or start number changes what comes next, not what was issued', async () => {
    const c = await t.newClient();
    expect(await take(c, 'invoice')).toBe('INV00000001');
    const d = (await c.get('/v1/sequence-sets')).body.sequenceSets[0];
    await c.put(`/v1/sequence-sets/${d.id}`, { invoice: { startNumber: 100 } });
    expect(await take(c, 'invoice')).toBe('INV00000100');
    await c.put(`/v1/sequence-sets/${d.id}`, { invoice: { prefix: 'NEW' } });
    expect(await take(c, 'invoice')).toBe('NEW00000101');
    await c.put(`/v1/sequence-sets/${d.id}`, { invoice: { prefix: 'NEWER', startNumber: 1 } });
    expect(await take(c, 'invoice')).toBe('NEWER00000001');
  });

  it('the start number cannot go back to or below a number already issued under the prefix', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expect(await take(c, 'invoice', id)).toBe('FINV00000010');
    expect(await take(c, 'invoice', id)).toBe('FINV00000011');
    expectError(await c.put(`/v1/sequence-sets/${id}`, { invoice: { startNumber: 11 } }), 400, 30, "'invoice.startNumber' must be greater than 11");
    expectError(await c.put(`/v1/sequence-sets/${id}`, { invoice: { startNumber: 5 } }), 400, 30, 'FINV00000011');
    // switching back to a used prefix must also skip past its issued numbers
    await c.put(`/v1/sequence-sets/${id}`, { invoice: { prefix: 'OTHER', startNumber: 1 } });
    expectError(await c.put(`/v1/sequence-sets/${id}`, { invoice: { prefix: 'FINV' } }), 400, 30, 'FINV00000011');
    expect((await c.put(`/v1/sequence-sets/${id}`, { invoice: { prefix: 'FINV', startNumber: 12 } })).body.success).toBe(true);
    // moving forward is fine, and nothing changed on the failed attempts
    expect(await take(c, 'invoice', id)).toBe('FINV00000012');
  });

  it('renames, keeping names unique', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    await createFr(c, { name: 'ITA', invoice: { prefix: 'I1', startNumber: 1 }, creditMemo: { prefix: 'I2', startNumber: 1 }, debitMemo: { prefix: 'I3', startNumber: 1 } });
    expectError(await c.put(`/v1/sequence-sets/${id}`, { name: 'ita' }), 400, 30, 'already used');
    expectError(await c.put(`/v1/sequence-sets/${id}`, { name: '' }), 400, 20, "'name'");
    expect((await c.put(`/v1/sequence-sets/${id}`, { name: 'fr' })).body.success).toBe(true); // same set, other case
    expect((await c.put(`/v1/sequence-sets/${id}`, { name: 'France' })).body.success).toBe(true);
    expect((await c.get(`/v1/sequence-sets/${id}`)).body.name).toBe('France');
  });

  it('refuses a prefix another set uses, for the same kind or for another document type', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expectError(await c.put(`/v1/sequence-sets/${id}`, { invoice: { prefix: 'INV' } }), 400, 30, "'invoice.prefix' 'INV'");
    const other = await c.put(`/v1/sequence-sets/${id}`, { refund: { prefix: 'INV' } });
    expectError(other, 400, 30, "'refund.prefix' 'INV' is already used for invoice numbers by the sequence set 'DEFAULT'");
    const own = await c.put(`/v1/sequence-sets/${id}`, { creditMemo: { prefix: 'FINV' } });
    expectError(own, 400, 30, "'creditMemo.prefix' 'FINV' is also given for invoice numbers");
    // a swap within the set in one request is fine: the rule looks at the set as it will be
    expect((await c.put(`/v1/sequence-sets/${id}`, { invoice: { prefix: 'FCM' }, creditMemo: { prefix: 'FINV' } })).body.success).toBe(true);
    expect((await c.get(`/v1/sequence-sets/${id}`)).body).toMatchObject({ invoice: { prefix: 'FCM' }, creditMemo: { prefix: 'FINV' } });
  });

  it('refuses a prefix under which numbers of another document type were issued', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expect(await take(c, 'invoice', id)).toBe('FINV00000010');
    expect((await c.put(`/v1/sequence-sets/${id}`, { invoice: { prefix: 'FINV2' } })).body.success).toBe(true);
    expectError(await c.put(`/v1/sequence-sets/${id}`, { debitMemo: { prefix: 'FINV' } }), 400, 30, "'debitMemo.prefix' 'FINV' has already numbered invoice documents");
    expect((await c.get(`/v1/sequence-sets/${id}`)).body.debitMemo.prefix).toBe('FDM');
  });

  it('adds payment numbering to a set that had none; needs a prefix to do so', async () => {
    const c = await t.newClient();
    const id = await createFr(c, { name: 'ITA', invoice: { prefix: 'I1', startNumber: 1 }, creditMemo: { prefix: 'I2', startNumber: 1 }, debitMemo: { prefix: 'I3', startNumber: 1 } });
    expectError(await c.put(`/v1/sequence-sets/${id}`, { payment: { startNumber: 5 } }), 400, 22, 'payment.prefix');
    await c.put(`/v1/sequence-sets/${id}`, { payment: { prefix: 'IP-', startNumber: 5 } });
    expect(await take(c, 'payment', id)).toBe('IP-00000005');
  });

  it('validates values, naming the field; 404 for an unknown set', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expectError(await c.put(`/v1/sequence-sets/${id}`, { invoice: { startNumber: -1 } }), 400, 20, 'invoice.startNumber');
    expectError(await c.put(`/v1/sequence-sets/${id}`, { debitMemo: { startNumber: 'x' } }), 400, 20, 'debitMemo.startNumber');
    expectError(await c.put(`/v1/sequence-sets/${id}`, { refund: { prefix: '' } }), 400, 20, 'refund.prefix');
    expectError(await c.put(`/v1/sequence-sets/${id}`, { invoice: 'FINV' }), 400, 20, 'invoice');
    expect((await c.get(`/v1/sequence-sets/${id}`)).body).toMatchObject(FR);
    expectError(await c.put('/v1/sequence-sets/nope', { name: 'X' }), 404, 40, 'nope');
  });
});

describe('DELETE /v1/sequence-sets/{id}', () => {
  it('deletes a set; it is gone afterwards', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    const res = await c.del(`/v1/sequence-sets/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await c.get(`/v1/sequence-sets/${id}`)).status).toBe(404);
    expectError(await c.del(`/v1/sequence-sets/${id}`), 404, 40, id);
    await expect(take(c, 'invoice', id)).rejects.toThrow(/does not exist/);
  });

  it('a set assigned to an account cannot be deleted', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    const assigned = new Set([id]);
    registerSequenceSetUsageCheck('test-accounts', async (_ctx, setId) => (assigned.has(setId) ? 'account A00000001' : undefined));
    try {
      expectError(await c.del(`/v1/sequence-sets/${id}`), 400, 30, 'account A00000001');
      expect((await c.get(`/v1/sequence-sets/${id}`)).status).toBe(200);
      assigned.delete(id);
      expect((await c.del(`/v1/sequence-sets/${id}`)).status).toBe(200);
    } finally {
      unregisterSequenceSetUsageCheck('test-accounts');
    }
  });
});

describe('nextDocumentNumber', () => {
  it('refuses an unknown set id', async () => {
    const c = await t.newClient();
    await expect(take(c, 'invoice', 'nope')).rejects.toThrow(/does not exist/);
  });

  it('takes the set by id or by name', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expect(await take(c, 'invoice', id)).toBe('FINV00000010');
    expect(await take(c, 'invoice', 'FR')).toBe('FINV00000011');
  });

  it('null or undefined set id means the default set', async () => {
    const c = await t.newClient();
    expect(await take(c, 'invoice', null)).toBe('INV00000001');
    expect(await take(c, 'invoice', undefined)).toBe('INV00000002');
  });

  it('numbers grow past 8 digits without truncation', async () => {
    const c = await t.newClient();
    const d = (await c.get('/v1/sequence-sets')).body.sequenceSets[0];
    await c.put(`/v1/sequence-sets/${d.id}`, { invoice: { startNumber: 99999999 } });
    expect(await take(c, 'invoice')).toBe('INV99999999');
    expect(await take(c, 'invoice')).toBe('INV100000000');
  });
});

describe('tenant reset', () => {
  it('empties the sets and the issued-number marks; a fresh DEFAULT set starts at 1 again', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    expect(await take(c, 'invoice')).toBe('INV00000001');
    expect(await take(c, 'invoice', id)).toBe('FINV00000010');
    const r = await t.admin('POST', `/admin/tenants/${c.tenant.id}/reset`);
    expect(r.status).toBe(200);
    const list = await c.get('/v1/sequence-sets');
    expect(list.body.sequenceSets.map((s: any) => s.name)).toEqual(['DEFAULT']);
    expect(await take(c, 'invoice')).toBe('INV00000001');
    await createFr(c, { ...FR, invoice: { prefix: 'FINV', startNumber: 1 } });
  });

  it('an idempotent create replays and does not create twice', async () => {
    const c = await t.newClient();
    const h = { 'Idempotency-Key': 'seq-1' };
    const a = await c.post('/v1/sequence-sets', { sequenceSets: [FR] }, h);
    const b = await c.post('/v1/sequence-sets', { sequenceSets: [FR] }, h);
    expect(b.body).toEqual(a.body);
    expect((await c.get('/v1/sequence-sets')).body.sequenceSets).toHaveLength(2);
  });
});

// Interleavings that only a database with concurrent transactions can produce.
describe.runIf(onPostgres())('interleaved transactions (PostgreSQL)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('a start number change waits for a transaction taking numbers, then sees what it issued', async () => {
    const c = await t.newClient();
    const id = await createFr(c);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = inTransaction(ctxOf(c), async (ctx) => {
      const n = await nextDocumentNumber(ctx, 'invoice', id);
      await gate; // hold the transaction (and the row lock) open
      return n;
    });
    await sleep(50);
    const b = inTransaction(ctxOf(c), (ctx) => updateSequenceSet(ctx, id, { invoice: { startNumber: 10 } }));
    const bSettled = b.then(
      () => 'ok',
      (e: Error) => e.message,
    );
    await sleep(50);
    release();
    expect(await a).toBe('FINV00000010');
    expect(await bSettled).toContain('FINV00000010');
    expect(await take(c, 'invoice', id)).toBe('FINV00000011');
  });

  it('two transactions giving different sets one invoice prefix: the second is refused, so numbers cannot repeat', async () => {
    const c = await t.newClient();
    const mk = (n: string) => ({ name: n, invoice: { prefix: `${n}I`, startNumber: 1 }, creditMemo: { prefix: `${n}C`, startNumber: 1 }, debitMemo: { prefix: `${n}D`, startNumber: 1 } });
    const [x, y] = (await c.post('/v1/sequence-sets', { sequenceSets: [mk('X'), mk('Y')] })).body.sequenceSets.map((s: any) => s.id);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = inTransaction(ctxOf(c), async (ctx) => {
      await updateSequenceSet(ctx, x, { invoice: { prefix: 'SAME' } });
      await gate;
    });
    await sleep(50);
    const b = inTransaction(ctxOf(c), (ctx) => updateSequenceSet(ctx, y, { invoice: { prefix: 'SAME' } })).then(
      () => 'ok',
      (e: { code?: number; message: string }) => `${e.code} ${e.message}`,
    );
    await sleep(50);
    release();
    await a;
    expect(await b).toMatch(/^50000030 'invoice\.prefix' is already used/);
    expect((await c.get(`/v1/sequence-sets/${y}`)).body.invoice.prefix).toBe('YI');
  });

  it('two transactions creating the same name: the second gets a Zuora error, not a database error', async () => {
    const c = await t.newClient();
    await c.get('/v1/sequence-sets');
    const mk = (p: string) => [{ name: 'Race', invoice: { prefix: `${p}I`, startNumber: 1 }, creditMemo: { prefix: `${p}C`, startNumber: 1 }, debitMemo: { prefix: `${p}D`, startNumber: 1 } }];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = inTransaction(ctxOf(c), async (ctx) => {
      await createSequenceSets(ctx, mk('A'));
      await gate;
    });
    await sleep(50);
    const b = inTransaction(ctxOf(c), (ctx) => createSequenceSets(ctx, mk('B'))).then(
      () => 'ok',
      (e: { code?: number; message: string }) => `${e.code} ${e.message}`,
    );
    await sleep(50);
    release();
    await a;
    expect(await b).toMatch(/^50000030 .*already used/);
  });
});
