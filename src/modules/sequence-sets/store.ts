import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared } from '../../platform/db/prepared.js';

import type { DocumentKind } from './service.js';

export const KINDS: DocumentKind[] = ['invoice', 'creditMemo', 'debitMemo', 'payment', 'refund'];

export interface SequenceSetRow {
  id: string;
  tenant_id: string;
  name: string;
  name_key: string;
  is_default: number;
  sort_key: number | string;
  invoice_prefix: string;
  invoice_next: number | string;
  credit_memo_prefix: string;
  credit_memo_next: number | string;
  debit_memo_prefix: string;
  debit_memo_next: number | string;
  payment_prefix: string | null;
  payment_next: number | string | null;
  refund_prefix: string | null;
  refund_next: number | string | null;
  created_on: string;
  updated_on: string;
}

interface MarkRow {
  tenant_id: string;
  kind: string;
  prefix: string;
  last_number: number | string;
}

interface Tables {
  sequence_sets: SequenceSetRow;
  sequence_number_marks: MarkRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

/** Column stems per kind: `invoice` → invoice_prefix / invoice_next. */
export const STEM: Record<DocumentKind, 'invoice' | 'credit_memo' | 'debit_memo' | 'payment' | 'refund'> = {
  invoice: 'invoice',
  creditMemo: 'credit_memo',
  debitMemo: 'debit_memo',
  payment: 'payment',
  refund: 'refund',
};

export type PrefixCol = `${(typeof STEM)[DocumentKind]}_prefix`;
export type NextCol = `${(typeof STEM)[DocumentKind]}_next`;
export const prefixCol = (k: DocumentKind) => `${STEM[k]}_prefix` as PrefixCol;
export const nextCol = (k: DocumentKind) => `${STEM[k]}_next` as NextCol;

export const nameKey = (name: string) => name.trim().toUpperCase();

export async function findById(ctx: Ctx, id: string): Promise<SequenceSetRow | undefined> {
  return q(ctx).selectFrom('sequence_sets').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

export async function findByName(ctx: Ctx, name: string): Promise<SequenceSetRow | undefined> {
  return q(ctx).selectFrom('sequence_sets').selectAll().where('tenant_id', '=', ctx.tenant.id).where('name_key', '=', nameKey(name)).executeTakeFirst();
}

export async function findDefault(ctx: Ctx): Promise<SequenceSetRow | undefined> {
  return q(ctx).selectFrom('sequence_sets').selectAll().where('tenant_id', '=', ctx.tenant.id).where('is_default', '=', 1).executeTakeFirst();
}

/** Inserts the row unless one with the same name exists (concurrent default creation). */
export async function insertIgnoringNameConflict(ctx: Ctx, row: SequenceSetRow): Promise<void> {
  await q(ctx)
    .insertInto('sequence_sets')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'name_key']).doNothing())
    .execute();
}

export async function insert(ctx: Ctx, row: SequenceSetRow): Promise<void> {
  await q(ctx).insertInto('sequence_sets').values(row).execute();
}

