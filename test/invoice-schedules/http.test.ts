// Invoice schedules through the real app (both databases): create, read, update, execute, pause, resume,
// attach, detach, delete; bill runs leave the held charges out; the tenant clock bills each item once.
// Numbers: test/invoice-schedules/fixtures.ts (two charges worth 1200 and 120 over a 12-month term).
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp } from '../helpers.js';
import { scheduleTenant } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('POST /v1/invoice-schedules', () => {
  it('holds the order\'s charges and answers the schedule as Zuora\'s sample does', async () => {
    const s = await scheduleTenant(t);
    const res = await s.c.post('/v1/invoice-schedules', {
      accountKey: s.accountNumber,
      orders: [s.orderNumber],
      notes: '2024 Billing Schedule',
      scheduleItems: [
        { amount: 500, runDate: '2024-02-01' },
        { amount: 820, runDate: '2024-06-01', name: 'second' },
      ],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      number: 'IS-00000001',
      accountId: s.accountId,
      currency: 'USD',
      status: 'Pending',
      notes: '2024 Billing Schedule',
      invoiceSeparately: false,
      nextRunDate: '2024-02-01',
      totalAmount: 1320,
      actualAmount: 1320,
      billedAmount: 0,
      unbilledAmount: 1320,
      orders: [s.orderNumber],
      specificSubscriptions: [],
      additionalSubscriptionsToBill: [],
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.scheduleItems).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{32}$/), name: null, amount: 500, percentage: null, actualAmount: 500, runDate: '2024-02-01', status: 'Pending', targetDateForAdditionalSubscriptions: '2024-02-01' },
      { id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'second', amount: 820, percentage: null, actualAmount: 820, runDate: '2024-06-01', status: 'Pending', targetDateForAdditionalSubscriptions: '2024-06-01' },
    ]);
    expect((await s.c.get(`/v1/invoice-schedules/${res.body.number}`)).body).toEqual(res.body);
    expect((await s.c.get(`/v1/invoice-schedules/${res.body.id}`)).body).toEqual(res.body);
  });

  it('bills percentages of the charges\' total, the last item taking the rounding rest', async () => {
    const s = await scheduleTenant(t);
    const res = await s.c.post('/v1/invoice-schedules', {
      accountKey: s.accountId,
      specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber }],
      scheduleItems: [
        { percentage: 33.33, runDate: '2024-02-01' },
        { percentage: 33.33, runDate: '2024-03-01' },
        { percentage: 33.34, runDate: '2024-04-01' },
      ],
    });
    expect(res.status, res.raw).toBe(200);
    // 1320 × 33.33% = 439.956 → 439.96 twice; the last 1320 − 879.92 = 440.08
    expect(res.body.scheduleItems.map((i: { actualAmount: number }) => i.actualAmount)).toEqual([439.96, 439.96, 440.08]);
    expect(res.body).toMatchObject({ totalAmount: 1320, actualAmount: 1320, specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber }] });
    // percentages can be changed, amounts cannot be set on them
    const ids = res.body.scheduleItems.map((i: { id: string }) => i.id);
    const upd = await s.c.put(`/v1/invoice-schedules/${res.body.id}`, { scheduleItems: [{ id: ids[0], percentage: 25, runDate: '2024-02-01' }, { id: ids[1], percentage: 75, runDate: '2024-03-01' }] });
    expect(upd.body.scheduleItems.map((i: { actualAmount: number }) => i.actualAmount), upd.raw).toEqual([330, 990]);
    const amt = await s.c.put(`/v1/invoice-schedules/${res.body.id}`, { scheduleItems: [{ id: ids[0], amount: 330, runDate: '2024-02-01' }, { id: ids[1], amount: 990, runDate: '2024-03-01' }] });
    expect(amt.body.reasons[0].code, amt.raw).toBe(58310030);
  });

  it('refuses bad input with a Zuora error and changes nothing', async () => {
    const s = await scheduleTenant(t);
    const base = { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 10, runDate: '2024-02-01' }] };
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ ...base, accountKey: undefined }, 58310022, /accountKey/],
      [{ ...base, bogus: 1 }, 58310021, /bogus/],
      [{ ...base, scheduleItems: [] }, 58310022, /scheduleItems/],
      [{ ...base, scheduleItems: [{ runDate: '2024-02-01' }] }, 58310022, /amount/],
      [{ ...base, scheduleItems: [{ amount: 0, runDate: '2024-02-01' }] }, 58310020, /greater than 0/],
      [{ ...base, scheduleItems: [{ amount: 5, percentage: 5, runDate: '2024-02-01' }] }, 58310020, /not both/],
      [{ ...base, scheduleItems: [{ amount: 5, runDate: '2024-03-01' }, { amount: 5, runDate: '2024-02-01' }] }, 58310020, /later than/],
      [{ ...base, scheduleItems: [{ percentage: 50, runDate: '2024-02-01' }, { percentage: 40, runDate: '2024-03-01' }] }, 58310020, /add up to 100/],
      [{ ...base, scheduleItems: [{ percentage: 50, runDate: '2024-02-01' }, { amount: 40, runDate: '2024-03-01' }] }, 58310020, /all take/],
      [{ ...base, orders: ['O-99999999'] }, 58310020, /no order/],
      [{ ...base, orders: undefined }, 58310022, /orders/],
      [{ ...base, scheduleItems: Array.from({ length: 51 }, (_, i) => ({ amount: 1, runDate: `2025-01-${String(i % 28 + 1).padStart(2, '0')}` })) }, 58310070, /at most 50/],
    ];
    for (const [body, code, msg] of cases) {
      const res = await s.c.post('/v1/invoice-schedules', body);
      expect(res.body.success, JSON.stringify(body).slice(0, 200)).toBe(false);
      expect(res.body.reasons[0].code, res.raw).toBe(code);
      expect(res.body.reasons[0].message).toMatch(msg);
    }
    // nothing was made: the first schedule still gets number 1
    const ok = await s.c.post('/v1/invoice-schedules', base);
    expect(ok.body.number, ok.raw).toBe('IS-00000001');
    // a charge is held by one schedule at a time
    const again = await s.c.post('/v1/invoice-schedules', base);
    expect(again.body.reasons[0].code, again.raw).toBe(58310030);
    expect((await s.c.get('/v1/invoice-schedules/IS-00000009')).status).toBe(404);
  });
});

