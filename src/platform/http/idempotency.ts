import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { Category, errorCode, invalidValue, UNKNOWN_RESOURCE, ZuoraError } from '../errors.js';

/** Zuora keeps an idempotency key for 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A first request still "in flight" after this long is taken to have died with its process. */
const STALE_PENDING_MS = 5 * 60 * 1000;
const NOT_REPLAYED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'date', 'vary']);

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * Idempotency-Key on POST and PATCH: the first response (status, headers, body)
 * is stored per tenant and replayed for a repeat; 409 while the first is still
 * running; 422 when the key comes back with another method or URL.
 */
export function registerIdempotency(app: FastifyInstance, db: Db): void {
  app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'POST' && req.method !== 'PATCH') return;
    const raw = req.headers['idempotency-key'];
    if (raw === undefined || !req.tenant) return;
    const key = Array.isArray(raw) ? raw[0]! : raw;
    if (key.length === 0 || key.length >= 255) throw invalidValue(`'Idempotency-Key' must be 1 to 254 characters long`);
    const now = Date.now();
    const tenantId = req.tenant.id;
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ tenant_id: tenantId, key, method: req.method, url: req.url, state: 'pending', created_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      req.idempotencyKey = key;
      return;
    }
    const row = await db.selectFrom('idempotency_keys').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
    const expired = !row || now - Number(row.created_at) >= IDEMPOTENCY_TTL_MS;
    const stale = row && row.state === 'pending' && now - Number(row.created_at) >= STALE_PENDING_MS;
    if (expired || stale) {
      await db.deleteFrom('idempotency_keys').where('tenant_id', '=', tenantId).where('key', '=', key).execute();
      await db.insertInto('idempotency_keys').values({ tenant_id: tenantId, key, method: req.method, url: req.url, state: 'pending', created_at: now }).execute();
      req.idempotencyKey = key;
      return;
    }
    if (row.method !== req.method || row.url !== req.url)
      throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), `Idempotency-Key '${key}' was already used with ${String(row.method)} ${String(row.url)}`, { fixedStatus: 422 });
    if (row.state === 'pending')
      throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LOCK), `A request with Idempotency-Key '${key}' is still in progress`, { fixedStatus: 409 });
    const headers = JSON.parse(String(row.headers ?? '{}')) as Record<string, string>;
    reply.headers(headers).code(Number(row.status));
    return reply.send(row.body as string);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.idempotencyKey) return payload;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) {
      if (v !== undefined && !NOT_REPLAYED.has(k.toLowerCase())) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    await db
      .updateTable('idempotency_keys')
      .set({ state: 'done', status: reply.statusCode, headers: JSON.stringify(headers), body })
      .where('tenant_id', '=', req.tenant.id)
      .where('key', '=', req.idempotencyKey)
      .execute();
    return payload;
  });
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', Date.now() - IDEMPOTENCY_TTL_MS).execute();
}
