// GET /openapi.json: every implemented operation as the reference spec defines it
// (parameters, request and response schemas, summaries), the admin API, servers and
// security; it must pass a standard OpenAPI linter (issue 7 §1).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/platform/operations.generated.js';
import { setupApp } from '../helpers.js';

const t = await setupApp();
const run = promisify(execFile);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

async function doc() {
  const r = await t.raw('GET', '/openapi.json');
  expect(r.status).toBe(200);
  return r.body as { paths: Record<string, Record<string, any>>; components: Record<string, Record<string, unknown>>; servers: { url: string }[]; tags: { name: string }[] };
}

describe('/openapi.json', () => {
  it('has exactly the implemented reference operations, each complete, plus the admin API', async () => {
    const d = await doc();
    const coverage = (await t.admin('GET', '/admin/coverage')).body;
    const implemented = new Set(Object.values(coverage.byTag as Record<string, { implemented: string[] }>).flatMap((x) => x.implemented));
    const documented = new Map<string, any>();
    for (const [path, item] of Object.entries(d.paths))
      for (const m of METHODS) if (item[m]) documented.set(item[m].operationId, { ...item[m], path, method: m });
    for (const op of OPERATIONS) {
      if (implemented.has(op.operationId)) {
        const o = documented.get(op.operationId);
        expect(o, op.operationId).toBeDefined();
        expect(o.path).toBe(op.path);
        expect(o.summary, op.operationId).toBeTruthy();
        expect(Object.keys(o.responses ?? {}).length, op.operationId).toBeGreaterThan(0);
      } else expect(documented.has(op.operationId), `${op.operationId} is a 501 stub`).toBe(false);
    }
    // the admin API is described too
    expect(d.paths['/admin/tenants']?.post?.responses['201']).toBeDefined();
    expect(d.paths['/admin/tenants/{id}/clock/advance']?.post).toBeDefined();
    // every $ref resolves inside the document
    const text = JSON.stringify(d);
    for (const m of text.matchAll(/"\$ref":"#\/components\/([^/"]+)\/([^"]+)"/g)) expect(d.components[m[1]!]?.[m[2]!], m[0]).toBeDefined();
    expect(d.servers[0]!.url).toMatch(/^https?:\/\//);
  });

  it('a request body and a response schema come from the spec (POST /v1/accounts)', async () => {
    const d = await doc();
    const op = d.paths['/v1/accounts']!.post;
    expect(op.operationId).toBe('POST_Account');
    expect(JSON.stringify(op.requestBody)).toContain('#/components/schemas/');
    expect(op.responses['200']).toBeDefined();
  });

  it('passes redocly lint without errors', async () => {
    const d = await doc();
    const dir = mkdtempSync(join(tmpdir(), 'zbill-openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(d));
    // the recommended rules; a warning is allowed, an error is not
    const out = await run(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', file, '--format', 'json'], { maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout: string; stderr: string }) => e);
    const report = JSON.parse(out.stdout) as { totals: { errors: number }; problems: { ruleId: string; message: string; severity: string; location: { pointer: string }[] }[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors.slice(0, 20)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);
});
