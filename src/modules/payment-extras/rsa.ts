/**
 * RSA signatures of Payment Pages 2.0 ("Generate an RSA signature", "Decrypt an RSA signature", and the
 * Knowledge Center's "Generate the Digital Signature for Payment Pages 2.0"). Each tenant has one 2048-bit
 * RSA key pair, made on its first signature and kept in `rsa_key_pairs`. A signature is the signed string
 * encrypted with the private key (PKCS#1 v1.5 padding), base64, so that the public key (`key`, base64 DER)
 * decrypts it back: the decrypt operation's sample shows the string as
 * `<uri path, lower case>#<tenantId>#<token>#<timestamp in ms>#<pageId>`. Client parameters given for
 * validation are signed too, after those, as `#name=value` in name order (zbill's layout: the pages do not
 * give Zuora's). PKCS#1 v1.5 takes at most 245 bytes under a 2048-bit key; a longer string gets a null
 * `signature` and still a `token`, as the page's troubleshooting tip describes.
 */
import { constants, createPublicKey, generateKeyPair, privateEncrypt, publicDecrypt, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, unknownField } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { findHostedPage } from './hosted-pages.js';

type Obj = Record<string, unknown>;

/** Resource code of RSA signature errors (a code of zbill's own). */
export const RES_RSA_SIGNATURE = 534200;
/** The most bytes PKCS#1 v1.5 encrypts under a 2048-bit key (256 - 11). */
export const MAX_SIGNED_BYTES = 245;

interface KeyRow {
  id: string;
  tenant_id: string;
  public_key: string;
  private_key: string;
  created_at: string;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<{ rsa_key_pairs: KeyRow }>;
const err = (m: string) => invalidValue(m, RES_RSA_SIGNATURE);

/** The client parameters the request may carry, with their JSON types. */
const PARAMS: Record<string, 'string' | 'number' | 'integer' | 'boolean'> = {
  IBAN: 'string', accountId: 'string', authorizationAmount: 'number', bankBranchCode: 'string', bankCheckDigit: 'string', bankCity: 'string',
  bankPostalCode: 'string', bankStreetName: 'string', bankStreetNumber: 'string', businessIdentificationCode: 'string', cityBlackList: 'string',
  cityWhiteList: 'string', currency: 'string', deviceSessionId: 'string', gatewayName: 'string', id: 'string', key: 'string', locale: 'string',
  maxConsecutivePaymentFailures: 'integer', param_supportedTypes: 'string', paymentGateway: 'string', paymentRetryWindow: 'integer', pmId: 'string',
  signature: 'string', signatureType: 'string', style: 'string', submitEnabled: 'boolean', tenantId: 'string', token: 'string', useDefaultRetryRule: 'boolean',
};
/** "up to 15 passthrough parameters ... only the first 5 parameters are used for signature generation and validation" */
const PASSTHROUGH = /^passthrough([1-9]|1[0-5])$/;
const GW_OPTION = /^param_gwOptions_[A-Za-z0-9_]+$/;

function typeOf(name: string): 'string' | 'number' | 'integer' | 'boolean' | undefined {
  if (PARAMS[name]) return PARAMS[name];
  if (PASSTHROUGH.test(name) || GW_OPTION.test(name)) return 'string';
  return undefined;
}

function checkType(name: string, v: unknown, t: 'string' | 'number' | 'integer' | 'boolean'): void {
  const ok = t === 'string' ? typeof v === 'string' : t === 'boolean' ? typeof v === 'boolean' : t === 'integer' ? Number.isSafeInteger(v) : typeof v === 'number' && Number.isFinite(v);
  if (!ok) throw err(`'${name}' must be ${t === 'integer' ? 'a whole number' : `a ${t}`}, got ${JSON.stringify(v)}`);
}

function requireMethod(b: Obj): void {
  if (b.method === undefined || b.method === null || b.method === '') throw missingField(`'method' is required (set it to POST)`, RES_RSA_SIGNATURE);
  if (b.method !== 'POST') throw err(`'method' must be POST, got ${JSON.stringify(b.method)}`);
}

function asObject(body: unknown): Obj {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw err(`the body must be a JSON object`);
  return body as Obj;
}

/** The tenant's key pair, made (and stored) on first use; a concurrent first use keeps one. */
async function keyPair(ctx: Ctx): Promise<KeyRow> {
  const found = await q(ctx).selectFrom('rsa_key_pairs').selectAll().where('tenant_id', '=', ctx.tenant.id).executeTakeFirst();
  if (found) return found;
  // made off the event loop (a 2048-bit pair takes tens of milliseconds)
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const row: KeyRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    public_key: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    created_at: ctx.now().toString(),
  };
  await q(ctx).insertInto('rsa_key_pairs').values(row).onConflict((oc) => oc.column('tenant_id').doNothing()).execute();
  return (await q(ctx).selectFrom('rsa_key_pairs').selectAll().where('tenant_id', '=', ctx.tenant.id).executeTakeFirst())!;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A 32-character alphanumeric token, like the page's sample. */
function newToken(): string {
  const bytes = randomBytes(32);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join('');
}

/** POST /v1/rsa-signatures. */
export async function createSignature(ctx: Ctx, body: unknown): Promise<Obj> {
  const b = asObject(body);
  const extras: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(b)) {
    if (k === 'method' || k === 'pageId' || k === 'uri') continue;
    const t = typeOf(k);
    if (!t) throw unknownField(`'${k}' is not a field of an RSA signature request`, RES_RSA_SIGNATURE);
    if (v === null || v === undefined) continue;
    checkType(k, v, t);
    const n = PASSTHROUGH.exec(k);
    if (n && Number(n[1]) > 5) continue;
    extras.push([k, v]);
  }
  requireMethod(b);
  if (b.pageId === undefined || b.pageId === null || b.pageId === '') throw missingField(`'pageId' is required`, RES_RSA_SIGNATURE);
  if (typeof b.pageId !== 'string') throw err(`'pageId' must be a string`);
  if (b.uri === undefined || b.uri === null || b.uri === '') throw missingField(`'uri' is required`, RES_RSA_SIGNATURE);
  let uri: URL;
  try {
    uri = new URL(String(b.uri));
  } catch {
    throw err(`'uri' must be the absolute URL the Payment Page is served from, got ${JSON.stringify(b.uri)}`);
  }
  if (typeof b.uri !== 'string' || (uri.protocol !== 'https:' && uri.protocol !== 'http:')) throw err(`'uri' must be an http(s) URL, got ${JSON.stringify(b.uri)}`);
  const page = await findHostedPage(ctx, b.pageId);
  if (!page) throw err(`'pageId': ${b.pageId} is not a hosted page of this tenant (GET /v1/hostedpages lists them)`);
  if (page.page_version !== '2') throw err(`'pageId': the hosted page ${b.pageId} is a Payment Pages ${page.page_version}.0 page; signatures are for Payment Pages 2.0`);

