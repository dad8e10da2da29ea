import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dueDate, type PaymentTerm } from '../../src/modules/settings/contract.js';
import { Temporal } from '../../src/platform/dates.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { countRows } from '../accounts/fixtures.js';

const d = (s: string) => Temporal.PlainDate.from(s);
const netTerm = (days: number) => ({ type: 'Net' as const, dueDays: days, invoiceCutoffDay: null, numberOfMonths: null, paymentDueDay: null });
const prox = (cutoff: PaymentTerm['invoiceCutoffDay'], months: number, due: PaymentTerm['paymentDueDay']) => ({ type: 'Prox' as const, dueDays: null, invoiceCutoffDay: cutoff, numberOfMonths: months, paymentDueDay: due });

describe('dueDate (numbers from Zuora\'s "Define payment terms" page)', () => {
  it('Net terms: the invoice date plus the days', () => {
    expect(dueDate(d('2025-08-01'), netTerm(30)).toString()).toBe('2025-08-31');
    expect(dueDate(d('2025-08-01'), netTerm(15)).toString()).toBe('2025-08-16');
    expect(dueDate(d('2025-08-01'), netTerm(0)).toString()).toBe('2025-08-01');
    expect(dueDate(d('2024-02-15'), netTerm(30)).toString()).toBe('2024-03-16');
  });

  it.each([
    ['2025-08-10', 12, 1, 20, '2025-09-20'],
    ['2025-08-15', 12, 1, 20, '2025-10-20'],
    ['2025-08-21', 12, 1, 20, '2025-10-20'],
    ['2025-08-10', 20, 1, 12, '2025-09-12'],
    ['2025-08-15', 20, 1, 12, '2025-09-12'],
    ['2025-08-21', 20, 1, 12, '2025-10-12'],
    ['2025-08-21', 20, 3, 12, '2025-12-12'],
    ['2025-08-15', 'EndOfMonth', 1, 'EndOfMonth', '2025-09-30'],
    ['2025-01-01', 5, 1, 30, '2025-02-28'],
  ] as const)('Prox: invoice %s, cutoff %s, %s month(s), due day %s → %s', (inv, cutoff, months, due, expected) => {
    expect(dueDate(d(inv), prox(cutoff, months, due)).toString()).toBe(expected);
  });

  it('an invoice dated on the cutoff day counts in its own month', () => {
    expect(dueDate(d('2025-08-12'), prox(12, 1, 20)).toString()).toBe('2025-09-20');
    expect(dueDate(d('2025-08-13'), prox(12, 1, 20)).toString()).toBe('2025-10-20');
  });

  it('a cutoff past the month end is the month end', () => {
    expect(dueDate(d('2025-02-28'), prox(31, 1, 10)).toString()).toBe('2025-03-10');
  });

  it('property: a due date is never before the invoice date; Net adds exactly its days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 31 }), (off, days, cut, months, due) => {
        const inv = d('2024-01-01').add({ days: off });
        expect(inv.until(dueDate(inv, netTerm(days))).days).toBe(days);
        expect(Temporal.PlainDate.compare(dueDate(inv, prox(cut, months, due)), inv) >= 0 || months === 0).toBe(true);
      }),
    );
  });
});

let t: TestApp;
let c: Client;
beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
});

