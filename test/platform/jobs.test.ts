import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, migrate, type App } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { inTransaction, makeCtx, type Ctx } from '../../src/platform/context.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { cancelJob, enqueueJob, getJob, JobRunner, runDueJobs, type Job } from '../../src/platform/jobs.js';
import { dbUrl, onPostgres } from '../helpers.js';
import { modulesWithJobs, type WidgetPayload } from './jobs-fixture.js';

const LEASE_MS = 400;

async function harness(url: string, jobs: { worker?: boolean; leaseMs?: number } = {}) {
  const database = openDatabase(url);
  await migrate(database, modulesWithJobs);
  const built = await buildApp({ config: { ...loadConfig({}), adminKey: 'k' }, database, modules: modulesWithJobs, jobs: { worker: false, leaseMs: LEASE_MS, ...jobs } });
  return { ...built, database };
}

type Harness = App & { database: Database };

const widgets = async (h: Harness, tenantId: string) =>
  (await h.database.db.selectFrom('test_widgets').select('name').where('tenant_id', '=', tenantId).orderBy('name').execute()).map((r) => r.name as string);

async function tenantCtx(h: Harness, settings: { clock?: string } = {}): Promise<Ctx> {
  const { tenant } = await h.tenants.create(settings);
  return makeCtx(tenant, h.database.db);
}

/** A fresh ctx: the tenant's clock as it is now in the database. */
const reread = async (h: Harness, ctx: Ctx) => makeCtx(await h.tenants.get(ctx.tenant.id), h.database.db);