export async function update(ctx: Ctx, id: string, patch: Partial<SequenceSetRow>): Promise<void> {
  await q(ctx).updateTable('sequence_sets').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/**
 * Takes the row lock for the rest of the transaction (a no-op UPDATE works on
 * both databases), so that a change of prefix or start number cannot interleave
 * with numbers being taken from the same set.
 */
export async function lock(ctx: Ctx, id: string): Promise<void> {
  // id = id (the column, not the parameter): a key longer than the column must not fail on PostgreSQL.
  await q(ctx).updateTable('sequence_sets').set((eb) => ({ id: eb.ref('id') })).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/** True when the error is a unique-index violation (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** The document kind whose prefix index a unique violation names, if any. */
export function violatedPrefixKind(err: unknown): DocumentKind | undefined {
  if (!isUniqueViolation(err)) return undefined;
  const e = err as { constraint?: string; message?: string };
  const text = `${e.constraint ?? ''} ${e.message ?? ''}`;
  return KINDS.find((k) => text.includes(prefixCol(k)));
}

export async function remove(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('sequence_sets').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function list(ctx: Ctx, opts: { name?: string; limit: number; offset: number }): Promise<SequenceSetRow[]> {
  let query = q(ctx).selectFrom('sequence_sets').selectAll().where('tenant_id', '=', ctx.tenant.id);
  if (opts.name !== undefined) query = query.where((eb) => eb.or([eb('name_key', '=', nameKey(opts.name!)), eb('id', '=', opts.name!)]));
  return query.orderBy('sort_key').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
}

/** Other sets of the tenant using `prefix` for `kind` (prefixes are unique per kind). */
export async function prefixTakenBy(ctx: Ctx, kind: DocumentKind, prefix: string, exceptId?: string): Promise<SequenceSetRow | undefined> {
  let query = q(ctx).selectFrom('sequence_sets').selectAll().where('tenant_id', '=', ctx.tenant.id).where(prefixCol(kind), '=', prefix);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

/** A set (other than `exceptId`) using `prefix` for a document kind other than `kind`. */
export async function prefixUsedForOtherKind(ctx: Ctx, kind: DocumentKind, prefix: string, exceptId?: string): Promise<{ name: string; kind: DocumentKind } | undefined> {
  const others = KINDS.filter((k) => k !== kind);
  let query = q(ctx)
    .selectFrom('sequence_sets')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where((eb) => eb.or(others.map((k) => eb(prefixCol(k), '=', prefix))));
  if (exceptId) query = query.where('id', '!=', exceptId);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return { name: row.name, kind: others.find((k) => row[prefixCol(k)] === prefix)! };
}

/** The document kinds that numbers were ever issued for under `prefix`. */
export async function kindsIssuedUnder(ctx: Ctx, prefix: string): Promise<DocumentKind[]> {
  const rows = await q(ctx).selectFrom('sequence_number_marks').select('kind').where('tenant_id', '=', ctx.tenant.id).where('prefix', '=', prefix).execute();
  return rows.map((r) => r.kind as DocumentKind);
}

/**
 * Takes one number: a single atomic UPDATE … RETURNING. The row stays locked
 * until the caller's transaction ends, so concurrent callers queue and each
 * gets its own value. Returns the prefix and the number issued.
 */
export async function takeNumber(ctx: Ctx, id: string, kind: DocumentKind): Promise<{ prefix: string; issued: number } | undefined> {
  const pc = prefixCol(kind);
  const nc = nextCol(kind);
  const row = await q(ctx)
    .updateTable('sequence_sets')
    .set({ [nc]: sql`${sql.ref(nc)} + 1` } as Partial<SequenceSetRow>)
    .where('tenant_id', '=', ctx.tenant.id)
    .where('id', '=', id)
    .where(nc, 'is not', null)
    .returning([sql<string>`${sql.ref(pc)}`.as('prefix'), sql<number | string>`${sql.ref(nc)}`.as('next')])
    .executeTakeFirst();
  if (!row) return undefined;
  return { prefix: row.prefix, issued: Number(row.next) - 1 };
}

/** takeNumber on the tenant's default set, found in the same statement; compiled once per kind. */
const takeDefaultOf = new Map<DocumentKind, ReturnType<typeof takeDefaultQuery>>();
const takeDefaultQuery = (kind: DocumentKind) =>
  prepared<{ prefix: string; next: number | string }>((db, p) => {
    const pc = prefixCol(kind);
    const nc = nextCol(kind);
    const k = db as unknown as Kysely<Tables>;
    return k
      .updateTable('sequence_sets')
      .set({ [nc]: sql`${sql.ref(nc)} + 1` } as Partial<SequenceSetRow>)
      .where('tenant_id', '=', p(0))
      // (no alias: the inner names are the inner table's; the plan then names the table, a config table)
      .where('id', '=', (eb) => eb.selectFrom('sequence_sets').select('id').where('tenant_id', '=', p(1)).where('is_default', '=', 1).limit(1))
      .where(nc, 'is not', null)
      .returning([sql<string>`${sql.ref(pc)}`.as('prefix'), sql<number | string>`${sql.ref(nc)}`.as('next')]);
  });

/**
 * takeNumber on the tenant's default set (findDefault's row) in one statement: undefined when there is no default
 * set yet or it has no numbering for the kind.
 */
export async function takeDefaultNumber(ctx: Ctx, kind: DocumentKind): Promise<{ prefix: string; issued: number } | undefined> {
  let run = takeDefaultOf.get(kind);
  if (!run) takeDefaultOf.set(kind, (run = takeDefaultQuery(kind)));
  const row = (await run(ctx.db, [ctx.tenant.id, ctx.tenant.id]))[0];
  if (!row) return undefined;
  return { prefix: row.prefix, issued: Number(row.next) - 1 };
}

const recordIssuedQuery = prepared((db, p) =>
  (db as unknown as Kysely<Tables>)
    .insertInto('sequence_number_marks')
    .values({ tenant_id: p(0), kind: p(1), prefix: p(2), last_number: p(3) as unknown as number })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'kind', 'prefix']).doUpdateSet({
        last_number: sql`case when sequence_number_marks.last_number < excluded.last_number then excluded.last_number else sequence_number_marks.last_number end`,
      }),
    ),
);

/** Records that `issued` was handed out under (kind, prefix): keeps the highest. */
export async function recordIssued(ctx: Ctx, kind: DocumentKind, prefix: string, issued: number): Promise<void> {
  await recordIssuedQuery(ctx.db, [ctx.tenant.id, kind, prefix, issued]);
}

/** The highest number ever issued for (kind, prefix), 0 when none. */
export async function lastIssued(ctx: Ctx, kind: DocumentKind, prefix: string): Promise<number> {
  const row = await q(ctx)
    .selectFrom('sequence_number_marks')
    .select('last_number')
    .where('tenant_id', '=', ctx.tenant.id)
    .where('kind', '=', kind)
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return row ? Number(row.last_number) : 0;
}
