import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Migration } from 'kysely';
import type { Db } from '../db/database.js';
import { Category, errorCode, invalidValue, UNKNOWN_RESOURCE, ZuoraError } from '../errors.js';

/** Zuora keeps an idempotency key for 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a pending key's lease lasts. The process serving the first request
 * renews it every third of this while the request runs; a lease not renewed
 * (its process died or hangs) lets the key go.
 */
export const IDEMPOTENCY_LEASE_MS = 15_000;
/** Rows written before leases existed (no holder): the old rule, pending for five minutes. */
const LEGACY_STALE_PENDING_MS = 5 * 60 * 1000;

/**
 * Who holds a pending key: `host/pid/nonce`. The nonce is drawn once per process,
 * so a restarted process that got the same pid (pid 1 in a container) is a new holder.
 */
export const PROCESS_IDENTITY = `${hostname()}/${process.pid}/${randomBytes(6).toString('hex')}`;

/** The lease columns of idempotency_keys. */
export const idempotencyMigrations: Record<string, Migration> = {
  '0001_idempotency_lease': {
    async up(db) {
      await db.schema.alterTable('idempotency_keys').addColumn('holder', 'varchar(200)').execute();
      await db.schema.alterTable('idempotency_keys').addColumn('lease_until', 'bigint').execute();
    },
  },
};

/**
 * Is the process that holds a pending key known to be gone? Only a holder on this
 * host can be checked: its pid no longer runs, or this very pid now belongs to a
 * later process (another nonce). A holder elsewhere is judged by its lease alone.
 */
export function holderIsGone(holder: string, self: string = PROCESS_IDENTITY): boolean {
  if (holder === self) return false;
  const [host, pidText, nonce] = holder.split('/');
  const [selfHost, selfPid] = self.split('/');
  if (host !== selfHost || !nonce) return false;
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (String(pid) === selfPid) return true; // same pid, another nonce: an earlier life of this pid
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'; // EPERM: it runs, as another user
  }
}

interface KeyRow {
  state: string;
  method: string;
  url: string;
  created_at: number | string;
  holder: string | null;
  lease_until: number | string | null;
}

/** May a new request take this key over? It expired, or it is pending and its holder is gone or lost its lease. */
function releasable(row: KeyRow, now: number, self: string): boolean {
  if (now - Number(row.created_at) >= IDEMPOTENCY_TTL_MS) return true;
  if (row.state !== 'pending') return false;
  if (row.holder === null) return now - Number(row.created_at) >= LEGACY_STALE_PENDING_MS;
  return Number(row.lease_until ?? 0) <= now || holderIsGone(row.holder, self);
}
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
 *
 * A pending key carries its holder (PROCESS_IDENTITY) and a lease the holder
 * renews while the request runs. When the holder is gone (a process on this host
 * that no longer runs: at once) or its lease lapsed (any host: within
 * IDEMPOTENCY_LEASE_MS), the next request with the key takes it over, by a
 * compare-and-set so that only one of several racing requests or processes wins.
 */
