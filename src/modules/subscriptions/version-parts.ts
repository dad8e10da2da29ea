/**
 * How a subscription version is stored (pure: no database). A version is a header (the document without
 * its rate plans, one row per version in `sub_versions`) and parts: each rate plan, charge and charge
 * segment is a row of `sub_parts` holding its content and the range of versions it belongs to
 * (`from_version` to `to_version`, null while it is in the latest version). A new version writes only the
 * parts that changed, so storage grows with the changes, and reading any version reads its header and the
 * parts whose range holds it: the same work at version 1 and version 100.
 *
 * Rate plan and charge ids change with every version (as Zuora's do). From its second version on, a rate
 * plan's or charge's id is derived from its original id and the version number (`versionedId`: the
 * original's first 24 hex digits and the version in 8), so an unchanged part needs no row per version; an
 * id that is not the derived one (the version that added the part, a migrated version, a reverted order)
 * is kept in the version's id overrides.
 */
import { newId } from '../../platform/ids.js';
import type { ChargeDoc, RatePlanDoc, SegmentDoc, SubscriptionDoc } from './model.js';
import { nextStatusHistory, type StatusPeriod } from './status-history.js';

export type PartKind = 'plan' | 'charge' | 'segment';

/** One rate plan, charge or segment of a version: what it holds and where it sits. */
export interface Part {
  kind: PartKind;
  /** Stable across versions: the original id of a rate plan or charge, charge key and id of a segment. */
  key: string;
  /** The rate plan's key for a charge, the charge's key for a segment. */
  parent: string | null;
  /** Its place among its siblings. */
  pos: number;
  /** The content as JSON, without children and per-version ids. */
  body: string;
  productId: string | null;
  productRatePlanId: string | null;
  productRatePlanChargeId: string | null;
  /** A rate plan's original id's first 24 hex digits: finds the plan from a derived id. */
  idStem: string | null;
}

/**
 * The ids of a version that are not the derived ones, by part key: rate plan ids, their previous ids
 * (`np`: the plans that have none, being new in this version), charge ids.
 */
export interface IdOverrides {
  p?: Record<string, string>;
  pp?: Record<string, string | null>;
  np?: string[];
  c?: Record<string, string>;
}

export interface SplitVersion {
  header: string;
  ids: IdOverrides | null;
  parts: Part[];
  /** Rate plan ids of this version that are not derived (found by `sub_plan_ids`). */
  explicitPlanIds: string[];
}

const HEX32 = /^[0-9a-f]{32}$/;

/** The id of a rate plan or charge in a version, from its original id; null when the original is not a 32-hex id. */
export function versionedId(originalId: string | null | undefined, version: number): string | null {
  if (typeof originalId !== 'string' || !HEX32.test(originalId) || !Number.isInteger(version) || version < 0 || version > 0xffffffff) return null;
  return originalId.slice(0, 24) + version.toString(16).padStart(8, '0');
}

/** The stem and version a derived id names (any 32-hex id parses: the caller checks that the part really has it). */
export function parseVersionedId(id: string): { stem: string; version: number } | null {
  if (!HEX32.test(id)) return null;
  const version = parseInt(id.slice(24), 16);
  // a random id's tail can exceed every version number (and PostgreSQL's integer): not a derived id
  if (version < 1 || version > 2147483647) return null;
  return { stem: id.slice(0, 24), version };
}

/**
 * Gives every rate plan and charge of a new version its id for that version (the derived one; a fresh id
 * when the original is not a 32-hex id or two parts would share one), remembering each rate plan's id in
 * the version before as `previousRatePlanId`.
 */
export function assignVersionIds(doc: SubscriptionDoc): void {
  const used = new Set<string>();
  const pick = (orig: string | null | undefined) => {
    let id = versionedId(orig, doc.version);
    if (!id || used.has(id)) id = newId();
    used.add(id);
    return id;
  };
  for (const rp of doc.ratePlans) {
    rp.previousRatePlanId = rp.id;
    rp.id = pick(rp.originalRatePlanId);
    for (const c of rp.charges) c.id = pick(c.originalChargeId);
  }
}