describe('executing an invoice schedule', () => {
  it('bills the item as one invoice of the held charges through a bill run; bill runs skip those charges', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 660, runDate: '2024-02-01' }, { amount: 660, runDate: '2024-07-01' }] })).body;
    const exec = await s.c.post(`/v1/invoice-schedules/${sched.number}/execute`, { scheduleItemId: sched.scheduleItems[0].id });
    expect(exec.status, exec.raw).toBe(200);
    expect(exec.body).toMatchObject({ success: true, status: 'Completed', billRunFilters: [{ filterType: 'InvoiceSchedule', accountId: s.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01', autoPost: false });
    expect((await s.c.get(`/v1/bill-runs/${exec.body.id}`)).body).toMatchObject({ status: 'Completed', billRunNumber: exec.body.billRunNumber });
    const after = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    expect(after).toMatchObject({ status: 'PartiallyProcessed', totalAmount: 1320, actualAmount: 660, billedAmount: 660, unbilledAmount: 660, nextRunDate: '2024-07-01' });
    expect(after.scheduleItems[0]).toMatchObject({ status: 'Processed', actualAmount: 0, amount: 660, invoiceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const inv = (await s.c.get(`/v1/invoices/${after.scheduleItems[0].invoiceId}`)).body;
    expect(inv).toMatchObject({ status: 'Draft', amount: 660, billRunId: exec.body.id, sourceId: exec.body.billRunNumber });
    // 660 spread by worth: Platform Fee 1200/1320 → 600, Seats 120/1320 → 60, each over the whole term
    const items = (await s.c.get(`/v1/invoices/${inv.id}/items`)).body.invoiceItems;
    expect(items.map((i: Record<string, unknown>) => [i.chargeName, i.chargeAmount, i.serviceStartDate, i.serviceEndDate])).toEqual([
      ['Platform Fee', 600, '2024-01-01', '2024-12-31'],
      ['Seats', 60, '2024-01-01', '2024-12-31'],
    ]);
    // a bill run over the account bills nothing of the held charges
    const br = await s.c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: s.accountId }], targetDate: '2024-03-01', invoiceDate: '2024-03-01' });
    await runDueJobs(t.app, { tenantId: s.c.tenant.id });
    expect((await s.c.get(`/v1/bill-runs/${br.body.id}`)).body).toMatchObject({ status: 'Completed' });
    expect((await s.c.get(`/v1/transactions/invoices/accounts/${s.accountNumber}`)).body.invoices).toHaveLength(1);
    // only the earliest pending item can be executed; none once all are processed
    const wrong = await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, { scheduleItemId: sched.scheduleItems[0].id });
    expect(wrong.body.reasons[0].code, wrong.raw).toBe(58310030);
    await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {});
    const done = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    expect(done).toMatchObject({ status: 'FullyProcessed', billedAmount: 1320, actualAmount: 0, unbilledAmount: 0, nextRunDate: null });
    // the last item bills what each charge has left: 600 + 60 again, so each charge is billed its worth exactly
    const last = (await s.c.get(`/v1/invoices/${done.scheduleItems[1].invoiceId}/items`)).body.invoiceItems;
    expect(last.map((i: Record<string, unknown>) => i.chargeAmount)).toEqual([600, 60]);
    expect((await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {})).body.reasons[0].code).toBe(58310030);
  });

  it('the tenant clock bills each item once on its run date; a paused schedule waits', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 100, runDate: '2024-01-10' }, { amount: 1220, runDate: '2024-03-01' }] })).body;
    const adv = await t.admin('POST', `/admin/tenants/${s.c.tenant.id}/clock/advance`, { days: 20 });
    expect(adv.status, adv.raw).toBe(200);
    let now = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    expect(now).toMatchObject({ status: 'PartiallyProcessed', billedAmount: 100, nextRunDate: '2024-03-01' });
    const invs = (await s.c.get(`/v1/transactions/invoices/accounts/${s.accountNumber}`)).body.invoices;
    expect(invs.map((i: Record<string, unknown>) => [i.invoiceDate, i.amount])).toEqual([['2024-01-10', 100]]);
    // paused over the second run date: nothing
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/pause`)).body).toMatchObject({ success: true, status: 'Paused' });
    expect((await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {})).body.reasons[0].code).toBe(58310030);
    await t.admin('POST', `/admin/tenants/${s.c.tenant.id}/clock/advance`, { days: 45 });
    now = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    expect(now).toMatchObject({ status: 'Paused', billedAmount: 100 });
    // resumed: the item whose date passed runs on the clock's next day
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/resume`)).body).toMatchObject({ success: true, status: 'PartiallyProcessed' });
    await t.admin('POST', `/admin/tenants/${s.c.tenant.id}/clock/advance`, { days: 1 });
    now = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    expect(now).toMatchObject({ status: 'FullyProcessed', billedAmount: 1320 });
    await t.admin('POST', `/admin/tenants/${s.c.tenant.id}/clock/advance`, { days: 30 });
    expect((await s.c.get(`/v1/transactions/invoices/accounts/${s.accountNumber}`)).body.invoices).toHaveLength(2);
  });
});

