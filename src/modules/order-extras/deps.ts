/**
 * What this module uses from other modules, in one place: the subscriptions
 * engine (through its contract), the accounts service and the catalog reader.
 * Tests may replace them with fakes.
 */
import type { Ctx } from '../../platform/context.js';
import * as accountsService from '../accounts/service.js';
import type { CatalogReader } from '../catalog/contract.js';
import { catalogReader } from '../catalog/service.js';
import type { OrderWriter, SubscriptionReader } from '../subscriptions/contract.js';
import { orderWriter, subscriptionReader } from '../subscriptions/service.js';

/** The few account fields this module reads. */
export interface AccountRef {
  id: string;
  accountNumber: string;
  name: string;
  currency: string | null;
  customFields: Record<string, unknown>;
}

export interface AccountsApi {
  getAccountByKey(ctx: Ctx, key: string): Promise<AccountRef | undefined>;
  /** POST /v1/accounts semantics; returns at least the new account's id and number. */
  createAccount(ctx: Ctx, body: Record<string, unknown>): Promise<{ id: string; accountNumber: string }>;
}

export interface Deps {
  subscriptions: SubscriptionReader;
  orders: OrderWriter;
  accounts: AccountsApi;
  catalog: CatalogReader;
}

let overrides: Partial<Deps> = {};

/** Tests: replace some dependencies with fakes (call with `{}` to restore). */
export function setDeps(d: Partial<Deps>): void {
  overrides = d;
}

export async function subscriptions(): Promise<SubscriptionReader> {
  return overrides.subscriptions ?? subscriptionReader;
}

export async function orders(): Promise<OrderWriter> {
  return overrides.orders ?? orderWriter;
}

export async function catalog(): Promise<CatalogReader> {
  return overrides.catalog ?? catalogReader;
}

/** Normalizes an account record into the fields read here. */
export function toAccountRef(a: { id: string; accountNumber: string; name: string; currency: string | null; customFields: Record<string, unknown> } | undefined): AccountRef | undefined {
  if (!a) return undefined;
  return { id: a.id, accountNumber: a.accountNumber, name: a.name, currency: a.currency, customFields: a.customFields };
}

export async function accounts(): Promise<AccountsApi> {
  if (overrides.accounts) return overrides.accounts;
  return {
    getAccountByKey: async (ctx, key) => toAccountRef(await accountsService.getAccountByKey(ctx, key)),
    createAccount: (ctx, body) => accountsService.createAccount(ctx, body),
  };
}
