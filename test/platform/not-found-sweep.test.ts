import { describe, expect, it } from 'vitest';
import { CHECKED_BY_MODULE, NOT_REQUIRED } from '../../src/platform/http/nul-guard.js';
import { REQUEST_SHAPES } from '../../src/platform/http/request-shapes.generated.js';
import { OPERATIONS } from '../../src/platform/operations.generated.js';
import { setupApp } from '../helpers.js';

/**
 * Every implemented read of one thing (a GET whose path names a key) answers not found in
 * Zuora's envelope for a key that does not exist: never 200 with an empty answer, never a 500.
 */
const t = await setupApp();

/** A key no tenant has: 32 hex digits (an id's shape) for id parameters, a number-like key otherwise. */
function unknownKey(param: string): string {
  if (/version/i.test(param)) return '7';
  return /id$/i.test(param) || param === 'id' ? 'ffffffffffffffffffffffffffffffff' : 'ZZ-NO-SUCH-0000';
}

const fill = (path: string) => path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(unknownKey(name)));

describe('reads of something that does not exist', async () => {
  const admin = await t.admin('GET', '/admin/coverage');
  const implemented = new Set<string>(Object.values(admin.body.byTag as Record<string, { implemented: string[] }>).flatMap((x) => x.implemented));
  // a path that names only a day (payment schedule statistics of {yyyy-mm-dd}) names no thing that could be missing
  const reads = OPERATIONS.filter((op) => op.method === 'GET' && op.path.includes('{') && !/\{yyyy-mm-dd\}$/.test(op.path) && implemented.has(op.operationId));

  it('covers the implemented keyed reads', () => {
    expect(reads.length).toBeGreaterThan(30);
  });

  it.each(reads.map((op) => [op.operationId, op.path] as const))('%s (%s) answers 404 in the envelope', async (_id, path) => {
    const c = await t.newClient();
    const r = await c.get(fill(path), { 'Zuora-Version': '2025-08-12' });
    expect(r.status, JSON.stringify(r.body)).toBe(404);
    // the route itself answered, not the catch-all for unknown paths
    expect(JSON.stringify(r.body)).not.toContain('No such resource');
    if (path.startsWith('/v1/object/')) {
      expect(r.body.Success).toBe(false);
      expect(r.body.Errors[0].Code).toBe('INVALID_ID');
    } else {
      expect(r.body.success, JSON.stringify(r.body)).toBe(false);
      const code = Number(r.body.reasons[0].code);
      expect(code % 100, JSON.stringify(r.body)).toBe(40);
      expect(String(code)).toMatch(/^\d{8}$/);
      expect(r.body.reasons[0].message.length).toBeGreaterThan(0);
    }
  });
});

/**
 * Writes to something that does not exist (a PUT, POST or DELETE whose path names a key) change nothing
 * and answer not found too. A few check a required body field before they look the key up and answer
 * that missing field (category 22) for an empty body, as Zuora validates the request first.
 */
const REQUIRED_FIELD_FIRST = new Set(['POST_RefundCreditMemo', 'POST_ReconcileRefund', 'PUT_PostBillRun', 'PUT_TransferPayment']);
// and every operation whose body has a field the spec requires: the request guard refuses the empty body first
for (const op of Object.values(REQUEST_SHAPES)) {
  const skip = [...(NOT_REQUIRED[op.operationId] ?? []), ...(CHECKED_BY_MODULE[op.operationId] ?? [])];
  if (op.required?.some((k) => !skip.includes(k))) REQUIRED_FIELD_FIRST.add(op.operationId);
}

describe('writes to something that does not exist', async () => {
  const admin = await t.admin('GET', '/admin/coverage');
  const implemented = new Set<string>(Object.values(admin.body.byTag as Record<string, { implemented: string[] }>).flatMap((x) => x.implemented));
  // The object API answers its own way (INVALID_ID, checked by its tests); an asynchronous call answers a job
  // at once and its job fails (GET /v1/async-jobs/{jobId}).
  const writes = OPERATIONS.filter((op) => op.method !== 'GET' && op.path.includes('{') && implemented.has(op.operationId) && !op.path.startsWith('/v1/object/') && !op.path.startsWith('/v1/async/'));

  it('covers the implemented keyed writes', () => {
    expect(writes.length).toBeGreaterThan(50);
  });

  it.each(writes.map((op) => [op.operationId, op.method, op.path] as const))('%s (%s %s) answers 404 in the envelope', async (id, method, path) => {
    const c = await t.newClient();
    const r = await c.req(method.toUpperCase(), fill(path), method === 'DELETE' ? undefined : {}, { 'Zuora-Version': '2025-08-12' });
    expect(JSON.stringify(r.body)).not.toContain('No such resource');
    // some custom objects operations answer their own error body ({ code, message, details }); the rest the REST envelope
    const custom = path.startsWith('/objects/') && r.body.reasons === undefined;
    if (!custom) expect(r.body.success, JSON.stringify(r.body)).toBe(false);
    const code = Number(custom ? r.body.code : r.body.reasons[0].code);
    if (REQUIRED_FIELD_FIRST.has(id) && r.status === 400) expect(code % 100, JSON.stringify(r.body)).toBe(22);
    else {
      expect(r.status, JSON.stringify(r.body)).toBe(404);
      expect(code % 100, JSON.stringify(r.body)).toBe(40);
    }
  });
});
