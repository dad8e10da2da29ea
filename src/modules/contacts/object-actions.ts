/**
 * Contact through POST /v1/action/create, /update and /delete: Zuora's PascalCase fields (the Contact
 * object, as ZOQL names them) translated into the REST contact body, through the contacts service, so the
 * rules are POST/PUT/DELETE /v1/contacts'. Unrecognized fields are ignored, as the Actions pages say
 * Zuora does (custom fields `name__c` pass through).
 */
import { CUSTOM_FIELD_RE } from '../../platform/custom-fields.js';
import { invalidValue, notFound } from '../../platform/errors.js';
import type { ActionFields, ObjectActions } from '../queries/contract.js';
import { createContact, deleteContact, getContact, updateContact } from './service.js';

const FIELD_MAP: Record<string, string> = {
  Address1: 'address1',
  Address2: 'address2',
  City: 'city',
  Country: 'country',
  County: 'county',
  Description: 'description',
  Fax: 'fax',
  FirstName: 'firstName',
  HomePhone: 'homePhone',
  LastName: 'lastName',
  MobilePhone: 'mobilePhone',
  NickName: 'nickname',
  OtherPhone: 'otherPhone',
  OtherPhoneType: 'otherPhoneType',
  PersonalEmail: 'personalEmail',
  PostalCode: 'zipCode',
  State: 'state',
  TaxRegion: 'taxRegion',
  WorkEmail: 'workEmail',
  WorkPhone: 'workPhone',
};

function restBody(b: ActionFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) {
    if (FIELD_MAP[k]) out[FIELD_MAP[k]] = v;
    else if (CUSTOM_FIELD_RE.test(k)) out[k] = v;
  }
  return out;
}

export const contactObjectActions: ObjectActions = {
  async create(ctx, b) {
    const body = restBody(b);
    if (b.AccountId !== undefined) body.accountId = b.AccountId;
    return String((await createContact(ctx, body)).id);
  },
  async update(ctx, id, b) {
    const cur = await getContact(ctx, id);
    if (!cur || cur.id !== id) throw notFound(`No contact with id ${id}`);
    if (b.AccountId !== undefined && b.AccountId !== cur.accountId) throw invalidValue(`'AccountId' of a contact cannot be changed (use PUT /v1/contacts/{contactId}/transfer)`);
    await updateContact(ctx, id, restBody(b));
  },
  async delete(ctx, id) {
    const cur = await getContact(ctx, id);
    if (!cur || cur.id !== id) throw notFound(`No contact with id ${id}`);
    await deleteContact(ctx, id);
  },
};
