import { Temporal } from 'temporal-polyfill';

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
