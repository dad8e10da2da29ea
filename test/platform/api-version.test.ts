import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLeast, before, compareApiVersions, parseApiVersion } from '../../src/platform/api-version.js';

describe('API versions: parse and compare', () => {
  it('reads numbered and date versions, and marks anything else unreadable', () => {
    expect(parseApiVersion('222.4')).toEqual({ kind: 'number', major: 222, minor: 4 });
    expect(parseApiVersion('211.0')).toEqual({ kind: 'number', major: 211, minor: 0 });
    expect(parseApiVersion('211')).toEqual({ kind: 'number', major: 211, minor: 0 });
    expect(parseApiVersion(' 2025-08-12 ')).toEqual({ kind: 'date', date: '2025-08-12' });
    for (const bad of ['', 'latest', '2024-5-20', '211.0.1', 'v211', undefined, null]) expect(parseApiVersion(bad).kind).toBe('unreadable');
  });

  it('compares numbered versions as numbers, part by part (not as strings)', () => {
    expect(compareApiVersions('222.4', '223.0')).toBeLessThan(0);
    expect(compareApiVersions('222.4', '222.10')).toBeLessThan(0);
    expect(compareApiVersions('99.0', '186.0')).toBeLessThan(0);
    expect(compareApiVersions('230.0', '230')).toBe(0);
    expect(compareApiVersions('341.0', '211.0')).toBeGreaterThan(0);
  });

  it('puts every date version after every numbered version, and dates in date order', () => {
    expect(compareApiVersions('2024-05-20', '341.0')).toBeGreaterThan(0);
    expect(compareApiVersions('999.9', '2024-05-20')).toBeLessThan(0);
    expect(compareApiVersions('2024-05-20', '2025-08-12')).toBeLessThan(0);
    expect(compareApiVersions('2025-08-12', '2025-08-12')).toBe(0);
  });

  it('counts an unreadable version as older than every real one', () => {
    expect(compareApiVersions('garbage', '186.0')).toBeLessThan(0);
    expect(compareApiVersions(undefined, '2024-05-20')).toBeLessThan(0);
  });

  it('is a total order: antisymmetric and transitive over mixed versions', () => {
    const version = fc.oneof(
      fc.tuple(fc.integer({ min: 100, max: 400 }), fc.integer({ min: 0, max: 12 })).map(([a, b]) => `${a}.${b}`),
      fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    );
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(Math.sign(compareApiVersions(a, b)) + Math.sign(compareApiVersions(b, a))).toBe(0);
        if (compareApiVersions(a, b) <= 0 && compareApiVersions(b, c) <= 0) expect(compareApiVersions(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('atLeast / before', () => {
  it('answers for a version string on both sides of a switch', () => {
    expect(atLeast('222.4', '223.0')).toBe(false);
    expect(atLeast('223.0', '223.0')).toBe(true);
    expect(before('210.0', '211.0')).toBe(true);
    expect(before('211.0', '211.0')).toBe(false);
  });

  it("reads a request's apiVersion, and a tenant default date is newer than any number", () => {
    expect(atLeast({ apiVersion: '2025-08-12' }, '230.0')).toBe(true);
    expect(atLeast({ apiVersion: '229.0' }, '230.0')).toBe(false);
    expect(atLeast({ apiVersion: undefined }, '196.0')).toBe(false);
  });

  it('refuses a threshold that is not a version (a programming mistake)', () => {
    expect(() => atLeast('211.0', 'soon')).toThrow(/not an API version/);
  });
});
