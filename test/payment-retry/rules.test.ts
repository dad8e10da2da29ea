// Pure rules of Configurable Payment Retry (src/modules/payment-retry/config.ts). Numbers from Zuora's pages:
// "Configure retry rules" (attempts run in batch on the hour: one scheduled at 20:15 runs at 21:00),
// "Configure customer groups" (the highest-priority matching group; All Remaining Customers is the catch-all, last,
// without filters), "Configure response codes" / "Configure system settings" (Hard Decline, Soft Decline, System
// Error; unknown codes take the default label).
import { describe, expect, it } from 'vitest';
import { Temporal } from '../../src/platform/dates.js';
import { decide, defaultConfig, groupOf, hourlyRunAtOrAfter, labelOf, nextHourlyRun, parseConfig } from '../../src/modules/payment-retry/config.js';
import { amountText } from '../../src/modules/payment-retry/service.js';

const I = (s: string) => Temporal.Instant.from(s);

describe('hourly runs', () => {
  it('an attempt scheduled at 20:15 runs at 21:00; one on the hour runs then', () => {
    expect(hourlyRunAtOrAfter(I('2024-03-01T20:15:00Z'), 'UTC').toString()).toBe('2024-03-01T21:00:00Z');
    expect(hourlyRunAtOrAfter(I('2024-03-01T21:00:00Z'), 'UTC').toString()).toBe('2024-03-01T21:00:00Z');
    // a zone half an hour off UTC: its own hours
    expect(hourlyRunAtOrAfter(I('2024-03-01T20:15:00Z'), 'Asia/Kolkata').toString()).toBe('2024-03-01T20:30:00Z');
  });
  it('execute now: the next run strictly after now', () => {
    expect(nextHourlyRun(I('2024-03-01T20:15:00Z'), 'UTC').toString()).toBe('2024-03-01T21:00:00Z');
    expect(nextHourlyRun(I('2024-03-01T21:00:00Z'), 'UTC').toString()).toBe('2024-03-01T22:00:00Z');
  });
});

describe('decisions', () => {
  const c = defaultConfig();
  const g = c.customer_groups[0]!;
  it('labels: the mapping, else the default label', () => {
    expect(labelOf(c, '54')).toBe('Hard Decline');
    expect(labelOf(c, '51')).toBe('Soft Decline');
    expect(labelOf(c, '96')).toBe('System Error');
    expect(labelOf(c, 'zz')).toBe('Soft Decline');
    expect(labelOf(c, null)).toBe('Soft Decline');
  });
  it('soft declines retry 24 hours later on the hour, three times; hard declines stop', () => {
    expect(decide(c, g, 1, '51', I('2024-01-01T10:15:00Z'), 'UTC')).toEqual({ label: 'Soft Decline', action: 'Retry', criteria: 'incremental_time', next: I('2024-01-02T11:00:00Z') });
    expect(decide(c, g, 3, '51', I('2024-01-03T11:00:00Z'), 'UTC')).toMatchObject({ action: 'Retry', next: I('2024-01-04T11:00:00Z') });
    expect(decide(c, g, 4, '51', I('2024-01-04T11:00:00Z'), 'UTC')).toEqual({ label: 'Soft Decline', action: 'Stop' });
    expect(decide(c, g, 1, '54', I('2024-01-01T10:15:00Z'), 'UTC')).toEqual({ label: 'Hard Decline', action: 'Stop' });
    expect(decide(c, g, 1, '96', I('2024-01-01T10:15:00Z'), 'UTC')).toMatchObject({ action: 'Retry', next: I('2024-01-01T12:00:00Z') });
  });
});

describe('customer groups and the configuration', () => {
  const c = parseConfig({
    customer_groups: [
      { id: 3, name: 'EUR batch 2', filters: { batch: ['Batch2'], currency: ['EUR'] }, attempts: [] },
      { id: 2, name: 'Batch 2', filters: { batch: ['Batch2'] }, attempts: [{ 'Soft Decline': { action: 'Retry', hours: 6 } }] },
      { id: 1, name: 'All Remaining Customers', attempts: [] },
    ],
  });
  it('the first matching group in priority order, else All Remaining Customers', () => {
    expect(groupOf(c, { batch: 'Batch2', currency: 'EUR' }).id).toBe(3);
    expect(groupOf(c, { batch: 'Batch2', currency: 'USD' }).id).toBe(2);
    expect(groupOf(c, { batch: 'Batch1', currency: 'EUR' }).id).toBe(1);
    expect(decide(c, c.customer_groups[1]!, 1, '51', I('2024-01-01T00:00:00Z'), 'UTC')).toMatchObject({ action: 'Retry', next: I('2024-01-01T06:00:00Z') });
    expect(decide(c, c.customer_groups[2]!, 1, '51', I('2024-01-01T00:00:00Z'), 'UTC')).toMatchObject({ action: 'Stop' });
  });
  it('refuses what it cannot honour', () => {
    const bad = (v: unknown) => () => parseConfig(v);
    expect(bad([])).toThrow(/JSON object/);
    expect(bad({ customer_groups: [{ id: 1, name: 'Other', attempts: [] }] })).toThrow(/All Remaining Customers/);
    expect(bad({ customer_groups: [{ id: 1, name: 'All Remaining Customers', filters: { batch: ['B'] }, attempts: [] }] })).toThrow(/no filters/);
    expect(bad({ customer_groups: [{ id: 2, name: 'X', filters: { country: ['US'] }, attempts: [] }, { id: 1, name: 'All Remaining Customers', attempts: [] }] })).toThrow(/country/);
    expect(bad({ customer_groups: [{ id: 1, name: 'All Remaining Customers', attempts: [{ 'Soft Decline': { action: 'Retry', hours: 1.5 } }] }] })).toThrow(/whole number/);
    expect(bad({ customer_groups: [{ id: 1, name: 'All Remaining Customers', attempts: [{ 'Soft Decline': { action: 'Retry', criteria: 'specific_day', hours: 1 } }] }] })).toThrow(/does not implement/);
    expect(bad({ smart_retry: true })).toThrow(/Smart Retry/);
  });
  it('amounts as the samples show them', () => {
    expect(amountText('0')).toBe('0.0');
    expect(amountText('110')).toBe('110.0');
    expect(amountText('12.34')).toBe('12.34');
  });
});
