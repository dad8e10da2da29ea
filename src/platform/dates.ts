import { Temporal } from 'temporal-polyfill';
import { invalidValue, missingField, UNKNOWN_RESOURCE } from './errors.js';

export { Temporal };

/** Parses `YYYY-MM-DD`; returns undefined when it is not a real calendar date. */
export function parseDate(s: string): Temporal.PlainDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  try {
    return Temporal.PlainDate.from(s, { overflow: 'reject' });
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(tz: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(tz);
    return true;
  } catch {
    return false;
  }
}

/** Zuora's timestamp format in v1 responses: `2024-01-31 09:15:00`, in the tenant's zone. */
export function formatDateTime(instant: Temporal.Instant, timeZone: string): string {
  const z = instant.toZonedDateTimeISO(timeZone);
  return `${z.toPlainDate().toString()} ${z.toPlainTime().toString({ smallestUnit: 'second' })}`;
}

/** ISO-8601 with offset, as the object API and newer endpoints return. */
export function formatIsoDateTime(instant: Temporal.Instant, timeZone: string): string {
  return instant.toZonedDateTimeISO(timeZone).toString({ smallestUnit: 'second', timeZoneName: 'never' });
}

/** Adds months the way billing does: the 31st plus one month is the last day of the next month. */
export function addMonths(d: Temporal.PlainDate, months: number): Temporal.PlainDate {
  return d.add({ months }, { overflow: 'constrain' });
}

/**
 * A time of the System Health operations (billing documents and payments volume summaries, payment records): the
 * pages' `yyyy-MM-dd'T'HH:mmZ` (2022-09-22T09:07+0800); seconds, a colon in the offset and `Z` are taken too.
 * A '+' sent unescaped in a query string arrives as a space, so a space before the offset reads as '+'.
 * Undefined for anything else.
 */
export function parseSystemHealthTime(v: string): Temporal.Instant | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+\- ]\d{2}:?\d{2})$/.exec(v);
  if (!m) return undefined;
  const [, day, hh, mm, ss = '00', zone] = m;
  const offset = zone === 'Z' ? '+00:00' : `${zone![0] === '-' ? '-' : '+'}${zone!.slice(1, 3)}:${zone!.slice(-2)}`;
  try {
    return Temporal.Instant.from(`${day}T${hh}:${mm}:${ss}${offset}`);
  } catch {
    return undefined;
  }
}

/** The `startTime` and `endTime` of a System Health query: both required, in the pages' format, the end not before the start. */
export function readSystemHealthWindow(q: { startTime?: unknown; endTime?: unknown }, resource = UNKNOWN_RESOURCE): { start: Temporal.Instant; end: Temporal.Instant } {
  const read = (v: unknown, field: string): Temporal.Instant => {
    if (v === undefined || v === null || v === '') throw missingField(`'${field}' is required`, resource);
    const t = typeof v === 'string' ? parseSystemHealthTime(v) : undefined;
    if (!t) throw invalidValue(`'${field}' must be a time in yyyy-MM-dd'T'HH:mmZ format (for example 2022-09-22T09:07+0800), got '${String(v)}'`, resource);
    return t;
  };
  const start = read(q.startTime, 'startTime');
  const end = read(q.endTime, 'endTime');
  if (Temporal.Instant.compare(end, start) < 0) throw invalidValue(`'endTime' (${String(q.endTime)}) cannot be before 'startTime' (${String(q.startTime)})`, resource);
  return { start, end };
}