describe('PUT /v1/invoice-schedules/{key}', () => {
  it('replaces pending items, keeps executed ones, and refuses changing them', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 300, runDate: '2024-02-01' }, { amount: 1020, runDate: '2024-05-01' }] })).body;
    const [first, second] = sched.scheduleItems;
    let res = await s.c.put(`/v1/invoice-schedules/${sched.id}`, {
      notes: 'v2',
      nextRunDate: '2024-01-15',
      scheduleItems: [
        { id: first.id, amount: 320, runDate: '2024-02-01' },
        { amount: 1000, runDate: '2024-04-01', name: 'new' },
      ],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ notes: 'v2', nextRunDate: '2024-01-15', totalAmount: 1320, actualAmount: 1320 });
    expect(res.body.scheduleItems.map((i: Record<string, unknown>) => [i.id === first.id, i.amount, i.runDate, i.name])).toEqual([
      [true, 320, '2024-02-01', null],
      [false, 1000, '2024-04-01', 'new'],
    ]);
    expect(res.body.scheduleItems.some((i: { id: string }) => i.id === second.id)).toBe(false);
    await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {});
    // orders cannot change once an item is processed; an executed item cannot change
    res = await s.c.put(`/v1/invoice-schedules/${sched.id}`, { orders: [s.orderNumber] });
    expect(res.body.reasons[0].code, res.raw).toBe(58310030);
    res = await s.c.put(`/v1/invoice-schedules/${sched.id}`, { scheduleItems: [{ id: first.id, amount: 999, runDate: '2024-02-01' }] });
    expect(res.body.reasons[0].code, res.raw).toBe(58310030);
    // sent back unchanged, it is taken
    res = await s.c.put(`/v1/invoice-schedules/${sched.id}`, { scheduleItems: [{ id: first.id, amount: 320, runDate: '2024-02-01' }, { amount: 1000, runDate: '2024-05-01' }] });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.scheduleItems.map((i: Record<string, unknown>) => [i.id === first.id, i.status, i.runDate])).toEqual([[true, 'Processed', '2024-02-01'], [false, 'Pending', '2024-05-01']]);
    // left out, it stays
    res = await s.c.put(`/v1/invoice-schedules/${sched.id}`, { scheduleItems: [{ amount: 1000, runDate: '2024-06-01' }] });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.scheduleItems.map((i: Record<string, unknown>) => [i.status, i.runDate])).toEqual([['Processed', '2024-02-01'], ['Pending', '2024-06-01']]);
    expect(res.body).toMatchObject({ status: 'PartiallyProcessed', billedAmount: 320, unbilledAmount: 1000, nextRunDate: '2024-06-01' });
    // a new item cannot come before an executed one
    res = await s.c.put(`/v1/invoice-schedules/${sched.id}`, { scheduleItems: [{ amount: 1000, runDate: '2024-01-20' }] });
    expect(res.body.reasons[0].code, res.raw).toBe(58310020);
    res = await s.c.put(`/v1/invoice-schedules/${sched.id}`, { unknown: 1 });
    expect(res.body.reasons[0].code, res.raw).toBe(58310021);
  });
});