export function registerIdempotency(app: FastifyInstance, db: Db, opts: { leaseMs?: number; holder?: string } = {}): void {
  const leaseMs = opts.leaseMs ?? IDEMPOTENCY_LEASE_MS;
  const self = opts.holder ?? PROCESS_IDENTITY;
  /** Keys this app holds for requests in flight, `tenant\u0000key`, renewed on a timer. */
  const inFlight = new Map<string, { tenantId: string; key: string }>();

  const renew = async () => {
    const until = Date.now() + leaseMs;
    await Promise.all(
      [...inFlight.values()].map((k) =>
        db.updateTable('idempotency_keys').set({ lease_until: until }).where('tenant_id', '=', k.tenantId).where('key', '=', k.key).where('holder', '=', self).where('state', '=', 'pending').execute(),
      ),
    );
  };
  const timer = setInterval(() => {
    if (inFlight.size) void renew().catch(() => undefined);
  }, Math.max(10, Math.floor(leaseMs / 3)));
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  const hold = (req: FastifyRequest, tenantId: string, key: string) => {
    req.idempotencyKey = key;
    inFlight.set(`${tenantId}\u0000${key}`, { tenantId, key });
  };

  app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'POST' && req.method !== 'PATCH') return;
    const raw = req.headers['idempotency-key'];
    if (raw === undefined || !req.tenant) return;
    const key = Array.isArray(raw) ? raw[0]! : raw;
    if (key.length === 0 || key.length >= 255) throw invalidValue(`'Idempotency-Key' must be 1 to 254 characters long`);
    const tenantId = req.tenant.id;
    const fresh = (now: number) => ({ method: req.method, url: req.url, state: 'pending', status: null, headers: null, body: null, created_at: now, holder: self, lease_until: now + leaseMs });
    // Twice at most: a row deleted between the insert and the read (purged) gets one more insert.
    for (let attempt = 0; attempt < 2; attempt++) {
      const now = Date.now();
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({ tenant_id: tenantId, key, ...fresh(now) })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return hold(req, tenantId, key);
      const row = (await db.selectFrom('idempotency_keys').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst()) as (KeyRow & { status: unknown; headers: unknown; body: unknown }) | undefined;
      if (!row) continue;
      if (releasable(row, now, self)) {
        // Compare-and-set on what was read: of several takers, one wins; the others see its row.
        let cas = db.updateTable('idempotency_keys').set(fresh(now)).where('tenant_id', '=', tenantId).where('key', '=', key).where('state', '=', row.state).where('created_at', '=', row.created_at);
        cas = row.holder === null ? cas.where('holder', 'is', null) : cas.where('holder', '=', row.holder);
        const taken = await cas.executeTakeFirst();
        if (Number(taken.numUpdatedRows ?? 0) === 1) return hold(req, tenantId, key);
        continue;
      }
      if (row.method !== req.method || row.url !== req.url)
        throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), `Idempotency-Key '${key}' was already used with ${String(row.method)} ${String(row.url)}`, { fixedStatus: 422 });
      if (row.state === 'pending') break;
      const headers = JSON.parse(String(row.headers ?? '{}')) as Record<string, string>;
      reply.headers(headers).code(Number(row.status));
      return reply.send(row.body as string);
    }
    throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LOCK), `A request with Idempotency-Key '${key}' is still in progress`, { fixedStatus: 409 });
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.idempotencyKey) return payload;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) {
      if (v !== undefined && !NOT_REPLAYED.has(k.toLowerCase())) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    // Only while this process still holds the key: if its lease lapsed and another took it over, that one records.
    await db
      .updateTable('idempotency_keys')
      .set({ state: 'done', status: reply.statusCode, headers: JSON.stringify(headers), body, holder: null, lease_until: null })
      .where('tenant_id', '=', req.tenant.id)
      .where('key', '=', req.idempotencyKey)
      .where('holder', '=', self)
      .where('state', '=', 'pending')
      .execute();
    inFlight.delete(`${req.tenant.id}\u0000${req.idempotencyKey}`);
    req.idempotencyKey = undefined;
    return payload;
  });

  // A request that ends without its response recorded (recording failed) lets its key go, rather than hold it till its lease lapses.
  const release = async (req: FastifyRequest) => {
    if (!req.idempotencyKey) return;
    const key = req.idempotencyKey;
    req.idempotencyKey = undefined;
    inFlight.delete(`${req.tenant.id}\u0000${key}`);
    await db.deleteFrom('idempotency_keys').where('tenant_id', '=', req.tenant.id).where('key', '=', key).where('holder', '=', self).where('state', '=', 'pending').execute();
  };
  app.addHook('onResponse', async (req) => release(req));
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', Date.now() - IDEMPOTENCY_TTL_MS).execute();
}