function uniqueKey(used: Set<string>, base: string): string {
  let k = base;
  for (let n = 2; used.has(k); n++) k = `${base}#${n}`;
  used.add(k);
  return k;
}

/** A version as its header, id overrides and parts. */
export function splitVersion(doc: SubscriptionDoc): SplitVersion {
  const { ratePlans, ...head } = doc;
  const v = doc.version;
  const parts: Part[] = [];
  const ids: Required<IdOverrides> = { p: {}, pp: {}, np: [], c: {} };
  const explicitPlanIds: string[] = [];
  const planKeys = new Set<string>();
  const chargeKeys = new Set<string>();
  const segmentKeys = new Set<string>();
  ratePlans.forEach((rp, i) => {
    const { charges, previousRatePlanId, ...rest } = rp;
    const key = uniqueKey(planKeys, typeof rp.originalRatePlanId === 'string' && rp.originalRatePlanId ? rp.originalRatePlanId : `id:${rp.id}`);
    // A placeholder keeps the per-version id's place in the stored object.
    const body: Record<string, unknown> = { ...rest, id: 0 };
    if (rp.id !== versionedId(rp.originalRatePlanId, v)) {
      ids.p[key] = rp.id;
      explicitPlanIds.push(rp.id);
    }
    if (previousRatePlanId === undefined) ids.np.push(key);
    else if (previousRatePlanId !== versionedId(rp.originalRatePlanId, v - 1)) ids.pp[key] = previousRatePlanId;
    parts.push({
      kind: 'plan',
      key,
      parent: null,
      pos: i,
      body: JSON.stringify(body),
      productId: rp.productId ?? null,
      productRatePlanId: rp.productRatePlanId ?? null,
      productRatePlanChargeId: null,
      idStem: typeof rp.originalRatePlanId === 'string' && HEX32.test(rp.originalRatePlanId) ? rp.originalRatePlanId.slice(0, 24) : null,
    });
    charges.forEach((c, j) => {
      const { segments, ...crest } = c;
      const ckey = uniqueKey(chargeKeys, typeof c.originalChargeId === 'string' && c.originalChargeId ? c.originalChargeId : `id:${c.id}`);
      if (c.id !== versionedId(c.originalChargeId, v)) ids.c[ckey] = c.id;
      parts.push({ kind: 'charge', key: ckey, parent: key, pos: j, body: JSON.stringify({ ...crest, id: 0 }), productId: null, productRatePlanId: null, productRatePlanChargeId: c.productRatePlanChargeId ?? null, idStem: null });
      segments.forEach((s, k) => {
        const skey = uniqueKey(segmentKeys, `${ckey}/${typeof s.id === 'string' && s.id ? s.id : k}`);
        parts.push({ kind: 'segment', key: skey, parent: ckey, pos: k, body: JSON.stringify(s), productId: null, productRatePlanId: null, productRatePlanChargeId: null, idStem: null });
      });
    });
  });
  const some = <T>(r: Record<string, T>) => (Object.keys(r).length ? r : undefined);
  const o: IdOverrides = { p: some(ids.p), pp: some(ids.pp), np: ids.np.length ? ids.np : undefined, c: some(ids.c) };
  const any = o.p || o.pp || o.np || o.c;
  return { header: JSON.stringify(head), ids: any ? JSON.parse(JSON.stringify(o)) : null, parts, explicitPlanIds };
}

/** What composing needs of a stored part. */
export type StoredPart = Pick<Part, 'kind' | 'key' | 'parent' | 'pos' | 'body'>;

