// Test-side helpers of the conformance harness: run the checker on a real
// response and fail with the list of offending paths.
import { appendFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Res } from '../helpers.js';
import { checkResponse, formatIssues, type CheckResult } from './check.js';
import { FINDINGS } from './findings.js';

/** Set CONFORMANCE_REPORT=/path/file.jsonl to collect every check (used to write FINDINGS.md). */
function record(r: CheckResult, status: number) {
  const file = process.env.CONFORMANCE_REPORT;
  if (file) appendFileSync(file, JSON.stringify({ db: process.env.ZBILL_TEST_DB?.split(':')[0], status, ...r }) + '\n');
}

/** The request must have succeeded: 2xx and, when the envelope has one, success true. */
export function expectSuccess(operationId: string, res: Res) {
  const ok = res.status >= 200 && res.status < 300 && res.body?.success !== false && res.body?.Success !== false;
  if (!ok) throw new Error(`${operationId}: the happy path itself failed (HTTP ${res.status}): ${res.raw.slice(0, 800)}`);
}

/** Asserts the response conforms to the operation's success schema; returns the check for further use. */
export function conform(operationId: string, res: Res): CheckResult {
  expectSuccess(operationId, res);
  const r = checkResponse(operationId, res.body);
  record(r, res.status);
  if (!r.ok) expect.fail(formatIssues(r));
  return r;
}

// ---- known findings (tests marked it.fails) ----------------------------------
//
// A test marked `it.fails` must fail for its finding and nothing else: the
// issues must be among the finding's paths. Anything else (the request
// itself failing, a new issue) is a surprise, collected here and failed by
// `surprisesTest()` at the end of each file, so that it.fails cannot hide a
// broken happy path. When the module is fixed the check passes, the it.fails
// test then fails ("expected to fail"), and it is time to turn it back into `it`.
const surprises: string[] = [];

const generic = (p: string) => p.replace(/\[\d+\]/g, '[]');

/** The failure a known finding causes (anything else in an it.fails test is a surprise). */
export class FindingFailure extends Error {}

export function conformKnown(operationId: string, res: Res, finding: string): void {
  const known = FINDINGS[finding];
  if (!known || known.operationId !== operationId) throw new Error(`finding ${finding} is not about ${operationId} (findings.ts)`);
  expectSuccess(operationId, res);
  const r = checkResponse(operationId, res.body);
  record(r, res.status);
  if (r.ok) return; // fixed: it.fails will now report it
  // Fewer paths than the finding lists means it is partly fixed: fine. A path the
  // finding does not list is a new mismatch: a surprise.
  const want = new Set(known.paths);
  const extra = r.issues.filter((i) => !want.has(generic(i.path)));
  if (extra.length) {
    surprises.push(`${finding} (${operationId}): new mismatches not in the finding:\n${formatIssues({ ...r, issues: extra })}`);
  }
  throw new FindingFailure(`${finding}: ${formatIssues(r)}`);
}

/**
 * Wraps the body of an it.fails test: an error other than the finding's own
 * (the happy path failing, a crash in the setup) is recorded as a surprise.
 */
export function known(fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof FindingFailure)) surprises.push(`unexpected error in an it.fails test: ${(e as Error).stack ?? String(e)}`);
      throw e;
    }
  };
}

/** Registers the last test of a file: no it.fails test failed for another reason than its finding. */
export function surprisesTest() {
  it('every it.fails test failed for its finding and nothing else', () => {
    expect(surprises, surprises.join('\n\n')).toEqual([]);
  });
}

// ---- older API versions ---------------------------------------------------------
//
// The spec describes each operation as the latest API version answers it. A
// response on an older version (docs/api-versions.md) differs exactly where a
// version switch changes it: `conformOlderVersion` checks that the response
// conforms everywhere else, and that each switched path does differ (so a test
// of the old side cannot pass while the old side is not there).

const underPath = (raw: string, root: string, path = raw.replace(/^\$\.?/, '')) => path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);

export function conformOlderVersion(operationId: string, res: Res, switchedPaths: string[]): CheckResult {
  expectSuccess(operationId, res);
  const r = checkResponse(operationId, res.body);
  record(r, res.status);
  const elsewhere = r.issues.filter((i) => !switchedPaths.some((p) => underPath(generic(i.path), p)));
  if (elsewhere.length) expect.fail(`${operationId} (older version): mismatches outside the switched paths:\n${formatIssues({ ...r, issues: elsewhere })}`);
  for (const p of switchedPaths) {
    if (!r.issues.some((i) => underPath(generic(i.path), p))) expect.fail(`${operationId} (older version): '${p}' matches the latest version's schema; the older shape is missing`);
  }
  return r;
}
