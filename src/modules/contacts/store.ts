import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { CONTACT_COLUMNS } from './migrations.js';

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

export async function insertContact(ctx: Ctx, row: ContactRow): Promise<void> {
  await q(ctx).insertInto('contacts').values(row).execute();
}

export async function findContact(ctx: Ctx, id: string): Promise<ContactRow | undefined> {
  return q(ctx).selectFrom('contacts').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

export async function findContacts(ctx: Ctx, ids: string[]): Promise<ContactRow[]> {
  if (!ids.length) return [];
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

export async function countContactsOfAccount(ctx: Ctx, accountId: string): Promise<number> {
  const r = await q(ctx)
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', ctx.tenant.id)
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
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
