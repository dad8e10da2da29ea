import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKED_BY_MODULE, NOT_REQUIRED } from '../../src/platform/http/nul-guard.js';
import { REQUEST_SHAPES } from '../../src/platform/http/request-shapes.generated.js';
import { setupApp } from '../helpers.js';

/**
 * Every implemented operation whose JSON body has fields the spec marks required at its top level refuses a
 * body without one of them: Zuora's missing-field error (category 22; MISSING_REQUIRED_VALUE in the object API)
 * naming the field, never a success and never a 500. Each body is the operation's request sample of Zuora's
 * pages (test/conformance/sample-requests.json) minus one required field, or an empty body when the pages give no sample. The fields Zuora
 * does not require although the spec marks them are NOT_REQUIRED in the guard (src/platform/http/nul-guard.ts);
 * those its module refuses itself with Zuora's own code (CHECKED_BY_MODULE) are left to the module's tests.
 */
const t = await setupApp();

// the request samples of Zuora's pages, kept in the repository by scripts/extract-schemas.mjs (CI has no ../shared)
const SAMPLES = JSON.parse(readFileSync(new URL('../conformance/sample-requests.json', import.meta.url), 'utf8')) as Record<string, { request?: unknown }>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKey(param: string): string {
  if (/version/i.test(param)) return '7';
  return /id$/i.test(param) || param === 'id' ? 'ffffffffffffffffffffffffffffffff' : 'ZZ-NO-SUCH-0000';
}
const fill = (path: string) => path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(unknownKey(name)));

function sampleOf(operationId: string): Record<string, unknown> {
  const s = SAMPLES[operationId]?.request;
  return isPlainObject(s) ? s : {};
}

describe('a body without a field the spec requires', async () => {
  const admin = await t.admin('GET', '/admin/coverage');
  const implemented = new Set<string>(Object.values(admin.body.byTag as Record<string, { implemented: string[] }>).flatMap((x) => x.implemented));
  const cases: Array<[string, string, string, string]> = [];
  for (const [key, op] of Object.entries(REQUEST_SHAPES)) {
    if (!op.required?.length || !implemented.has(op.operationId) || !op.media.some((m) => m.startsWith('application/json'))) continue;
    const skip = new Set([...(NOT_REQUIRED[op.operationId] ?? []), ...(CHECKED_BY_MODULE[op.operationId] ?? [])]);
    const [method, path] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
    for (const field of op.required) if (!skip.has(field)) cases.push([op.operationId, field, method, path]);
  }

  it('covers the implemented operations with required body fields', () => {
    expect(new Set(cases.map((c) => c[0])).size).toBeGreaterThan(40);
  });

  it.each(cases)('%s without %s (%s %s) is refused naming a missing field', async (id, field, method, path) => {
    const op = REQUEST_SHAPES[`${method} ${path}`]!;
    const body = { ...sampleOf(id) };
    delete body[field];
    // the fields still missing from the body: the error names one of them (the first, in the spec's order)
    const missing = op.required!.filter((k) => !NOT_REQUIRED[id]?.includes(k) && (body[k] === undefined || body[k] === null));
    expect(missing).toContain(field);
    const c = await t.newClient();
    const r = await c.req(method, fill(path), body, { 'Zuora-Version': '2025-08-12' });
    const text = JSON.stringify(r.body);
    expect(r.status, text).toBeGreaterThanOrEqual(400);
    expect(r.status, text).toBeLessThan(500);
    if (path.startsWith('/v1/object/')) {
      expect(r.body.Success, text).toBe(false);
      expect(r.body.Errors[0].Code, text).toBe('MISSING_REQUIRED_VALUE');
      expect(r.body.Errors[0].Message, text).toContain(missing[0]);
    } else {
      // custom objects operations answer their own body ({ code, message }), the commerce creates and queries
      // `errors` in place of `reasons`; the rest the REST envelope
      const custom = path.startsWith('/objects/') && r.body.reasons === undefined;
      if (!custom) expect(r.body.success, text).toBe(false);
      const reason = custom ? r.body : (r.body.reasons ?? r.body.errors)[0];
      expect(Number(reason.code) % 100, text).toBe(22);
      expect(String(reason.message), text).toContain(missing[0]);
    }
  });
});
