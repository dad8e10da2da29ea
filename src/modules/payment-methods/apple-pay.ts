/**
 * The tenant's Apple Pay domains (pages GET_ListApplePayDomains, POST_RegisterApplePayDomain,
 * DELETE_UnregisterApplePayDomain). zbill is a test environment: a domain is registered without a call to
 * Apple and reads as verified at once (README, test gateway). A domain is registered once per tenant.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, notFound, ruleViolation } from '../../platform/errors.js';
import { nextCounter } from '../../platform/counters.js';
import { newId } from '../../platform/ids.js';
import { onlyKeys, reqStr, type Body } from './input.js';
import * as records from './records-store.js';
import type { ApplePayDomainRow } from './records-store.js';
import { ts } from './views.js';

/** A host name: dot-separated labels of letters, digits and inner hyphens, at least two labels, at most 253 characters. */
const HOST_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function domainView(ctx: Ctx, d: ApplePayDomainRow): Record<string, unknown> {
  return {
    createdBy: d.created_by,
    createdOn: ts(ctx, d.created_at),
    domainName: d.domain_name,
    domainVerified: d.verified === 1 || (d.verified as unknown) === true,
    id: d.id,
    updatedBy: d.updated_by,
    updatedOn: ts(ctx, d.updated_at),
  };
}

/** GET /payment-methods/apple-pay/domains: all, or those whose name contains `domainName` (case-insensitive). */
export async function listDomains(ctx: Ctx, contains: string | undefined): Promise<ApplePayDomainRow[]> {
  const all = await records.listApplePayDomains(ctx);
  const needle = contains?.trim().toLowerCase();
  return needle ? all.filter((d) => d.domain_name.includes(needle)) : all;
}

/** POST /payment-methods/apple-pay/domains. */
export async function registerDomain(ctx: Ctx, body: Body): Promise<ApplePayDomainRow> {
  const b = body ?? {};
  onlyKeys(b, ['domainName'], '', { why: 'an Apple Pay domain' });
  const name = reqStr(b, 'domainName', 'domainName', 253).trim().toLowerCase();
  if (!HOST_RE.test(name)) throw invalidValue(`'domainName' must be a domain name such as pay.example.com: ${String(b.domainName)}`);
  if (await records.findApplePayDomainByName(ctx, name)) throw ruleViolation(`The domain ${name} is already registered for Apple Pay`);
  const now = ctx.now().toString();
  const row: ApplePayDomainRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    domain_name: name,
    verified: 1,
    seq: await nextCounter(ctx, 'apple_pay_domain'),
    created_by: ctx.tenant.id,
    created_at: now,
    updated_by: ctx.tenant.id,
    updated_at: now,
  };
  await records.insertApplePayDomain(ctx, row);
  return row;
}

/** DELETE /payment-methods/apple-pay/domains/{id}. */
export async function unregisterDomain(ctx: Ctx, id: string): Promise<void> {
  const d = await records.findApplePayDomain(ctx, id);
  if (!d) throw notFound(`Cannot find the Apple Pay domain with id ${id}`);
  await records.deleteApplePayDomain(ctx, id);
}
