/**
 * Zuora API minor versions: comparing them and asking "is this request on
 * version X or later?".
 *
 * A request's version is its `Zuora-Version` header or the tenant default
 * (`req.apiVersion`, set by the auth hook). Two spellings exist:
 * - the legacy numbered versions, `186.0` … `341.0`, some with a minor part
 *   other than 0 (`222.4`); compared as numbers, part by part;
 * - the date versions from 2024-05-20 on (`2025-08-12`), which are all newer
 *   than every numbered version, and compare by date among themselves.
 *
 * A value that is neither (an empty or garbled header) counts as the oldest
 * version, as Zuora treats a request without a usable version as being on the
 * minimum version. The HTTP status of errors (platform/errors.ts) follows the
 * same rule.
 */

export type ApiVersion = { kind: 'date'; date: string } | { kind: 'number'; major: number; minor: number } | { kind: 'unreadable' };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER_RE = /^(\d{1,4})(?:\.(\d{1,3}))?$/;

/** Reads a version string; anything unreadable becomes `{kind:'unreadable'}`. */
export function parseApiVersion(v: string | null | undefined): ApiVersion {
  const s = (v ?? '').trim();
  if (DATE_RE.test(s)) return { kind: 'date', date: s };
  const m = NUMBER_RE.exec(s);
  if (m) return { kind: 'number', major: Number(m[1]), minor: Number(m[2] ?? 0) };
  return { kind: 'unreadable' };
}

const rank = (v: ApiVersion) => (v.kind === 'unreadable' ? 0 : v.kind === 'number' ? 1 : 2);

/** Negative when a is older than b, 0 when they are the same version, positive when a is newer. */
export function compareApiVersions(a: string | null | undefined, b: string | null | undefined): number {
  const x = parseApiVersion(a);
  const y = parseApiVersion(b);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (x.kind === 'date' && y.kind === 'date') return x.date < y.date ? -1 : x.date > y.date ? 1 : 0;
  if (x.kind === 'number' && y.kind === 'number') return x.major !== y.major ? x.major - y.major : x.minor - y.minor;
  return 0;
}

/** Anything that carries a request's effective version (a Fastify request has `apiVersion`). */
export type HasVersion = string | { apiVersion?: string | null } | null | undefined;

function versionOf(v: HasVersion): string | null | undefined {
  return typeof v === 'string' || v === null || v === undefined ? v : v.apiVersion;
}

/** True when the request (or version string) is on `min` or a later version. */
export function atLeast(v: HasVersion, min: string): boolean {
  if (parseApiVersion(min).kind === 'unreadable') throw new Error(`atLeast: '${min}' is not an API version`);
  return compareApiVersions(versionOf(v), min) >= 0;
}

/** True when the request (or version string) is on a version older than `version`. */
export function before(v: HasVersion, version: string): boolean {
  return !atLeast(v, version);
}
