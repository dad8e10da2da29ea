/**
 * POST /v1/action/create, /v1/action/update and /v1/action/delete over the registry: each registered object
 * that declares `actions` (contract.ts) can be written through them, by its module's own functions.
 *
 * From the Action_POSTcreate / _POSTupdate / _POSTdelete pages: one object type per call, at most 50
 * objects, no null objects or ids; the answer is one result per object, in the order given: `{Success, Id}`
 * (create, update) or `{id, success}` (delete), with `Errors: [{Code, Message}]` for a record that failed.
 * A record that fails does not stop the others and changes nothing (each record runs in a savepoint of the
 * call's transaction; SOAP's "Errors" page: the parts that succeed are processed). Codes are the SOAP
 * ErrorCode names the object API uses (objectApiCode); a delete refused by a rule is CANNOT_DELETE.
 * A whole-call problem (unknown type, too many objects, a null object) is a fault, as for queries.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { Category, invalidValue, missingField, notImplemented, objectApiCode, ZuoraError } from '../../platform/errors.js';
import { queryObject, type ActionOptions, type ObjectActions, type QueryObject } from './contract.js';
import { QueryFault } from './filter.js';

export const MAX_ACTION_OBJECTS = 50;

type Kind = 'create' | 'update' | 'delete';
const VERB: Record<Kind, string> = { create: 'created', update: 'updated', delete: 'deleted' };

interface ErrorEntry {
  Code: string;
  Message: string;
}

function objectOf(type: unknown, kind: Kind): { obj: QueryObject; fn: NonNullable<ObjectActions[Kind]> } {
  if (type === undefined || type === null) throw missingField("'type' is required");
  if (typeof type !== 'string') throw invalidValue("'type' must be of type string");
  const obj = queryObject(type);
  if (!obj) throw new QueryFault('INVALID_TYPE', `invalid object type: ${type}`);
  const fn = obj.actions?.[kind];
  if (!fn) throw notImplemented(`${kind === 'create' ? 'creating' : kind === 'update' ? 'updating' : 'deleting'} ${obj.name} objects through the Actions API`);
  return { obj, fn: fn as NonNullable<ObjectActions[Kind]> };
}

function listOf(body: Record<string, unknown>, key: 'objects' | 'ids'): unknown[] {
  const v = body[key];
  if (v === undefined || v === null) throw missingField(`'${key}' is required`);
  if (!Array.isArray(v)) throw invalidValue(`'${key}' must be a list`);
  if (v.length === 0) throw new QueryFault('INVALID_VALUE', `'${key}' must hold at least one ${key === 'ids' ? 'id' : 'object'}`);
  if (v.length > MAX_ACTION_OBJECTS) throw new QueryFault('MAX_RECORDS_EXCEEDED', `at most ${MAX_ACTION_OBJECTS} ${key === 'ids' ? 'ids' : 'objects'} can be sent in one call, not ${v.length}`);
  return v;
}

function refuseUnknownFieldsOption(query: Record<string, unknown>): void {
  const r = query.rejectUnknownFields;
  if (r === true || r === 'true') throw notImplemented('rejectUnknownFields=true on the Actions API');
}

/** One record's work in a savepoint: a ZuoraError rolls back only that record and becomes its Errors. */
async function perRecord(ctx: Ctx, kind: Kind, work: () => Promise<void>): Promise<ErrorEntry[] | undefined> {
  await sql`savepoint zbill_action_record`.execute(ctx.db);
  try {
    await work();
    await sql`release savepoint zbill_action_record`.execute(ctx.db);
    return undefined;
  } catch (e) {
    if (!(e instanceof ZuoraError) || e.fixedStatus === 501) {
      await sql`rollback to savepoint zbill_action_record`.execute(ctx.db);
      throw e;
    }
    await sql`rollback to savepoint zbill_action_record`.execute(ctx.db);
    await sql`release savepoint zbill_action_record`.execute(ctx.db);
    const code = kind === 'delete' && e.category === Category.RULE ? 'CANNOT_DELETE' : objectApiCode(e);
    return e.reasons.map((r) => ({ Code: code, Message: r.message }));
  }
}

function recordOf(o: unknown, i: number): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new QueryFault('INVALID_VALUE', `objects[${i}] must be an object (null objects cannot be sent)`);
  return o as Record<string, unknown>;
}

export async function actionCreate(ctx: Ctx, body: Record<string, unknown>, query: Record<string, unknown> = {}, opts: ActionOptions = { wsdlVersion: null }) {
  const { fn } = objectOf(body.type, 'create');
  refuseUnknownFieldsOption(query);
  const records = listOf(body, 'objects').map(recordOf);
  const create = fn as NonNullable<ObjectActions['create']>;
  const out: Array<Record<string, unknown>> = [];
  for (const rec of records) {
    let id: string | undefined;
    const errors = await perRecord(ctx, 'create', async () => {
      if (rec.Id !== undefined && rec.Id !== null) throw invalidValue(`'Id' cannot be given when an object is ${VERB.create}`);
      id = await create(ctx, rec, opts);
    });
    out.push(errors ? { Success: false, Errors: errors } : { Id: id, Success: true });
  }
  return out;
}

export async function actionUpdate(ctx: Ctx, body: Record<string, unknown>, query: Record<string, unknown> = {}, opts: ActionOptions = { wsdlVersion: null }) {
  const { fn } = objectOf(body.type, 'update');
  refuseUnknownFieldsOption(query);
  const records = listOf(body, 'objects').map(recordOf);
  const update = fn as NonNullable<ObjectActions['update']>;
  const out: Array<Record<string, unknown>> = [];
  for (const rec of records) {
    const id = rec.Id;
    const errors = await perRecord(ctx, 'update', async () => {
      if (id === undefined || id === null || id === '') throw missingField("'Id' is required to update an object");
      if (typeof id !== 'string') throw invalidValue("'Id' must be of type string");
      const { Id: _drop, ...fields } = rec;
      await update(ctx, id, fields, opts);
    });
    out.push(errors ? { ...(typeof id === 'string' ? { Id: id } : {}), Success: false, Errors: errors } : { Id: id, Success: true });
  }
  return out;
}

export async function actionDelete(ctx: Ctx, body: Record<string, unknown>, query: Record<string, unknown> = {}, _opts?: ActionOptions) {
  const { fn } = objectOf(body.type, 'delete');
  refuseUnknownFieldsOption(query);
  const ids = listOf(body, 'ids');
  ids.forEach((x, i) => {
    if (typeof x !== 'string' || x === '') throw new QueryFault('INVALID_VALUE', `ids[${i}] must be an id (null ids cannot be sent)`);
  });
  const del = fn as NonNullable<ObjectActions['delete']>;
  const out: Array<Record<string, unknown>> = [];
  for (const id of ids as string[]) {
    const errors = await perRecord(ctx, 'delete', () => del(ctx, id));
    out.push(errors ? { id, success: false, errors } : { id, success: true });
  }
  return out;
}