describe('jobs (one process)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dbUrl());
  });
  afterAll(async () => {
    await h.app.close();
    await h.database.close();
  });

  it('a job enqueued in a transaction that rolls back does not exist; one that commits does, Pending', async () => {
    const ctx = await tenantCtx(h);
    let doomed: Job | undefined;
    await expect(
      inTransaction(ctx, async (c) => {
        await c.db.insertInto('test_widgets').values({ id: 'f'.repeat(32), tenant_id: c.tenant.id, number: 'W', name: 'write', custom_fields: '{}', created_on: '2026-01-01' }).execute();
        doomed = await enqueueJob(c, 'test.widget', { name: 'doomed' } satisfies WidgetPayload);
        throw new Error('the write fails after enqueuing');
      }),
    ).rejects.toThrow('the write fails');
    expect(doomed?.id).toMatch(/^[0-9a-f]{32}$/);
    expect(await getJob(ctx, doomed!.id)).toBeUndefined();
    expect(await widgets(h, ctx.tenant.id)).toEqual([]);
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(0);

    const kept = await inTransaction(ctx, (c) => enqueueJob(c, 'test.widget', { name: 'kept' }));
    const read = await getJob(ctx, kept.id);
    expect(read).toMatchObject({ id: kept.id, tenantId: ctx.tenant.id, kind: 'test.widget', payload: { name: 'kept' }, status: 'Pending', attempts: 0, result: null, error: null, finishedAt: null });
  });

  it('runDueJobs runs what is due: the handler gets a ctx of the job\'s tenant and its payload; the result is kept', async () => {
    const ctx = await tenantCtx(h, { clock: '2026-03-10' });
    const job = await inTransaction(ctx, (c) => enqueueJob(c, 'test.widget', { name: 'a' }));
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(1);
    const done = await getJob(ctx, job.id);
    expect(done).toMatchObject({ status: 'Completed', attempts: 1, result: { name: 'a', today: '2026-03-10', attempt: 1 }, error: null });
    expect(done!.finishedAt).toBe('2026-03-10T00:00:00Z');
    expect(await widgets(h, ctx.tenant.id)).toEqual(['a#1']);
    // Nothing is left to run; a second pass does not run it again.
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(0);
    expect(await widgets(h, ctx.tenant.id)).toEqual(['a#1']);
  });

  it('another tenant does not see the job', async () => {
    const a = await tenantCtx(h);
    const b = await tenantCtx(h);
    const job = await enqueueJob(a, 'test.widget', { name: 'mine' });
    expect(await getJob(b, job.id)).toBeUndefined();
    expect(await cancelJob(b, job.id)).toBeUndefined();
    expect((await getJob(a, job.id))!.status).toBe('Pending');
  });

  it('a handler that keeps failing is retried as configured, its work rolled back each time, then Failed with its error', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'never', failTimes: 99 });
    await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    const failed = await getJob(ctx, job.id);
    expect(failed).toMatchObject({ status: 'Failed', attempts: 3, result: null, error: { message: 'boom on attempt 3' } });
    expect(failed!.finishedAt).not.toBeNull();
    expect(await widgets(h, ctx.tenant.id)).toEqual([]);
  });

  it('a handler that fails twice succeeds on its third attempt; only that attempt\'s work lands', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'third', failTimes: 2 });
    await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    expect(await getJob(ctx, job.id)).toMatchObject({ status: 'Completed', attempts: 3, result: { attempt: 3 } });
    expect(await widgets(h, ctx.tenant.id)).toEqual(['third#3']);
  });

  it('maxAttempts given at enqueue wins over the handler\'s', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'once', failTimes: 1 }, { maxAttempts: 1 });
    await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    expect(await getJob(ctx, job.id)).toMatchObject({ status: 'Failed', attempts: 1, error: { message: 'boom on attempt 1' } });
  });

  it('a ZuoraError (a business refusal) fails the job at once, with its code and reasons', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'no', refuse: true });
    await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    const j = await getJob(ctx, job.id);
    expect(j).toMatchObject({ status: 'Failed', attempts: 1 });
    expect(j!.error).toEqual({ message: "the widget 'no' is refused", code: 50000020, reasons: [{ code: 50000020, message: "the widget 'no' is refused" }] });
    expect(await widgets(h, ctx.tenant.id)).toEqual([]);
  });

  it('a back-off keeps a failed job from running again before its time', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.progress', {});
    // Make it look like a failed first attempt whose retry is a minute away.
    await h.database.db.updateTable('jobs').set({ attempts: 1, retry_at: Date.now() + 60_000 }).where('id', '=', job.id).execute();
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(0);
    await h.database.db.updateTable('jobs').set({ retry_at: Date.now() - 1 }).where('id', '=', job.id).execute();
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(1);
    expect(await getJob(ctx, job.id)).toMatchObject({ status: 'Completed', attempts: 2 });
  });

  it('progress a handler reports is kept on the job', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.progress', {});
    await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    expect(await getJob(ctx, job.id)).toMatchObject({ status: 'Completed', progress: { done: 2, of: 2 }, result: { ok: true } });
  });

  it('a Pending job canceled never runs; canceling a finished job changes nothing', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'canceled' });
    expect(await cancelJob(ctx, job.id)).toMatchObject({ status: 'Canceled' });
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(0);
    expect(await widgets(h, ctx.tenant.id)).toEqual([]);
    const other = await enqueueJob(ctx, 'test.widget', { name: 'done' });
    await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    expect(await cancelJob(ctx, other.id)).toMatchObject({ status: 'Completed', cancelRequested: false });
  });

  it('a job scheduled on the tenant clock waits for it; advancing the clock runs it on its day, before the advance answers', async () => {
    const ctx = await tenantCtx(h, { clock: '2026-01-01' });
    const job = await enqueueJob(ctx, 'test.widget', { name: 'later' }, { runAfter: '2026-01-15' });
    expect(job.runAfter).toBe('2026-01-15T00:00:00Z');
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(0);
    await h.tenants.advanceClock(ctx.tenant.id, { days: 10 });
    expect((await getJob(ctx, job.id))!.status).toBe('Pending');
    await h.tenants.advanceClock(ctx.tenant.id, { months: 1 });
    const done = await getJob(await reread(h, ctx), job.id);
    // It ran on its own day, not on the day the advance ended.
    expect(done).toMatchObject({ status: 'Completed', result: { today: '2026-01-15' } });
    expect(await widgets(h, ctx.tenant.id)).toEqual(['later#1']);
  });

  it('a job that fails during a clock advance is recorded Failed; the clock still moves and other jobs still land', async () => {
    const ctx = await tenantCtx(h, { clock: '2026-05-01' });
    const bad = await enqueueJob(ctx, 'test.widget', { name: 'bad', refuse: true }, { runAfter: '2026-05-02' });
    const good = await enqueueJob(ctx, 'test.widget', { name: 'good' }, { runAfter: '2026-05-03' });
    const moved = await h.tenants.advanceClock(ctx.tenant.id, { days: 5 });
    expect(moved.tenant.clock).toBe('2026-05-06T00:00:00Z');
    expect((await getJob(ctx, bad.id))!.status).toBe('Failed');
    expect((await getJob(ctx, good.id))!.status).toBe('Completed');
    expect(await widgets(h, ctx.tenant.id)).toEqual(['good#1']);
  });

  it('a Running job whose lease expired (its process died) is claimed again and counts one more attempt', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'orphan' });
    await h.database.db.updateTable('jobs').set({ status: 'Running', attempts: 1, lease_owner: 'elsewhere/1/000000000000', lease_until: Date.now() + 60_000 }).where('id', '=', job.id).execute();
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(0); // the lease still holds
    await h.database.db.updateTable('jobs').set({ lease_until: Date.now() - 1 }).where('id', '=', job.id).execute();
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(1);
    expect(await getJob(ctx, job.id)).toMatchObject({ status: 'Completed', attempts: 2, result: { attempt: 2 } });
  });

  it('an orphaned job on its last attempt is Failed, not run again', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'spent' });
    await h.database.db.updateTable('jobs').set({ status: 'Running', attempts: 3, lease_owner: 'elsewhere/1/000000000000', lease_until: Date.now() - 1 }).where('id', '=', job.id).execute();
    await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    const j = await getJob(ctx, job.id);
    expect(j!.status).toBe('Failed');
    expect(j!.error!.message).toContain('no attempt is left');
    expect(await widgets(h, ctx.tenant.id)).toEqual([]);
  });

  it('reset removes the tenant\'s jobs', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'x' });
    await h.tenants.reset(ctx.tenant.id);
    expect(await getJob(ctx, job.id)).toBeUndefined();
  });

  it.runIf(onPostgres())('claims with FOR UPDATE SKIP LOCKED: a job row another transaction holds is skipped, not waited for', async () => {
    const ctx = await tenantCtx(h);
    const locked = await enqueueJob(ctx, 'test.widget', { name: 'locked' });
    const free = await enqueueJob(ctx, 'test.widget', { name: 'free' });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lockTaken!: () => void;
    const taken = new Promise<void>((r) => (lockTaken = r));
    const holder = h.database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('jobs').select('id').where('id', '=', locked.id).forUpdate().executeTakeFirst();
      lockTaken();
      await held;
    });
    await taken;
    const started = Date.now();
    const ran = await runDueJobs(h.app, { tenantId: ctx.tenant.id });
    expect(Date.now() - started).toBeLessThan(2_000);
    release();
    await holder;
    expect(ran).toBe(1);
    expect((await getJob(ctx, free.id))!.status).toBe('Completed');
    expect((await getJob(ctx, locked.id))!.status).toBe('Pending');
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(1);
    expect((await getJob(ctx, locked.id))!.status).toBe('Completed');
  });
});