describe('pause, resume, detach, attach, delete', () => {
  it('follow the statuses the pages give', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 660, runDate: '2024-02-01' }, { amount: 660, runDate: '2024-03-01' }] })).body;
    const detach = { specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber, chargeNumbers: s.charges["Seats"] }] };
    // detach needs a processed item
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/detach`, detach)).body.reasons[0].code).toBe(58310030);
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/resume`)).body.reasons[0].code).toBe(58310030);
    await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {});
    // a processed schedule cannot be deleted
    expect((await s.c.del(`/v1/invoice-schedules/${sched.id}`)).body.reasons[0].code).toBe(58310030);
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/detach`, detach)).body).toEqual({ success: true });
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/detach`, detach)).body.reasons[0].code).toBe(58310030);
    // the next item bills only the Platform Fee
    await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {});
    const done = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    const items = (await s.c.get(`/v1/invoices/${done.scheduleItems[1].invoiceId}/items`)).body.invoiceItems;
    expect(items.map((i: Record<string, unknown>) => [i.chargeName, i.chargeAmount])).toEqual([['Platform Fee', 660]]);
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/attach`, detach)).body).toEqual({ success: true });
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/attach`, detach)).body.reasons[0].code).toBe(58310030);
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/pause`)).body.reasons[0].code).toBe(58310030);
  });

  it("takes chargeNumbers as a list, as Zuora's attach and detach samples send it (the spec types a string)", async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 660, runDate: '2024-02-01' }, { amount: 660, runDate: '2024-03-01' }] })).body;
    await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {});
    const detach = { specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber, chargeNumbers: [s.charges['Seats']] }] };
    const res = await s.c.put(`/v1/invoice-schedules/${sched.id}/detach`, detach);
    expect(res.body, res.raw).toEqual({ success: true });
    // a list holding something else than strings is still refused before the route
    const bad = await s.c.put(`/v1/invoice-schedules/${sched.id}/attach`, { specificSubscriptions: [{ subscriptionKey: s.subscriptionNumber, chargeNumbers: [{}] }] });
    expect(bad.body.success, bad.raw).toBe(false);
    expect((await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body.specificSubscriptions).toBeDefined();
  });

  it('deletes a Pending schedule, whose charges go back to bill runs', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 10, runDate: '2024-02-01' }] })).body;
    expect((await s.c.del(`/v1/invoice-schedules/${sched.number}`)).body).toEqual({ success: true });
    expect((await s.c.get(`/v1/invoice-schedules/${sched.id}`)).status).toBe(404);
    const br = await s.c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: s.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    await runDueJobs(t.app, { tenantId: s.c.tenant.id });
    const invs = (await s.c.get(`/v1/transactions/invoices/accounts/${s.accountNumber}`)).body.invoices;
    expect(invs.map((i: Record<string, unknown>) => i.amount), br.raw).toEqual([110]);
  });
});

describe('object query', () => {
  it('lists invoice schedules and expands their items', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 1320, runDate: '2024-02-01' }] })).body;
    const list = await s.c.get('/object-query/invoice-schedules');
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id: sched.id, number: 'IS-00000001', status: 'Pending', totalAmount: 1320, additionalSubscriptionsToBill: '[]', accountId: s.accountId });
    const one = await s.c.get(`/object-query/invoice-schedules/${sched.number}?expand[]=invoicescheduleitems`);
    expect(one.status, one.raw).toBe(200);
    expect(one.body.invoiceScheduleItems).toMatchObject([{ id: sched.scheduleItems[0].id, amount: 1320, runDate: '2024-02-01', status: 'Pending' }]);
  });
});

describe('milestones without run dates, and additional subscriptions', () => {
  it('an item without a run date waits until it gets one ("Creation of percentage-based invoice schedules … milestone billing")', async () => {
    const s = await scheduleTenant(t);
    const body = {
      accountKey: s.accountNumber,
      orders: [s.orderNumber],
      specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber, chargeNumbers: s.charges['Platform Fee'] }],
      scheduleItems: [{ name: 'HTD', percentage: 50 }, { name: 'GLD', percentage: 50 }],
    };
    const res = await s.c.post('/v1/invoice-schedules', body);
    expect(res.status, res.raw).toBe(200);
    // only the Platform Fee (1200 over the term): two halves of 600, no next run
    expect(res.body).toMatchObject({ status: 'Pending', nextRunDate: null, totalAmount: 1200, actualAmount: 1200, specificSubscriptions: [{ chargeNumbers: s.charges['Platform Fee'] }] });
    expect(res.body.scheduleItems.map((i: Record<string, unknown>) => [i.name, i.amount, i.percentage, i.actualAmount, i.runDate])).toEqual([
      ['HTD', 600, 50, 600, null],
      ['GLD', 600, 50, 600, null],
    ]);
    // a dated item cannot follow an undated one
    const bad = await s.c.post('/v1/invoice-schedules', { ...body, scheduleItems: [{ percentage: 50 }, { percentage: 50, runDate: '2024-05-01' }] });
    expect(bad.body.reasons[0].code, bad.raw).toBe(58310020);
    // the clock passes: nothing runs; execute refuses an undated item
    await t.admin('POST', `/admin/tenants/${s.c.tenant.id}/clock/advance`, { days: 40 });
    expect((await s.c.get(`/v1/invoice-schedules/${res.body.id}`)).body.billedAmount).toBe(0);
    expect((await s.c.post(`/v1/invoice-schedules/${res.body.id}/execute`, {})).body.reasons[0].code).toBe(58310030);
    // given a date, it runs on it; the Seats charge was never held, so bill runs bill it
    const [htd, gld] = res.body.scheduleItems;
    const upd = await s.c.put(`/v1/invoice-schedules/${res.body.id}`, { scheduleItems: [{ id: htd.id, name: 'HTD', percentage: 50, runDate: '2024-02-15' }, { id: gld.id, name: 'GLD', percentage: 50 }] });
    expect(upd.body).toMatchObject({ nextRunDate: '2024-02-15' });
    await t.admin('POST', `/admin/tenants/${s.c.tenant.id}/clock/advance`, { days: 10 });
    const after = (await s.c.get(`/v1/invoice-schedules/${res.body.id}`)).body;
    expect(after).toMatchObject({ status: 'PartiallyProcessed', billedAmount: 600, nextRunDate: null });
    const items = (await s.c.get(`/v1/invoices/${after.scheduleItems[0].invoiceId}/items`)).body.invoiceItems;
    expect(items.map((i: Record<string, unknown>) => [i.chargeName, i.chargeAmount])).toEqual([['Platform Fee', 600]]);
  });

  it('additional subscriptions are billed on the item\'s invoice through its targetDateForAdditionalSubscriptions', async () => {
    const s = await scheduleTenant(t);
    const { createSubscriptionOrder } = await import('../subscriptions/fixtures.js');
    const addon = await s.c.post('/v1/orders', createSubscriptionOrder(s.accountNumber, s.cat.addonPlanId));
    const addonSub = addon.body.subscriptions[0].subscriptionNumber as string;
    const res = await s.c.post('/v1/invoice-schedules', {
      accountKey: s.accountNumber,
      orders: [s.orderNumber],
      additionalSubscriptionsToBill: [addonSub],
      scheduleItems: [{ amount: 660, runDate: '2024-01-15', targetDateForAdditionalSubscriptions: '2024-02-01' }, { amount: 660, runDate: '2024-06-01' }],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ additionalSubscriptionsToBill: [addonSub], totalAmount: 1320 });
    // a subscription of the schedule's orders cannot also be an additional one
    const dup = await s.c.put(`/v1/invoice-schedules/${res.body.id}`, { additionalSubscriptionsToBill: [s.subscriptionNumber] });
    expect(dup.body.reasons[0].code, dup.raw).toBe(58310020);
    await t.admin('POST', `/admin/tenants/${s.c.tenant.id}/clock/advance`, { days: 14 });
    const after = (await s.c.get(`/v1/invoice-schedules/${res.body.id}`)).body;
    const inv = (await s.c.get(`/v1/invoices/${after.scheduleItems[0].invoiceId}`)).body;
    // 660 of the schedule + the addon's January and February (20 each)
    expect(inv).toMatchObject({ amount: 700, invoiceDate: '2024-01-15' });
    const items = (await s.c.get(`/v1/invoices/${inv.id}/items`)).body.invoiceItems;
    expect(items.map((i: Record<string, unknown>) => [i.chargeName, i.chargeAmount, i.serviceStartDate])).toEqual([
      ['Platform Fee', 600, '2024-01-01'],
      ['Seats', 60, '2024-01-01'],
      ['Addon Fee', 20, '2024-01-01'],
      ['Addon Fee', 20, '2024-02-01'],
    ]);
    // a paused schedule cannot be updated (Pending or PartiallyProcessed only)
    await s.c.put(`/v1/invoice-schedules/${res.body.id}/pause`);
    expect((await s.c.put(`/v1/invoice-schedules/${res.body.id}`, { notes: 'x' })).body.reasons[0].code).toBe(58310030);
  });
});

describe('a held charge after the schedule\'s term', () => {
  it('bill runs bill the renewed term as usual, and never what the schedule billed', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 1320, runDate: '2024-01-01' }] })).body;
    expect((await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {})).body.success).toBe(true);
    // the 12-month term ends on 2025-01-01 and renews (auto-renew): the clock crosses it
    const adv = await t.admin('PUT', `/admin/tenants/${s.c.tenant.id}/clock`, { date: '2025-01-02' });
    expect(adv.status, adv.raw).toBeLessThan(300);
    const br = await s.c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: s.accountId }], targetDate: '2025-01-01', invoiceDate: '2025-01-01' });
    expect(br.body.success, br.raw).toBe(true);
    await runDueJobs(t.app, { tenantId: s.c.tenant.id });
    const invs = (await s.c.get(`/v1/transactions/invoices/accounts/${s.accountNumber}`)).body.invoices;
    // the schedule's 1320, then January 2025 of the renewed term (100 + 10): no credit, nothing of 2024 again
    expect(invs.map((i: Record<string, unknown>) => [i.invoiceDate, i.amount])).toEqual([['2025-01-01', 110], ['2024-01-01', 1320]]);
  });
});

describe('bill runs and invoice schedule items', () => {
  it('a bill run bills the items due by its target date, a paused schedule\'s too (the Pause page\'s way to bill it)', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ amount: 300, runDate: '2024-01-10' }, { amount: 400, runDate: '2024-02-10' }, { amount: 620, runDate: '2024-06-10' }] })).body;
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}/pause`)).body.status).toBe('Paused');
    const br = await s.c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: s.accountId }], targetDate: '2024-02-15', invoiceDate: '2024-01-05' });
    expect(br.body.success, br.raw).toBe(true);
    await runDueJobs(t.app, { tenantId: s.c.tenant.id });
    const run = (await s.c.get(`/v1/bill-runs/${br.body.id}`)).body;
    expect(run).toMatchObject({ status: 'Completed' });
    const after = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    // the two items due by 2024-02-15, each its own invoice of the run; the June one waits
    expect(after).toMatchObject({ status: 'Paused', billedAmount: 700, unbilledAmount: 620 });
    expect(after.scheduleItems.map((i: Record<string, unknown>) => i.status)).toEqual(['Processed', 'Processed', 'Pending']);
    const invs = (await s.c.get(`/v1/transactions/invoices/accounts/${s.accountNumber}`)).body.invoices;
    expect(invs.map((i: Record<string, unknown>) => [i.amount, i.invoiceDate]).sort()).toEqual([[300, '2024-01-05'], [400, '2024-01-05']]);
    const inv = (await s.c.get(`/v1/invoices/${after.scheduleItems[1].invoiceId}`)).body;
    expect(inv).toMatchObject({ billRunId: br.body.id, status: 'Draft' });
    // a second run over the same dates bills nothing more
    const again = await s.c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: s.accountId }], targetDate: '2024-02-15', invoiceDate: '2024-01-05' });
    await runDueJobs(t.app, { tenantId: s.c.tenant.id });
    expect((await s.c.get(`/v1/bill-runs/${again.body.id}`)).body).toMatchObject({ status: 'Completed' });
    expect((await s.c.get(`/v1/transactions/invoices/accounts/${s.accountNumber}`)).body.invoices).toHaveLength(2);
  });
});

