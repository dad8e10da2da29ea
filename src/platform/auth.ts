import { timingSafeEqual } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import type { TenantSettings } from './context.js';
import { onTableWrite, type Db } from './db/database.js';
import { authFailed, Category, errorCode, invalidValue, missingField, ZuoraError } from './errors.js';
import { newId } from './ids.js';
import { toSettings } from './tenants.js';

/** Zuora tokens live one hour; the response says 3599 seconds. */
export const TOKEN_TTL_SECONDS = 3599;

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  jti: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function clientTenant(db: Db, clientId: string, clientSecret: string): Promise<TenantSettings | undefined> {
  const row = await db
    .selectFrom('oauth_clients as c')
    .innerJoin('tenants as t', 't.id', 'c.tenant_id')
    .selectAll('t')
    .select('c.client_secret')
    .where('c.client_id', '=', clientId)
    .executeTakeFirst();
  if (!row || !sameSecret(row.client_secret as string, clientSecret)) return undefined;
  return toSettings(row);
}

/** POST /oauth/token with grant_type=client_credentials. */
export async function issueToken(db: Db, form: Record<string, unknown>): Promise<TokenResponse> {
  const clientId = form.client_id;
  const clientSecret = form.client_secret;
  const grantType = form.grant_type;
  if (grantType === undefined || grantType === '') throw missingField(`'grant_type' is required`);
  if (grantType !== 'client_credentials') throw invalidValue(`'grant_type' must be client_credentials, got '${String(grantType)}'`);
  if (typeof clientId !== 'string' || !clientId) throw missingField(`'client_id' is required`);
  if (typeof clientSecret !== 'string' || !clientSecret) throw missingField(`'client_secret' is required`);
  const tenant = await clientTenant(db, clientId, clientSecret);
  if (!tenant) throw new ZuoraError(errorCode(900000, Category.AUTH), 'Invalid client credentials', { fixedStatus: 401 });
  const token = newId();
  await db
    .insertInto('oauth_tokens')
    .values({ token, tenant_id: tenant.id, client_id: clientId, expires_at: Date.now() + TOKEN_TTL_SECONDS * 1000 })
    .execute();
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: TOKEN_TTL_SECONDS,
    scope: `entity.${tenant.entityId} tenant.${tenant.tenantNumber}`,
    jti: newId(),
  };
}

/**
 * The token lookup runs on every request: it is built and compiled once per
 * database handle, then executed with the token as its only parameter.
 */
const compiledTokenQuery = new WeakMap<Db, CompiledQuery>();
function tokenQuery(db: Db, token: string): CompiledQuery {
  let q = compiledTokenQuery.get(db);
  if (!q) {
    q = db
      .selectFrom('oauth_tokens as k')
      .innerJoin('tenants as t', 't.id', 'k.tenant_id')
      .selectAll('t')
      .select('k.expires_at')
      .where('k.token', '=', '')
      .compile();
    compiledTokenQuery.set(db, q);
  }
  return { ...q, parameters: [token] };
}

/**
 * The token cache: a bearer token's row (its tenant and expiry) is kept for TOKEN_CACHE_MS after it
 * was read, so that most requests run no query to authenticate.
 * - Expiry is exact: a cached token is refused from the millisecond it expires, as an uncached one.
 * - A change this process makes to a tenant (clock, settings, reset, deletion), a client or a token
 *   (revocation, expiry moved) is seen by the next request: every write to those tables bumps a
 *   generation (onTableWrite) and an entry of an older generation is read again.
 * - A change another process makes on the same database (a second zbill, an admin script) is seen
 *   within TOKEN_CACHE_MS at most: the short time-to-live is the cross-process check.
 * Each request gets its own TenantSettings object (per-request caches hang on it).
 */
export const TOKEN_CACHE_MS = 1000;
const TOKEN_CACHE_MAX = 10_000;
interface CachedToken {
  row: Record<string, unknown>;
  expiresAt: number;
  readAt: number;
  generation: number;
}
const tokenCache = new Map<string, CachedToken>();
let generation = 0;
const WATCHED = new Set(['tenants', 'oauth_clients', 'oauth_tokens']);
onTableWrite((table) => {
  if (!WATCHED.has(table)) return;
  generation++;
  tokenCache.clear();
});

async function tokenRow(db: Db, token: string, now: number): Promise<CachedToken | undefined> {
  const hit = tokenCache.get(token);
  if (hit && hit.generation === generation && now - hit.readAt < TOKEN_CACHE_MS) return hit;
  const before = generation;
  const row = (await db.executeQuery(tokenQuery(db, token))).rows[0] as Record<string, unknown> | undefined;
  if (!row) return undefined;
  const entry: CachedToken = { row, expiresAt: Number(row.expires_at), readAt: now, generation: before };
  // A write to the watched tables while we read: use the row for this request, keep nothing.
  if (before === generation) {
    if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.delete(tokenCache.keys().next().value!);
    tokenCache.set(token, entry);
  }
  return entry;
}

/**
 * Every failure (no credential, a malformed header, an unknown or expired token, wrong
 * keys) answers Zuora's one authentication message, code 90000011.
 *
 * The tenant behind a request's credential: `Authorization: Bearer <token>`, or
 * the legacy `apiAccessKeyId` / `apiSecretAccessKey` pair (an OAuth client's id and secret).
 */
export async function authenticate(db: Db, headers: Record<string, string | string[] | undefined>): Promise<TenantSettings> {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.length > 0) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw authFailed();
    const now = Date.now();
    const t = await tokenRow(db, m[1]!, now);
    if (!t) throw authFailed();
    if (t.expiresAt <= now) {
      await db.deleteFrom('oauth_tokens').where('token', '=', m[1]!).execute();
      throw authFailed();
    }
    return toSettings(t.row);
  }
  const keyId = headers.apiaccesskeyid;
  const secret = headers.apisecretaccesskey;
  if (typeof keyId === 'string' && typeof secret === 'string') {
    const tenant = await clientTenant(db, keyId, secret);
    if (!tenant) throw authFailed();
    return tenant;
  }
  throw authFailed();
}

/** Drops expired tokens; run now and then, not on the request path. */
export async function purgeExpiredTokens(db: Db): Promise<void> {
  await db.deleteFrom('oauth_tokens').where('expires_at', '<=', Date.now()).execute();
}
