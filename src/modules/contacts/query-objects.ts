/** The Contact and ContactSnapshot objects of the query model, over the contacts tables. */
import { qf, type QueryField, type QueryObject } from '../queries/contract.js';
import { contactObjectActions } from './object-actions.js';

const rw = { createable: true, updateable: true };

/** The columns contacts and snapshots share, by Zuora's names. */
function contactFields(): QueryField[] {
  return [
    qf.id('AccountId', 'account_id', { createable: true }),
    qf.text('Address1', 'address1', rw),
    qf.text('Address2', 'address2', rw),
    qf.text('City', 'city', rw),
    qf.text('Country', 'country', rw),
    qf.text('County', 'county', rw),
    qf.datetime('CreatedDate', 'created_at'),
    qf.text('Description', 'description', rw),
    qf.text('Fax', 'fax', rw),
    qf.text('FirstName', 'first_name', rw),
    qf.text('HomePhone', 'home_phone', rw),
    qf.text('LastName', 'last_name', rw),
    qf.text('MobilePhone', 'mobile_phone', rw),
    qf.text('NickName', 'nickname', rw),
    qf.text('OtherPhone', 'other_phone', rw),
    qf.text('OtherPhoneType', 'other_phone_type', rw),
    qf.text('PersonalEmail', 'personal_email', rw),
    qf.text('PostalCode', 'zip_code', rw),
    qf.text('State', 'state', rw),
    qf.text('TaxRegion', 'tax_region', rw),
    qf.text('WorkEmail', 'work_email', rw),
    qf.text('WorkPhone', 'work_phone', rw),
  ];
}

export const contactQueryObjects: QueryObject[] = [
  {
    name: 'Contact',
    path: 'contacts',
    operationIds: ['queryContacts', 'queryContactByKey'],
    table: 'contacts',
    customFields: 'custom_fields',
    // POST /v1/action/create, update, delete (object-actions.ts)
    actions: contactObjectActions,
    fields: [qf.id('Id', 'id'), ...contactFields(), qf.datetime('UpdatedDate', 'updated_at')],
    relations: [{ name: 'account', property: 'account', object: 'Account', cardinality: 'one', localField: 'AccountId', remoteField: 'Id' }],
  },
  {
    name: 'ContactSnapshot',
    path: 'contact-snapshots',
    operationIds: ['queryContactSnapshots', 'queryContactSnapshotByKey'],
    table: 'contact_snapshots',
    fields: [qf.id('Id', 'id'), qf.id('ContactId', 'contact_id'), ...contactFields().map((f) => ({ ...f, createable: false, updateable: false }))],
  },
];
