// Every implemented operation of the harness's tags has a conformance test,
// and every operation the tests name exists in the extracted spec.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { specOperations } from './check.js';

const dir = new URL('./', import.meta.url);

/** Operation ids passed to conform()/conformKnown() in this folder's tests. */
function testedOperations(): Set<string> {
  const ids = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.ts'))) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const m of src.matchAll(/\bconform(?:Known)?\(\s*'([A-Za-z_]+)'/g)) ids.add(m[1]!);
  }
  return ids;
}

/**
 * Implemented operations that never succeed in zbill, so have no success answer to check: each answers
 * what Zuora answers a tenant like zbill's (its test gateway has no updater service, so a Payment Method
 * Updater batch always names an instance the tenant lacks). Their tests check the error instead.
 */
const NO_SUCCESS = new Set(['POST_PaymentMethodUpdaterBatch']);

describe('conformance coverage', () => {
  it('every implemented operation of the harness tags is checked', async () => {
    const t = await setupApp();
    const cov = await t.admin('GET', '/admin/coverage');
    expect(cov.status).toBe(200);
    const spec = specOperations();
    const tags = new Set(Object.values(spec).map((o) => o.tag));
    const implemented: string[] = [];
    for (const [tag, v] of Object.entries(cov.body.byTag as Record<string, { implemented: string[] }>)) {
      if (tags.has(tag)) implemented.push(...v.implemented);
    }
    expect(implemented.length).toBeGreaterThan(0);
    const tested = testedOperations();
    expect(implemented.filter((id) => !tested.has(id) && !NO_SUCCESS.has(id)).sort()).toEqual([]);
  });

  it('every operation named by a test is in spec-responses.json', () => {
    const spec = specOperations();
    expect([...testedOperations()].filter((id) => !spec[id])).toEqual([]);
  });
});
