/**
 * Account through POST /v1/action/update and /delete: Zuora's PascalCase fields (the Account object, as
 * ZOQL names them) translated into the PUT /v1/accounts/{key} body, through the accounts service, so the
 * rules are the REST API's. Unrecognized fields are ignored, as the Actions pages say Zuora does.
 *
 * Create is not offered: Zuora's Actions create an account as a Draft without contacts (its contacts are
 * created next, naming the account, then the account is activated with BillToId and SoldToId), and zbill's
 * accounts always have a bill-to contact; so POST /v1/action/create of an Account answers 501. A change of
 * Status through update answers 501 for the same reason.
 */
import { CUSTOM_FIELD_RE } from '../../platform/custom-fields.js';
import { invalidValue, notFound, notImplemented } from '../../platform/errors.js';
import type { ActionFields, ObjectActions } from '../queries/contract.js';
import { deleteAccount, getAccountByKey, updateAccount } from './service.js';

const FIELD_MAP: Record<string, string> = {
  AutoPay: 'autoPay',
  Batch: 'batch',
  BillCycleDay: 'billCycleDay',
  BillToId: 'billToContactId',
  CommunicationProfileId: 'communicationProfileId',
  CreditMemoTemplateId: 'creditMemoTemplateId',
  CrmId: 'crmId',
  CustomerServiceRepName: 'customerServiceRepName',
  DebitMemoTemplateId: 'debitMemoTemplateId',
  DefaultPaymentMethodId: 'defaultPaymentMethodId',
  InvoiceDeliveryPrefsEmail: 'invoiceDeliveryPrefsEmail',
  InvoiceDeliveryPrefsPrint: 'invoiceDeliveryPrefsPrint',
  InvoiceTemplateId: 'invoiceTemplateId',
  Name: 'name',
  Notes: 'notes',
  ParentId: 'parentId',
  PartnerAccount: 'partnerAccount',
  PaymentGateway: 'paymentGateway',
  PaymentTerm: 'paymentTerm',
  PurchaseOrderNumber: 'purchaseOrderNumber',
  SalesRepName: 'salesRep',
  SequenceSetId: 'sequenceSetId',
  ShipToId: 'shipToContactId',
  SoldToId: 'soldToContactId',
};

function restBody(b: ActionFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) {
    if (FIELD_MAP[k]) out[FIELD_MAP[k]] = v;
    else if (CUSTOM_FIELD_RE.test(k)) out[k] = v;
  }
  const emails = b.AdditionalEmailAddresses;
  if (emails !== undefined) {
    if (emails !== null && typeof emails !== 'string') throw invalidValue(`'AdditionalEmailAddresses' must be a comma-separated string`);
    out.additionalEmailAddresses = emails ? emails.split(',').map((s) => s.trim()).filter(Boolean) : [];
  }
  return out;
}

async function byId(ctx: Parameters<NonNullable<ObjectActions['delete']>>[0], id: string) {
  const a = await getAccountByKey(ctx, id);
  if (!a || a.id !== id) throw notFound(`No account with id ${id}`);
  return a;
}

export const accountObjectActions: ObjectActions = {
  async update(ctx, id, b) {
    const a = await byId(ctx, id);
    if (b.Status !== undefined && b.Status !== a.status) throw notImplemented(`changing an account's Status through the Actions API`);
    if (b.Currency !== undefined && b.Currency !== a.currency) throw invalidValue(`'Currency' of an account cannot be changed`);
    if (b.AccountNumber !== undefined && b.AccountNumber !== a.accountNumber) throw invalidValue(`'AccountNumber' of an account cannot be changed through the Actions API`);
    await updateAccount(ctx, id, restBody(b));
  },
  async delete(ctx, id) {
    await byId(ctx, id);
    await deleteAccount(ctx, id);
  },
};