describe('/settings/payment-terms', () => {
  it('a new tenant has the built-in terms, all active, with the same ids in every tenant', async () => {
    const r = await c.get('/settings/payment-terms');
    expect(r.status).toBe(200);
    expect(r.body.paymentTerms.map((x: { name: string; dueDays: number }) => [x.name, x.dueDays])).toEqual([['Due Upon Receipt', 0], ['Net 30', 30], ['Net 60', 60], ['Net 90', 90]]);
    expect(r.body.paymentTerms.every((x: { active: boolean; type: string }) => x.active && x.type === 'Net')).toBe(true);
    const other = await (await t.newClient()).get('/settings/payment-terms');
    expect(other.body.paymentTerms[1].id).toBe(r.body.paymentTerms[1].id);
    const one = await c.get(`/settings/payment-terms/${r.body.paymentTerms[1].id}`);
    expect(one.body).toMatchObject({ name: 'Net 30', type: 'Net', dueDays: 30, invoiceCutoffDay: null, active: true });
  });

  it('creates a Prox term, lists it after the built-in ones, updates it', async () => {
    const me = await t.newClient();
    const r = await me.post('/settings/payment-terms', { name: 'Prox 20th', type: 'Prox', invoiceCutoffDay: 12, numberOfMonths: 1, paymentDueDay: 20, active: true, description: 'Due the 20th' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Prox 20th', type: 'Prox', dueDays: null, invoiceCutoffDay: 12, numberOfMonths: 1, paymentDueDay: 20, active: true });
    expect(r.body.id).toMatch(/^[0-9a-f]{32}$/);
    const list = (await me.get('/settings/payment-terms')).body.paymentTerms;
    expect(list.map((x: { name: string }) => x.name)).toEqual(['Due Upon Receipt', 'Net 30', 'Net 60', 'Net 90', 'Prox 20th']);
    const up = await me.put(`/settings/payment-terms/${r.body.id}`, { paymentDueDay: 'EndOfMonth' });
    expect(up.body).toMatchObject({ invoiceCutoffDay: 12, paymentDueDay: 'EndOfMonth' });
    expect((await me.get(`/settings/payment-terms/${r.body.id}`)).body.paymentDueDay).toBe('EndOfMonth');
    // Switching type needs the new type's fields.
    expect((await me.put(`/settings/payment-terms/${r.body.id}`, { type: 'Net' })).status).toBe(400);
    expect((await me.put(`/settings/payment-terms/${r.body.id}`, { type: 'Net', dueDays: 20 })).body).toMatchObject({ type: 'Net', dueDays: 20, invoiceCutoffDay: null });
  });

  it.each([
    [{ type: 'Net', dueDays: 10 }, 22, /name/],
    [{ name: 'N', dueDays: 10 }, 22, /type/],
    [{ name: 'N', type: 'Net' }, 22, /dueDays/],
    [{ name: 'N', type: 'Net', dueDays: -1 }, 20, /dueDays/],
    [{ name: 'N', type: 'Net', dueDays: 10, paymentDueDay: 3 }, 20, /Prox/],
    [{ name: 'N', type: 'Prox', invoiceCutoffDay: 32, numberOfMonths: 1, paymentDueDay: 1 }, 20, /invoiceCutoffDay/],
    [{ name: 'N', type: 'Prox', invoiceCutoffDay: 5, paymentDueDay: 1 }, 22, /numberOfMonths/],
    [{ name: 'N', type: 'Weekly', dueDays: 7 }, 20, /type/],
    [{ name: 'net 30', type: 'Net', dueDays: 30 }, 20, /already exists/],
    [{ name: 'N', type: 'Net', dueDays: 3, color: 'red' }, 21, /color/],
  ])('refuses %j and stores nothing', async (body, category, msg) => {
    const me = await t.newClient();
    const r = await me.post('/settings/payment-terms', body);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(category);
    expect(r.body.reasons[0].message).toMatch(msg);
    expect(await countRows(t, 'settings_payment_terms', me.tenant.id)).toBe(0);
  });

  it('an unknown id answers 404', async () => {
    const r = await c.put('/settings/payment-terms/nope', { active: false });
    expect(r.status).toBe(404);
    expect(r.body.reasons[0].code % 100).toBe(40);
  });

  it('tenant reset empties the settings tables', async () => {
    const me = await t.newClient();
    await me.put('/settings/billing-rules', { oneTimeCreditBack: true });
    await me.post('/settings/payment-terms', { name: 'Net 7', type: 'Net', dueDays: 7 });
    const reset = await t.admin('POST', `/admin/tenants/${me.tenant.id}/reset`);
    expect(reset.status).toBeLessThan(300);
    expect(await countRows(t, 'settings_values', me.tenant.id)).toBe(0);
    expect(await countRows(t, 'settings_payment_terms', me.tenant.id)).toBe(0);
  });
});
