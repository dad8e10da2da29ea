/**
 * Hosted pages (Payment Pages configurations). Zuora makes them in its UI (Payment Pages setup), the API
 * only lists them (GET /v1/hostedpages, "List hosted pages": page ID, name, version, payment method type);
 * zbill's admin API makes and removes them: POST /admin/tenants/{id}/hosted-pages
 * {pageName, pageType, pageVersion} and DELETE /admin/tenants/{id}/hosted-pages/{pageId}.
 * A Payment Pages 2.0 page (pageVersion 2) is what POST /v1/rsa-signatures signs for.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, unknownField } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';

type Obj = Record<string, unknown>;

/** Resource code of hosted page errors (a code of zbill's own). */
export const RES_HOSTED_PAGE = 534100;

/** The payment method types of hosted pages, as the list names them. */
export const PAGE_TYPES = ['Credit Card', 'ACH', 'Bank Transfer'] as const;

export interface HostedPageRow {
  id: string;
  tenant_id: string;
  seq: number;
  page_name: string;
  page_type: string;
  page_version: string;
  created_at: string;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<{ hosted_pages: HostedPageRow }>;

const view = (r: HostedPageRow) => ({ pageId: r.id, pageName: r.page_name, pageType: r.page_type, pageVersion: Number(r.page_version) });

/** GET /v1/hostedpages[?versionNumber=1|2]. */
export async function listHostedPages(ctx: Ctx, versionNumber: unknown): Promise<Obj> {
  let qb = q(ctx).selectFrom('hosted_pages').selectAll().where('tenant_id', '=', ctx.tenant.id);
  if (versionNumber !== undefined && versionNumber !== '') {
    if (versionNumber !== '1' && versionNumber !== '2') throw invalidValue(`'versionNumber' must be 1 (Payment Pages 1.0) or 2 (Payment Pages 2.0), got '${String(versionNumber)}'`, RES_HOSTED_PAGE);
    qb = qb.where('page_version', '=', versionNumber);
  }
  const rows = await qb.orderBy('seq').execute();
  return { hostedpages: rows.map(view), success: true };
}

/** A hosted page of the tenant by id. */
export async function findHostedPage(ctx: Ctx, id: string): Promise<HostedPageRow | undefined> {
  return q(ctx).selectFrom('hosted_pages').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

/** POST /admin/tenants/{id}/hosted-pages. */
export async function createHostedPage(ctx: Ctx, body: unknown): Promise<Obj> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue(`the body must be a JSON object`, RES_HOSTED_PAGE);
  const b = body as Obj;
  for (const k of Object.keys(b)) if (!['pageName', 'pageType', 'pageVersion'].includes(k)) throw unknownField(`'${k}' is not a field of a hosted page (pageName, pageType, pageVersion)`, RES_HOSTED_PAGE);
  if (b.pageName === undefined || b.pageName === null || b.pageName === '') throw missingField(`'pageName' is required`, RES_HOSTED_PAGE);
  if (typeof b.pageName !== 'string' || b.pageName.length > 100) throw invalidValue(`'pageName' must be a string of at most 100 characters`, RES_HOSTED_PAGE);
  if (b.pageType === undefined || b.pageType === null) throw missingField(`'pageType' is required`, RES_HOSTED_PAGE);
  if (!(PAGE_TYPES as readonly unknown[]).includes(b.pageType)) throw invalidValue(`'pageType' must be one of ${PAGE_TYPES.join(', ')}, got ${JSON.stringify(b.pageType)}`, RES_HOSTED_PAGE);
  const version = b.pageVersion === undefined || b.pageVersion === null ? 2 : b.pageVersion;
  if (version !== 1 && version !== 2 && version !== '1' && version !== '2') throw invalidValue(`'pageVersion' must be 1 or 2, got ${JSON.stringify(b.pageVersion)}`, RES_HOSTED_PAGE);
  const last = await q(ctx).selectFrom('hosted_pages').select((e) => e.fn.max('seq').as('m')).where('tenant_id', '=', ctx.tenant.id).executeTakeFirst();
  const row: HostedPageRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    seq: Number(last?.m ?? 0) + 1,
    page_name: b.pageName,
    page_type: b.pageType as string,
    page_version: String(version),
    created_at: ctx.now().toString(),
  };
  await q(ctx).insertInto('hosted_pages').values(row).execute();
  return view(row);
}

/** DELETE /admin/tenants/{id}/hosted-pages/{pageId}. */
export async function deleteHostedPage(ctx: Ctx, pageId: string): Promise<void> {
  const r = await q(ctx).deleteFrom('hosted_pages').where('tenant_id', '=', ctx.tenant.id).where('id', '=', pageId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound(`The hosted page ${pageId} does not exist`, RES_HOSTED_PAGE);
}
