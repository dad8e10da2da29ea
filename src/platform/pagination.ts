import { Type } from '@sinclair/typebox';
import type { Ctx } from './context.js';
import { invalidValue } from './errors.js';

/** Query parameters every v1 list takes. */
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1 })),
};

export interface PageRequest {
  page: number;
  pageSize: number;
  offset: number;
}

/** Reads `page` and `pageSize` (1-based page; Zuora's default size is 20, its usual maximum 40). */
export function pageRequest(q: { page?: number; pageSize?: number }, opts: { defaultSize?: number; maxSize?: number } = {}): PageRequest {
  const max = opts.maxSize ?? 40;
  const pageSize = q.pageSize ?? opts.defaultSize ?? 20;
  const page = q.page ?? 1;
  if (pageSize > max) throw invalidValue(`'pageSize' must be at most ${max}`);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * Given the rows fetched with `limit(pageSize + 1)`, trims the extra row and
 * builds `nextPage`: the request's path and query with page + 1, as Zuora sends it
 * (`/v1/catalog/products?page=2&pageSize=40`), so a client prefixes its own base URL.
 */
export function pageResult<T>(_ctx: Ctx, url: string, p: PageRequest, rows: T[]): { items: T[]; nextPage?: string } {
  if (rows.length <= p.pageSize) return { items: rows };
  const u = new URL(url, 'http://localhost');
  u.searchParams.delete('page');
  u.searchParams.delete('pageSize');
  u.searchParams.set('page', String(p.page + 1));
  u.searchParams.set('pageSize', String(p.pageSize));
  return { items: rows.slice(0, p.pageSize), nextPage: `${u.pathname}${u.search}` };
}