describe('orders and invoice schedules', () => {
  it('an order changing a held subscription updates a Pending schedule; an order with held charges cannot be deleted', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], scheduleItems: [{ percentage: 50, runDate: '2024-03-01' }, { percentage: 50, runDate: '2024-09-01' }] })).body;
    expect(sched).toMatchObject({ totalAmount: 1320 });
    const add = await s.c.post('/v1/orders', {
      existingAccountNumber: s.accountNumber,
      orderDate: '2024-01-01',
      subscriptions: [{ subscriptionNumber: s.subscriptionNumber, orderActions: [{ type: 'AddProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-01-01' }], addProduct: { productRatePlanId: s.cat.addonPlanId } }] }],
    });
    expect(add.body.success, add.raw).toBe(true);
    // the addon (20 a month over the 12-month term: 240) joins the schedule: 1560, two halves of 780
    const after = (await s.c.get(`/v1/invoice-schedules/${sched.id}`)).body;
    expect(after).toMatchObject({ totalAmount: 1560, actualAmount: 1560 });
    expect(after.scheduleItems.map((i: { actualAmount: number }) => i.actualAmount)).toEqual([780, 780]);
    // the order that added the addon changed a subscription the schedule holds charges of
    const del = await s.c.del(`/v1/orders/${add.body.orderNumber}`);
    expect(del.body.success, del.raw).toBe(false);
    expect(del.body.reasons[0].message).toMatch(/IS-00000001/);
    // once the schedule is gone, it can go
    expect((await s.c.del(`/v1/invoice-schedules/${sched.id}`)).body.success).toBe(true);
    expect((await s.c.del(`/v1/orders/${add.body.orderNumber}`)).body.success).toBe(true);
  });
});

