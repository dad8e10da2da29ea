// Pure rules of bill runs and billing documents.
import { describe, expect, it } from 'vitest';
import { nextExecutionDate, runDate, type Schedule } from '../../src/modules/billing/bill-runs.js';
import { documentKindFor } from '../../src/modules/invoices/service.js';
import { D } from '../../src/platform/money.js';

const s = (over: Partial<Schedule>): Schedule => ({ repeatFrom: '2024-01-31', repeatTo: null, repeatType: 'Monthly', runTime: 0, weeklyOnDay: null, monthlyOnEndOfMonth: false, ...over });

describe('bill run schedules (Zuora "Create a bill run": schedule.repeatFrom/repeatTo/repeatType/weeklyOnDay/monthlyOnEndOfMonth)', () => {
  it('monthly runs keep repeatFrom’s day, on the last day of a shorter month', () => {
    const dates: string[] = [];
    let d: string | null = null;
    for (let i = 0; i < 4; i++) dates.push((d = nextExecutionDate(s({}), d))!);
    expect(dates).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
  });
  it('monthlyOnEndOfMonth runs on each month’s last day; repeatTo ends the series', () => {
    const sch = s({ repeatFrom: '2024-02-10', monthlyOnEndOfMonth: true, repeatTo: '2024-04-15' });
    expect(nextExecutionDate(sch, null)).toBe('2024-02-29');
    expect(nextExecutionDate(sch, '2024-02-29')).toBe('2024-03-31');
    expect(nextExecutionDate(sch, '2024-03-31')).toBeNull();
  });
  it('weekly runs on the given weekdays; daily every day; None once', () => {
    const weekly = s({ repeatType: 'Weekly', repeatFrom: '2024-01-03', weeklyOnDay: ['Mon', 'Fri'] }); // a Wednesday
    expect(nextExecutionDate(weekly, null)).toBe('2024-01-05');
    expect(nextExecutionDate(weekly, '2024-01-05')).toBe('2024-01-08');
    expect(nextExecutionDate(s({ repeatType: 'Daily' }), '2024-02-01')).toBe('2024-02-02');
    expect(nextExecutionDate(s({ repeatType: 'None' }), null)).toBe('2024-01-31');
    expect(nextExecutionDate(s({ repeatType: 'None' }), '2024-01-31')).toBeNull();
  });
  it('a run’s dates: month offset and day of month (31 is the month’s last day), a day offset, or the run day', () => {
    expect(runDate('2024-01-15', { monthOffset: 1, dayOfMonth: 31, dayOffset: null })).toBe('2024-02-29');
    expect(runDate('2024-01-15', { monthOffset: -1, dayOfMonth: 1, dayOffset: null })).toBe('2023-12-01');
    expect(runDate('2024-01-15', { monthOffset: null, dayOfMonth: null, dayOffset: 3 })).toBe('2024-01-18');
    expect(runDate('2024-01-15', { monthOffset: null, dayOfMonth: null, dayOffset: null })).toBe('2024-01-15');
  });
});

describe('invoice or credit memo ("Rules for generating invoices and credit memos")', () => {
  it('a net negative total is a credit memo under "Create credit memos for net negative invoice totals", a negative invoice otherwise', () => {
    expect(documentKindFor(new D('-0.01'), 'CreditMemoForNetNegative')).toBe('creditMemo');
    expect(documentKindFor(new D('0'), 'CreditMemoForNetNegative')).toBe('invoice');
    expect(documentKindFor(new D('10'), 'CreditMemoForNetNegative')).toBe('invoice');
    expect(documentKindFor(new D('-5'), 'NegativeInvoice')).toBe('invoice');
  });
});