describe('jobs: the background worker', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dbUrl(), { worker: true });
  });
  afterAll(async () => {
    await h.app.close();
    await h.database.close();
  });

  it('runs a job enqueued now without being asked, and settle() waits for it', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.widget', { name: 'bg' });
    expect(await h.jobs.settle(ctx.tenant.id, job.id, 5_000)).toBe(true);
    expect((await getJob(ctx, job.id))!.status).toBe('Completed');
    expect(await widgets(h, ctx.tenant.id)).toEqual(['bg#1']);
  });
});

// ---------------------------------------------------------------- several processes

interface Child {
  proc: ChildProcess;
  out: string;
  exited: Promise<void>;
}

function startChild(url: string, env: Record<string, string> = {}): Promise<Child> {
  // stdin is a pipe the child watches: it exits when this process goes away.
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'jobs-child.ts')], { env: { ...process.env, ZBILL_CHILD_DB: url, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const child: Child = { proc, out: '', exited: new Promise((r) => proc.once('exit', () => r())) };
  return new Promise((resolve, reject) => {
    let err = '';
    const t = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child did not start: ${err}`));
    }, 60_000);
    proc.stdout!.on('data', (b) => {
      child.out += String(b);
      if (child.out.includes('READY\n')) {
        clearTimeout(t);
        resolve(child);
      }
    });
    proc.stderr!.on('data', (b) => (err += String(b)));
    proc.once('exit', (code) => reject(new Error(`child exited (${code}): ${err}`)));
  });
}

const kill = (c: Child | undefined) => {
  if (c && c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
};

async function until(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Real processes: this test process (its worker on) and one child on the same
 * database. The 200 jobs are shared on PostgreSQL; the kill -9 runs on both
 * databases (an SQLite file there).
 */
describe('several processes on one database', () => {
  const url = onPostgres() ? dbUrl() : `sqlite:${join(tmpdir(), `zbill-jobs-${randomBytes(4).toString('hex')}.db`)}`;
  let h: Harness;
  let child: Child | undefined;
  beforeAll(async () => {
    h = await harness(url);
    child = await startChild(url, { ZBILL_JOBS_CHILD: '1', ZBILL_CHILD_LEASE_MS: String(LEASE_MS) });
  }, 90_000);
  afterAll(async () => {
    kill(child);
    await h.app.close();
    await h.database.close();
    if (url.startsWith('sqlite:')) for (const suffix of ['', '-wal', '-shm']) rmSync(url.slice('sqlite:'.length) + suffix, { force: true });
  });

  it.runIf(onPostgres())('share 200 jobs on PostgreSQL, each run exactly once', async () => {
    const ctx = await tenantCtx(h);
    const ids = await inTransaction(ctx, async (c) => {
      const out: string[] = [];
      for (let i = 0; i < 200; i++) out.push((await enqueueJob(c, 'test.count', { i })).id);
      return out;
    });
    // This process works too, through its background worker, as `npm start` runs it.
    const worker = new JobRunner(h.database, modulesWithJobs, { leaseMs: LEASE_MS, pollMs: 20, concurrency: 2 });
    worker.start();
    const completed = () => h.database.db.selectFrom('jobs').select(['id', 'status', 'attempts', 'result']).where('tenant_id', '=', ctx.tenant.id).execute();
    try {
      await until('200 jobs to complete', async () => (await completed()).every((j) => j.status === 'Completed'));
    } finally {
      await worker.stop();
    }
    const jobs = await completed();
    expect(jobs).toHaveLength(200);
    expect(jobs.every((j) => Number(j.attempts) === 1)).toBe(true);
    const rows = await widgets(h, ctx.tenant.id);
    expect(rows).toHaveLength(200);
    const byJob = new Map<string, string>();
    for (const r of rows) {
      const [, id, pid] = r.split(':');
      expect(byJob.has(id!)).toBe(false);
      byJob.set(id!, pid!);
    }
    expect([...byJob.keys()].sort()).toEqual([...ids].sort());
    // Both processes took part, and each job's result names the process whose write landed.
    const pids = new Set(byJob.values());
    expect(pids).toEqual(new Set([String(child!.proc.pid), String(process.pid)]));
    for (const j of jobs) expect(String((JSON.parse(j.result as string) as { pid: number }).pid)).toBe(byJob.get(j.id as string));
  }, 60_000);

  it('a process killed mid-job (kill -9) has its job picked up by another once the lease expires; the dead attempt\'s work is gone', async () => {
    const ctx = await tenantCtx(h);
    const job = await enqueueJob(ctx, 'test.hang', {});
    await until('the child to run the job', async () => child!.out.includes(`RUNNING ${job.id}`), 15_000);
    const running = await getJob(ctx, job.id);
    expect(running).toMatchObject({ status: 'Running', attempts: 1 });
    child!.proc.kill('SIGKILL');
    await child!.exited;
    // Within the lease nobody may take it.
    expect(await runDueJobs(h.app, { tenantId: ctx.tenant.id })).toBe(0);
    await until('the lease to expire', async () => (await runDueJobs(h.app, { tenantId: ctx.tenant.id })) === 1, 10_000);
    expect(await getJob(ctx, job.id)).toMatchObject({ status: 'Completed', attempts: 2, result: { pid: process.pid } });
    expect(await widgets(h, ctx.tenant.id)).toEqual([`hang:${job.id}:${process.pid}`]);
  }, 60_000);
});