describe('more refusals', () => {
  it('execute, attach and detach check what they are given; custom fields are kept', async () => {
    const s = await scheduleTenant(t);
    const sched = (await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: [s.orderNumber], invoiceSeparately: true, Project__c: 'Apollo', scheduleItems: [{ amount: 660, runDate: '2024-02-01', Milestone__c: 'M1' }, { amount: 660, runDate: '2024-03-01' }] })).body;
    expect(sched).toMatchObject({ invoiceSeparately: true, Project__c: 'Apollo' });
    expect(sched.scheduleItems[0]).toMatchObject({ Milestone__c: 'M1' });
    expect((await s.c.put(`/v1/invoice-schedules/${sched.id}`, { Project__c: 'Gemini' })).body).toMatchObject({ Project__c: 'Gemini', notes: null });
    const cases: Array<[string, unknown, number]> = [
      ['execute', { scheduleItemId: 'ffffffffffffffffffffffffffffffff' }, 58310020],
      ['execute', { scheduleItemId: sched.scheduleItems[1].id }, 58310030],
      ['execute', { other: 1 }, 58310021],
    ];
    for (const [op, body, code] of cases) {
      const r = await s.c.post(`/v1/invoice-schedules/${sched.id}/${op}`, body);
      expect(r.body.reasons?.[0]?.code, r.raw).toBe(code);
    }
    await s.c.post(`/v1/invoice-schedules/${sched.id}/execute`, {});
    const puts: Array<[string, unknown, number]> = [
      ['detach', {}, 58310022],
      ['detach', { specificSubscriptions: [{ subscriptionKey: s.subscriptionNumber }] }, 58310022],
      ['detach', { specificSubscriptions: [{ subscriptionKey: s.subscriptionNumber, chargeNumbers: 'C-99999999' }] }, 58310020],
      ['detach', { specificSubscriptions: [{ subscriptionKey: 'A-S99999999', chargeNumbers: 'C-00000001' }] }, 58310020],
      ['detach', { specificSubscriptions: [{ orderKey: 'O-99999999', subscriptionKey: s.subscriptionNumber, chargeNumbers: s.charges['Seats'] }] }, 58310020],
      ['attach', { specificSubscriptions: [{ subscriptionKey: s.subscriptionNumber, chargeNumbers: s.charges['Seats'] }] }, 58310030],
    ];
    for (const [op, body, code] of puts) {
      const r = await s.c.put(`/v1/invoice-schedules/${sched.id}/${op}`, body);
      expect(r.body.reasons?.[0]?.code, `${op} ${JSON.stringify(body)}: ${r.raw}`).toBe(code);
    }
    expect((await s.c.post('/v1/invoice-schedules/IS-99999999/execute', {})).status).toBe(404);
    // at most 10 orders
    const many = await s.c.post('/v1/invoice-schedules', { accountKey: s.accountNumber, orders: Array.from({ length: 11 }, (_, i) => `O-${String(i + 1).padStart(8, '0')}`), scheduleItems: [{ amount: 1, runDate: '2024-05-01' }] });
    expect(many.body.reasons[0].code, many.raw).toBe(58310070);
  });
});
