/**
 * Tenant settings: the billing rules and the payment terms, read and changed through the Settings API.
 * Every function takes a Ctx; writes expect to run inside one transaction (the routes open it).
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, notFound } from '../../platform/errors.js';
import { checkCombination, DEFAULT_TENANT_BILLING_RULES, parseBillingRulesUpdate, type TenantBillingRules } from './billing-rules.js';
import { applyTermBody, BUILT_IN_PAYMENT_TERMS, type PaymentTerm } from './payment-terms.js';
import { newId } from '../../platform/ids.js';
import * as store from './store.js';

const BILLING_RULES_KEY = 'BillingRules';

export async function getBillingRules(ctx: Ctx): Promise<TenantBillingRules> {
  const changed = (await store.readValue(ctx, BILLING_RULES_KEY)) ?? {};
  return { ...DEFAULT_TENANT_BILLING_RULES, ...changed } as TenantBillingRules;
}

/** Changes the fields given; the result must be a combination Zuora allows, else nothing changes. */
export async function updateBillingRules(ctx: Ctx, body: unknown): Promise<TenantBillingRules> {
  const update = parseBillingRulesUpdate(body);
  await store.lockValue(ctx, BILLING_RULES_KEY);
  const next = { ...(await getBillingRules(ctx)), ...update };
  checkCombination(next);
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) if ((DEFAULT_TENANT_BILLING_RULES as unknown as Record<string, unknown>)[k] !== v) changed[k] = v;
  await store.writeValue(ctx, BILLING_RULES_KEY, changed);
  return next;
}

/** The tenant's terms: the built-in ones (as edited, if they were) first, then created ones in creation order. */
export async function listPaymentTerms(ctx: Ctx): Promise<PaymentTerm[]> {
  const stored = (await store.listStoredTerms(ctx)).map(store.toTerm);
  const byId = new Map(stored.map((t) => [t.id, t]));
  const builtIns = BUILT_IN_PAYMENT_TERMS.map((t) => byId.get(t.id) ?? { ...t });
  const builtInIds = new Set(BUILT_IN_PAYMENT_TERMS.map((t) => t.id));
  return [...builtIns, ...stored.filter((t) => !builtInIds.has(t.id))];
}

export async function getPaymentTerm(ctx: Ctx, id: string): Promise<PaymentTerm> {
  const term = (await listPaymentTerms(ctx)).find((t) => t.id === id);
  if (!term) throw notFound(`The payment term '${id}' does not exist`);
  return term;
}

/** The term with this name (names are unique regardless of case), or undefined. */
export async function findPaymentTermByName(ctx: Ctx, name: string): Promise<PaymentTerm | undefined> {
  const key = name.trim().toLowerCase();
  return (await listPaymentTerms(ctx)).find((t) => t.name.toLowerCase() === key);
}

async function save(ctx: Ctx, term: PaymentTerm, all: PaymentTerm[]): Promise<PaymentTerm> {
  const clash = all.find((t) => t.id !== term.id && t.name.toLowerCase() === term.name.toLowerCase());
  if (clash) throw invalidValue(`A payment term named '${clash.name}' already exists`);
  const index = all.findIndex((t) => t.id === term.id);
  try {
    await store.saveTerm(ctx, term, index >= 0 ? index : all.length);
  } catch (e) {
    // Two requests creating the same name at once: the unique index holds, the loser gets the same answer.
    if (/unique|duplicate/i.test(String((e as Error).message))) throw invalidValue(`A payment term named '${term.name}' already exists`);
    throw e;
  }
  return term;
}

/** A new term; like in Zuora's UI it is inactive until activated, unless the body says `active: true`. */
export async function createPaymentTerm(ctx: Ctx, body: unknown): Promise<PaymentTerm> {
  const all = await listPaymentTerms(ctx);
  return save(ctx, { id: newId(), ...applyTermBody(body) }, all);
}

export async function updatePaymentTerm(ctx: Ctx, id: string, body: unknown): Promise<PaymentTerm> {
  const all = await listPaymentTerms(ctx);
  const existing = all.find((t) => t.id === id);
  if (!existing) throw notFound(`The payment term '${id}' does not exist`);
  return save(ctx, { id, ...applyTermBody(body, existing) }, all);
}
