/**
 * What this module uses from accounts and the catalog, in one place.
 * `dependencyOverrides` lets a unit test stand in for either.
 */
import type { Ctx } from '../../platform/context.js';
import * as accountsService from '../accounts/service.js';
import type { CatalogReader } from '../catalog/contract.js';
import { catalogReader } from '../catalog/service.js';

export interface AccountInfo {
  id: string;
  accountNumber: string;
  name: string;
  status: string;
  currency: string;
  billCycleDay: number | null;
}

export interface AccountsDep {
  getAccountByKey(ctx: Ctx, key: string): Promise<unknown>;
  createAccount(ctx: Ctx, body: Record<string, unknown>): Promise<{ id: string; accountNumber: string }>;
  setBillCycleDayIfAuto(ctx: Ctx, accountId: string, day: number): Promise<void>;
}

export const dependencyOverrides: { catalog?: CatalogReader; accounts?: AccountsDep } = {};

const accountsDep = (): AccountsDep => dependencyOverrides.accounts ?? accountsService;
const catalogDep = (): CatalogReader => dependencyOverrides.catalog ?? catalogReader;

export const catalog: CatalogReader = {
  getProduct: (ctx, k) => catalogDep().getProduct(ctx, k),
  getRatePlan: (ctx, k) => catalogDep().getRatePlan(ctx, k),
  getCharge: (ctx, k) => catalogDep().getCharge(ctx, k),
};

export async function getAccount(ctx: Ctx, key: string): Promise<AccountInfo | undefined> {
  const a = (await accountsDep().getAccountByKey(ctx, key)) as Record<string, unknown> | undefined;
  if (!a) return undefined;
  return {
    id: String(a.id),
    accountNumber: String(a.accountNumber),
    name: String(a.name ?? ''),
    status: String(a.status ?? 'Active'),
    currency: String(a.currency ?? ctx.tenant.currency),
    billCycleDay: a.billCycleDay === undefined || a.billCycleDay === null ? null : Number(a.billCycleDay),
  };
}

/** The account fields a subscription shows as owner details (getSubscriptionOwnerDetails / getInvoiceOwnerDetails). */
export async function accountDetails(ctx: Ctx, id: string): Promise<Record<string, unknown> | null> {
  const a = (await accountsDep().getAccountByKey(ctx, id)) as Record<string, unknown> | undefined;
  if (!a) return null;
  const v = (k: string) => (a[k] === undefined ? null : a[k]);
  return {
    accountNumber: a.accountNumber,
    batch: v('batch'),
    communicationProfileId: v('communicationProfileId'),
    crmId: v('crmId'),
    id: a.id,
    invoiceTemplateId: v('invoiceTemplateId'),
    name: a.name,
    notes: v('notes'),
    partnerAccount: a.partnerAccount === true,
    profileNumber: v('profileNumber'),
    salesRep: v('salesRep'),
    sequenceSetId: v('sequenceSetId'),
    status: a.status,
    summaryStatementTemplateId: v('summaryStatementTemplateId'),
    purchaseOrderNumber: v('purchaseOrderNumber'),
  };
}

export async function createAccount(ctx: Ctx, body: Record<string, unknown>): Promise<{ id: string; accountNumber: string }> {
  return accountsDep().createAccount(ctx, body);
}

export async function setBillCycleDayIfAuto(ctx: Ctx, accountId: string, day: number): Promise<void> {
  await accountsDep().setBillCycleDayIfAuto(ctx, accountId, day);
}
