import { describe, expect, it } from 'vitest';
import { addMonths, formatDateTime, parseDate, Temporal } from '../../src/platform/dates.js';
import { Category, errorCode, httpStatusFor, objectApiCode, usesMappedStatus, ZuoraError } from '../../src/platform/errors.js';
import { RateLimiter } from '../../src/platform/http/rate-limit.js';
import { checkTrackId } from '../../src/platform/http/wire.js';
import { formatNumber, isZuoraId, newId } from '../../src/platform/ids.js';
import { money, roundTo, toDbAmount } from '../../src/platform/money.js';

describe('error codes', () => {
  it('builds 8 digits from resource and category, as in Zuora’s 53100320 (termType invalid)', () => {
    expect(errorCode(531003, Category.INVALID_VALUE)).toBe(53100320);
    expect(new ZuoraError(53100320, 'x').category).toBe(20);
  });

  it('maps categories to statuses from 2024-05-20 and answers 200 before', () => {
    const cases: Array<[number, number]> = [
      [10, 403], [11, 401], [20, 400], [21, 400], [22, 400], [23, 400], [30, 400], [40, 404], [50, 409], [60, 500], [61, 500], [70, 429], [90, 400],
    ];
    for (const [cat, status] of cases) {
      const e = new ZuoraError(50000000 + cat, 'x');
      expect(httpStatusFor(e, '2024-05-20')).toBe(status);
      expect(httpStatusFor(e, '2024-05-19')).toBe(200);
      expect(httpStatusFor(e, '211.0')).toBe(200);
    }
    expect(usesMappedStatus('2025-08-12')).toBe(true);
    expect(usesMappedStatus('nonsense')).toBe(false);
  });

  it('keeps a fixed status whatever the version', () => {
    expect(httpStatusFor(new ZuoraError(90000011, 'auth', { fixedStatus: 401 }), '2020-01-01')).toBe(401);
  });

  it('names object API codes by category', () => {
    expect(objectApiCode(new ZuoraError(50000040, 'x'))).toBe('INVALID_ID');
    expect(objectApiCode(new ZuoraError(50000022, 'x'))).toBe('MISSING_REQUIRED_VALUE');
  });
});

describe('ids and numbers', () => {
  it('makes 32 lowercase hex ids', () => {
    const id = newId();
    expect(isZuoraId(id)).toBe(true);
    expect(newId()).not.toBe(id);
  });
  it('pads numbers to 8 digits after the prefix', () => {
    expect(formatNumber('A', 1)).toBe('A00000001');
    expect(formatNumber('A-S', 12)).toBe('A-S00000012');
    expect(formatNumber('INV', 123456789)).toBe('INV123456789');
  });
});

describe('track id', () => {
  it('takes up to 64 printable US-ASCII characters without : ; " \'', () => {
    expect(() => checkTrackId('a'.repeat(64))).not.toThrow();
    for (const bad of ['a'.repeat(65), 'x:y', 'x;y', 'x"y', "x'y", 'tab\there', 'é']) expect(() => checkTrackId(bad)).toThrow(ZuoraError);
  });
});

describe('money and dates', () => {
  it('keeps amounts exact and rounds half up', () => {
    expect(money('0.1').plus('0.2').toString()).toBe('0.3');
    expect(roundTo(money('2.345'), 2).toString()).toBe('2.35');
    expect(toDbAmount('1e-7')).toBe('0.0000001');
  });
  it('adds months clamping to the end of the month', () => {
    expect(addMonths(Temporal.PlainDate.from('2024-01-31'), 1).toString()).toBe('2024-02-29');
    expect(addMonths(Temporal.PlainDate.from('2023-01-31'), 1).toString()).toBe('2023-02-28');
  });
  it('parses only real calendar dates', () => {
    expect(parseDate('2024-02-29')?.toString()).toBe('2024-02-29');
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('2024-2-1')).toBeUndefined();
  });
  it('formats timestamps in the tenant zone the way v1 responses do', () => {
    expect(formatDateTime(Temporal.Instant.from('2024-01-31T17:15:00Z'), 'America/Los_Angeles')).toBe('2024-01-31 09:15:00');
  });
});

describe('rate limiter', () => {
  it('opens a new window after the window passes', () => {
    const rl = new RateLimiter(2, 60);
    const t0 = 1_000_020_000;
    expect(rl.hit('t', null, t0)['RateLimit-Remaining']).toBe('1');
    rl.hit('t', null, t0 + 1);
    expect(() => rl.hit('t', null, t0 + 2)).toThrow(ZuoraError);
    expect(() => rl.hit('t', null, t0 + 59_999)).toThrow(ZuoraError);
    expect(rl.hit('t', null, t0 + 60_000)['RateLimit-Remaining']).toBe('1');
    expect(rl.hit('other', 5, t0)['RateLimit-Limit']).toBe('5');
  });
});

describe('id randomness', () => {
  it('never repeats across many ids drawn from the pool', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId()));
    expect(ids.size).toBe(5000);
    for (const id of ids) expect(isZuoraId(id)).toBe(true);
  });
});