/** A version from its header, id overrides and the parts whose range holds it (in any order). */
export function composeVersion(header: string, ids: IdOverrides | null, parts: readonly StoredPart[]): SubscriptionDoc {
  const doc = JSON.parse(header) as SubscriptionDoc;
  const v = doc.version;
  const byPos = (a: StoredPart, b: StoredPart) => a.pos - b.pos;
  const children = new Map<string, StoredPart[]>();
  const plans: StoredPart[] = [];
  for (const p of parts) {
    if (p.kind === 'plan') plans.push(p);
    else {
      const list = children.get(`${p.kind}\u0000${p.parent}`);
      if (list) list.push(p);
      else children.set(`${p.kind}\u0000${p.parent}`, [p]);
    }
  }
  const kids = (kind: PartKind, parent: string) => (children.get(`${kind}\u0000${parent}`) ?? []).sort(byPos);
  doc.ratePlans = plans.sort(byPos).map((p) => {
    const rp = JSON.parse(p.body) as RatePlanDoc;
    rp.id = ids?.p?.[p.key] ?? versionedId(rp.originalRatePlanId, v) ?? '';
    if (!ids?.np?.includes(p.key)) rp.previousRatePlanId = (ids?.pp && p.key in ids.pp ? ids.pp[p.key] : versionedId(rp.originalRatePlanId, v - 1)) as string;
    rp.charges = kids('charge', p.key).map((cp) => {
      const c = JSON.parse(cp.body) as ChargeDoc;
      c.id = ids?.c?.[cp.key] ?? versionedId(c.originalChargeId, v) ?? '';
      c.segments = kids('segment', cp.key).map((sp) => JSON.parse(sp.body) as SegmentDoc);
      return c;
    });
    return rp;
  });
  return doc;
}

const partId = (p: Pick<Part, 'kind' | 'key'>) => `${p.kind}\u0000${p.key}`;
const samePart = (a: StoredPart, b: StoredPart) => a.parent === b.parent && a.pos === b.pos && a.body === b.body;

/**
 * What a new version changes in the parts of the version before: the stored parts it no longer holds as
 * they are (`close`, their range ends at the version before) and its parts that are new or changed (`add`).
 */
export function diffParts<R extends StoredPart>(before: readonly R[], next: readonly Part[]): { close: R[]; add: Part[] } {
  const old = new Map(before.map((r) => [partId(r), r]));
  const add: Part[] = [];
  const close: R[] = [];
  for (const p of next) {
    const r = old.get(partId(p));
    if (r && samePart(r, p)) {
      old.delete(partId(p));
      continue;
    }
    add.push(p);
  }
  for (const r of old.values()) close.push(r);
  return { close, add };
}

export interface LaidOutPart extends Part {
  from: number;
  to: number | null;
}

/**
 * Every version of one subscription (any order) in the stored layout: each version's header, id
 * overrides and status history, every part with its range, and the explicit rate plan ids. Used by the
 * migration from whole-document versions.
 */
export function layOut(docs: readonly SubscriptionDoc[]): {
  versions: Array<{ version: number; header: string; ids: IdOverrides | null; statusHistory: StatusPeriod[] }>;
  parts: LaidOutPart[];
  planIds: Array<{ id: string; version: number }>;
} {
  const sorted = [...docs].sort((a, b) => a.version - b.version);
  const versions: Array<{ version: number; header: string; ids: IdOverrides | null; statusHistory: StatusPeriod[] }> = [];
  const parts: LaidOutPart[] = [];
  const planIds: Array<{ id: string; version: number }> = [];
  let open: LaidOutPart[] = [];
  let history: StatusPeriod[] = [];
  let prevVersion = 0;
  for (const d of sorted) {
    const s = splitVersion(d);
    history = nextStatusHistory(history, d);
    versions.push({ version: d.version, header: s.header, ids: s.ids, statusHistory: history });
    for (const id of s.explicitPlanIds) planIds.push({ id, version: d.version });
    const { close, add } = diffParts(open, s.parts);
    const closed = new Set(close);
    for (const r of close) r.to = prevVersion;
    open = open.filter((r) => !closed.has(r));
    for (const p of add) {
      const row: LaidOutPart = { ...p, from: d.version, to: null };
      parts.push(row);
      open.push(row);
    }
    prevVersion = d.version;
  }
  return { versions, parts, planIds };
}
