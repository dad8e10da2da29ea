/**
 * What this module uses from other modules, in one place: the subscriptions
 * engine (through its contract) and the accounts service. Both are loaded
 * lazily so that this module never forms an import cycle with them; tests may
 * replace them with fakes.
 */
import type { Ctx } from '../../platform/context.js';
import type { OrderWriter, SubscriptionReader } from '../subscriptions/contract.js';

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
}

let overrides: Partial<Deps> = {};

/** Tests: replace some dependencies with fakes (call with `{}` to restore). */
export function setDeps(d: Partial<Deps>): void {
  overrides = d;
}

// Module paths kept in variables: the services are built by other engineers and load on first use.
const SUBSCRIPTIONS_SERVICE = '../subscriptions/service.js';
const ACCOUNTS_SERVICE = '../accounts/service.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function load(path: string): Promise<any> {
  return import(path);
}

export async function subscriptions(): Promise<SubscriptionReader> {
  if (overrides.subscriptions) return overrides.subscriptions;
  return (await load(SUBSCRIPTIONS_SERVICE)).subscriptionReader as SubscriptionReader;
}

export async function orders(): Promise<OrderWriter> {
  if (overrides.orders) return overrides.orders;
  return (await load(SUBSCRIPTIONS_SERVICE)).orderWriter as OrderWriter;
}

/** Normalizes whatever the accounts service returns into the fields read here. */
export function toAccountRef(a: Record<string, unknown> | undefined | null): AccountRef | undefined {
  if (!a) return undefined;
  const info = (a.basicInfo ?? {}) as Record<string, unknown>;
  const billing = (a.billingAndPayment ?? {}) as Record<string, unknown>;
  const id = (a.id ?? info.id) as string | undefined;
  if (!id) return undefined;
  const custom: Record<string, unknown> = { ...((a.customFields as Record<string, unknown>) ?? {}) };
  for (const [k, v] of [...Object.entries(a), ...Object.entries(info)]) if (k.endsWith('__c')) custom[k] = v;
  return {
    id,
    accountNumber: String(a.accountNumber ?? info.accountNumber ?? ''),
    name: String(a.name ?? info.name ?? ''),
    currency: ((a.currency ?? billing.currency ?? info.currency) as string | undefined) ?? null,
    customFields: custom,
  };
}

export async function accounts(): Promise<AccountsApi> {
  if (overrides.accounts) return overrides.accounts;
  const m = await load(ACCOUNTS_SERVICE);
  return {
    getAccountByKey: async (ctx, key) => toAccountRef(await m.getAccountByKey(ctx, key)),
    createAccount: async (ctx, body) => {
      const r = (await m.createAccount(ctx, body)) as Record<string, unknown>;
      return { id: String(r.accountId ?? r.id), accountNumber: String(r.accountNumber) };
    },
  };
}
