import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared, preparedInsert } from '../../platform/db/prepared.js';
import { CONTACT_COLUMNS } from './migrations.js';

type ContactColumn = (typeof CONTACT_COLUMNS)[number];

export type ContactValues = { [K in ContactColumn]: string | null } & {
  as_bill_to: number | null;
  as_sold_to: number | null;
  as_ship_to: number | null;
  custom_fields: string;
};

export interface ContactRow extends ContactValues {
  id: string;
  tenant_id: string;
  account_id: string;
  created_at: string;
  updated_at: string;
}

export interface SnapshotRow extends ContactValues {
  id: string;
  tenant_id: string;
  contact_id: string;
  account_id: string;
  created_at: string;
}

interface Tables {
  contacts: ContactRow;
  contact_snapshots: SnapshotRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

// The hot paths (an account's create and read) run these compiled once (src/platform/db/prepared.ts).
const insertRow = preparedInsert('contacts', [
  'id', 'tenant_id', 'account_id', ...CONTACT_COLUMNS, 'as_bill_to', 'as_sold_to', 'as_ship_to', 'custom_fields', 'created_at', 'updated_at',
] satisfies Array<keyof ContactRow>);
const byId = prepared<ContactRow>((db, p) => db.selectFrom('contacts').selectAll().where('tenant_id', '=', p(0)).where('id', '=', p(1)));
/** By one to three ids (an account's bill-to, sold-to and ship-to contacts): one compiled query per count. */
const byIds = [1, 2, 3].map((n) =>
  prepared<ContactRow>((db, p) =>
    db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', p(0))
      .where(
        'id',
        'in',
        Array.from({ length: n }, (_, i) => p(i + 1)),
      ),
  ),
);

export async function insertContact(ctx: Ctx, row: ContactRow): Promise<void> {
  await insertRow(ctx.db, row as unknown as Record<string, unknown>);
}

export async function findContact(ctx: Ctx, id: string): Promise<ContactRow | undefined> {
  return (await byId(ctx.db, [ctx.tenant.id, id]))[0];
}

export async function findContacts(ctx: Ctx, ids: string[]): Promise<ContactRow[]> {
  if (!ids.length) return [];
  const compiled = byIds[ids.length - 1];
  if (compiled) return compiled(ctx.db, [ctx.tenant.id, ...ids]);
  return q(ctx).selectFrom('contacts').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', 'in', ids).execute();
}

export async function updateContactRow(ctx: Ctx, id: string, patch: Partial<ContactRow>): Promise<void> {
  await q(ctx).updateTable('contacts').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function deleteContactRow(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('contacts').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function deleteContactsOfAccountRows(ctx: Ctx, accountId: string): Promise<void> {
  await q(ctx).deleteFrom('contacts').where('tenant_id', '=', ctx.tenant.id).where('account_id', '=', accountId).execute();
}

const countOfAccount = prepared<{ n: number | string }>((db, p) =>
  db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', p(0))
    .where('account_id', '=', p(1)),
);

export async function countContactsOfAccount(ctx: Ctx, accountId: string): Promise<number> {
  return Number((await countOfAccount(ctx.db, [ctx.tenant.id, accountId]))[0]!.n);
}

export async function insertSnapshot(ctx: Ctx, row: SnapshotRow): Promise<void> {
  await q(ctx).insertInto('contact_snapshots').values(row).execute();
}

export async function findSnapshot(ctx: Ctx, id: string): Promise<SnapshotRow | undefined> {
  return q(ctx).selectFrom('contact_snapshots').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

export async function updateSnapshotsOfContact(ctx: Ctx, contactId: string, patch: Partial<SnapshotRow>): Promise<void> {
  await q(ctx).updateTable('contact_snapshots').set(patch).where('tenant_id', '=', ctx.tenant.id).where('contact_id', '=', contactId).execute();
}
