/**
 * The query engine's fast date-time formatting gives exactly what formatIsoDateTime (Temporal) gives: the
 * tenant's wall time to the second and its offset, for instants as zbill stores them (Instant.toString()).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoDateTime, Temporal } from '../../src/platform/dates.js';
import { fastIsoDateTime } from '../../src/modules/queries/engine.js';

const zones = ['UTC', 'America/Los_Angeles', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Kiritimati'];

describe('fastIsoDateTime', () => {
  it('equals formatIsoDateTime for any instant and zone (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2090, 0, 1) }), fc.integer({ min: 0, max: 999_999 }), fc.constantFrom(...zones), (ms, sub, tz) => {
        const inst = Temporal.Instant.fromEpochNanoseconds(BigInt(ms) * 1_000_000n + BigInt(sub));
        const stored = inst.toString();
        expect(fastIsoDateTime(stored, tz)).toBe(formatIsoDateTime(inst, tz));
      }),
      { numRuns: 3000 },
    );
  });

  it('is exact around offset changes, where its per-quarter-hour offset cache must not leak across (property)', () => {
    const changes = ['2024-03-10T10:00:00Z', '2024-11-03T09:00:00Z', '2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z', '2024-04-06T15:00:00Z', '2024-10-05T15:30:00Z', '2024-09-28T14:00:00Z'].map((x) => Date.parse(x));
    fc.assert(
      fc.property(fc.constantFrom(...changes), fc.integer({ min: -2 * 3600_000, max: 2 * 3600_000 }), fc.constantFrom(...zones), (at, delta, tz) => {
        const inst = Temporal.Instant.fromEpochMilliseconds(at + delta);
        expect(fastIsoDateTime(inst.toString(), tz)).toBe(formatIsoDateTime(inst, tz));
      }),
      { numRuns: 3000 },
    );
  });

  it('handles DST edges and leaves what Date cannot read exactly to Temporal', () => {
    for (const s of ['2024-03-10T10:00:00Z', '2024-11-03T08:59:59Z', '2024-11-03T09:00:00Z', '2024-03-31T01:00:00Z', '2024-10-27T00:59:59.999Z']) {
      for (const tz of zones) expect(fastIsoDateTime(s, tz), `${s} ${tz}`).toBe(formatIsoDateTime(Temporal.Instant.from(s), tz));
    }
    expect(fastIsoDateTime('yesterday', 'UTC')).toBeUndefined();
    expect(fastIsoDateTime('2024-01-01', 'UTC')).toBeUndefined();
  });
});
