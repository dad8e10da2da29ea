import type { Kysely, Migration } from 'kysely';

/** The columns a contact and its snapshots share, in API field order. */
export const CONTACT_COLUMNS = [
  'first_name', 'last_name', 'nickname', 'work_email', 'personal_email', 'address1', 'address2', 'city', 'county',
  'state', 'country', 'zip_code', 'tax_region', 'work_phone', 'home_phone', 'mobile_phone', 'other_phone',
  'other_phone_type', 'fax', 'description',
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function contactColumns(t: any) {
  let b = t;
  for (const c of CONTACT_COLUMNS) b = b.addColumn(c, c === 'first_name' || c === 'last_name' ? 'varchar(100)' : 'varchar(255)');
  return b
    .addColumn('as_bill_to', 'integer')
    .addColumn('as_sold_to', 'integer')
    .addColumn('as_ship_to', 'integer')
    .addColumn('custom_fields', 'text', (c: { notNull(): unknown }) => c.notNull());
}

export const contactsMigrations: Record<string, Migration> = {
  '0200_contacts_init': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      let t = db.schema
        .createTable('contacts')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull());
      t = contactColumns(t);
      await t
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contacts_tenant_account').on('contacts').columns(['tenant_id', 'account_id']).execute();

      let s = db.schema
        .createTable('contact_snapshots')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('contact_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull());
      s = contactColumns(s);
      await s.addColumn('created_at', 'varchar(40)', (c) => c.notNull()).execute();
      await db.schema.createIndex('contact_snapshots_tenant_contact').on('contact_snapshots').columns(['tenant_id', 'contact_id']).execute();
    },
  },
};