  const keys = await keyPair(ctx);
  const token = newToken();
  const tenantId = String(ctx.tenant.tenantNumber);
  const parts = [uri.pathname.toLowerCase(), tenantId, token, String(ctx.now().epochMilliseconds), page.id];
  for (const [k, v] of extras.sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) parts.push(`${k}=${String(v)}`);
  const signed = Buffer.from(parts.join('#'), 'utf8');
  const signature = signed.length <= MAX_SIGNED_BYTES ? privateEncrypt({ key: keys.private_key, padding: constants.RSA_PKCS1_PADDING }, signed).toString('base64') : null;
  return { key: keys.public_key, signature, success: true, tenantId, token };
}

/** POST /v1/rsa-signatures/decrypt. */
export async function decryptSignature(ctx: Ctx, body: unknown): Promise<Obj> {
  const b = asObject(body);
  for (const k of Object.keys(b)) if (!['method', 'publicKey', 'signature'].includes(k)) throw unknownField(`'${k}' is not a field of a decrypt request (method, publicKey, signature)`, RES_RSA_SIGNATURE);
  requireMethod(b);
  for (const k of ['publicKey', 'signature'] as const) {
    if (b[k] === undefined || b[k] === null || b[k] === '') throw missingField(`'${k}' is required`, RES_RSA_SIGNATURE);
    if (typeof b[k] !== 'string') throw err(`'${k}' must be a string`);
  }
  const publicKey = b.publicKey as string;
  const signature = b.signature as string;
  const keys = await q(ctx).selectFrom('rsa_key_pairs').selectAll().where('tenant_id', '=', ctx.tenant.id).executeTakeFirst();
  if (!keys || keys.public_key !== publicKey.replace(/\s+/g, '')) throw err(`'publicKey' is not the public key of this tenant's RSA signatures (POST /v1/rsa-signatures answers it as 'key')`);
  let text: string;
  try {
    const key = createPublicKey({ key: Buffer.from(keys.public_key, 'base64'), format: 'der', type: 'spki' });
    text = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(signature, 'base64')).toString('utf8');
  } catch {
    throw err(`'signature' is not a signature made with this public key`);
  }
  return { decryptedSignature: text, publicKey, signature, success: true };
}
