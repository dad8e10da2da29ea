/**
 * Jobs: long work (bill runs, payment runs, async orders, exports, callouts)
 * kept as rows of the `jobs` table instead of promises in a process.
 *
 * A module enqueues a job inside its own write (`enqueueJob(ctx, kind, payload)`),
 * so the job exists exactly when that write landed, and declares the handler
 * of each kind in its ZModule (`jobs: { kind: handler }`). A `JobRunner` per
 * app claims due jobs and runs them:
 *
 * - A job is due when its `run_after` (an instant of the *tenant clock*) has
 *   come for its tenant and, after a failed attempt, its retry time (real time)
 *   has passed. A tenant whose clock is frozen sees its scheduled jobs fall due
 *   when the clock is moved: `Tenants.moveClock` runs them, day by day after the
 *   day's due work, inside the clock's transaction (each job in a savepoint).
 * - Claiming is a compare-and-set of the row to Running with this process as
 *   lease owner and a lease expiry (real time). On PostgreSQL the candidates are
 *   read `FOR UPDATE SKIP LOCKED`, so several processes on one database take
 *   different jobs without waiting for each other; a job whose process died is
 *   claimed again once its lease has expired. The worker renews the lease of a
 *   job while it runs.
 * - A transactional handler (the default) runs in one transaction that also
 *   marks the job Completed, and only while this process still holds the lease:
 *   its work lands exactly once. A handler with `transactional: false` manages
 *   its own transactions and must tolerate being run again after a crash.
 * - A handler that throws: a ZuoraError (a business refusal) fails the job at
 *   once; any other error is retried, after a back-off, until `maxAttempts`
 *   (each start, a crash included, is an attempt). The error is kept as JSON.
 *
 * This file holds no business rule; what a job means belongs to its module.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { inTransaction, makeCtx, tenantNow, type Ctx } from './context.js';
import type { Config } from './config.js';
import type { Database, Db } from './db/database.js';
import { Temporal } from './dates.js';
import { ZuoraError } from './errors.js';
import { PROCESS_IDENTITY } from './http/idempotency.js';
import { newId } from './ids.js';
import type { ZModule } from './module.js';
import { toSettings } from './tenants.js';

export type JobStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Canceled';

export interface JobError {
  message: string;
  /** The ZuoraError's code and reasons, when the handler threw one. */
  code?: number;
  reasons?: { code: number; message: string }[];
}

/** A job as modules read it. Instants are ISO-8601 strings. */
export interface Job<P = unknown> {
  id: string;
  tenantId: string;
  kind: string;
  payload: P;
  status: JobStatus;
  /** Starts so far (a retry or a takeover after a crash is one more). */
  attempts: number;
  maxAttempts: number | null;
  /** Tenant-clock instant from which the job may run. */
  runAfter: string;
  progress: unknown;
  result: unknown;
  error: JobError | null;
  cancelRequested: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What a running handler is told about its job. */
export interface JobRun {
  id: string;
  kind: string;
  /** 1 on the first start. */
  attempt: number;
  /** Records progress (any JSON value): readable through getJob while the job runs (on PostgreSQL at once; on SQLite once the handler's transaction ends) and kept at the end. */
  progress(value: unknown): Promise<void>;
  /** True once cancelJob was called for the running job; a handler that honours it throws `new JobCanceled()`. */
  cancelRequested(): Promise<boolean>;
  /** The configuration of the app whose runner runs the job (a process setting such as ZBILL_SMTP_URL); undefined for a bare runner. */
  config?: Readonly<Config>;
}

export type JobFn<P = any> = (ctx: Ctx, payload: P, job: JobRun) => Promise<unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface JobHandlerSpec<P = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  run: JobFn<P>;
  /** Default true: the handler and the job's completion share one transaction (exactly once). */
  transactional?: boolean;
  /** Starts allowed (default 3) unless the job was enqueued with its own maxAttempts. */
  maxAttempts?: number;
  /** Real-time wait before attempt n+1 after attempt n failed (default 1 s, doubling, at most 60 s). */
  backoffMs?: number | ((attempt: number) => number);
  /** Which errors are worth another attempt (default: anything but a ZuoraError). */
  retry?: (err: unknown) => boolean;
}

/** A module's handler of one job kind: a function, or a function with options. */
export type JobHandler<P = any> = JobFn<P> | JobHandlerSpec<P>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Thrown by a handler that stops because its job was canceled: the job ends Canceled. */
export class JobCanceled extends Error {
  constructor() {
    super('The job was canceled');
    this.name = 'JobCanceled';
  }
}

export interface EnqueueOptions {
  /** Tenant-clock instant (or YYYY-MM-DD, the start of that day in the tenant's zone) from which the job may run; default now. */
  runAfter?: Temporal.Instant | string;
  /** Overrides the handler's maxAttempts for this job. */
  maxAttempts?: number;
  /** The job's id (default a new one). */
  id?: string;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

/** The platform migration: one row per job. */
export const jobsMigration = {
  async up(db: Db) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer')
      // tenant-clock instant, whole seconds, `YYYY-MM-DDTHH:MM:SSZ` (compared as text)
      .addColumn('run_after', 'varchar(40)', (c) => c.notNull())
      // real time (epoch ms): the back-off after a failed attempt, the lease
      .addColumn('retry_at', 'bigint')
      .addColumn('lease_owner', 'varchar(200)')
      .addColumn('lease_until', 'bigint')
      .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('progress', 'text')
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('enqueued_ms', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('started_at', 'varchar(40)')
      .addColumn('finished_at', 'varchar(40)')
      .execute();
    await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_after']).execute();
    await db.schema.createIndex('jobs_tenant').on('jobs').columns(['tenant_id', 'kind']).execute();
  },
};

interface JobRow {
  id: string;
  tenant_id: string;
  kind: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number | null;
  run_after: string;
  retry_at: number | string | null;
  lease_owner: string | null;
  lease_until: number | string | null;
  cancel_requested: number;
  progress: string | null;
  result: string | null;
  error: string | null;
  enqueued_ms: number | string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
const json = (v: unknown): string => JSON.stringify(v === undefined ? null : v);

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    kind: r.kind,
    payload: parse(r.payload),
    status: r.status,
    attempts: Number(r.attempts),
    maxAttempts: r.max_attempts === null ? null : Number(r.max_attempts),
    runAfter: r.run_after,
    progress: parse(r.progress),
    result: parse(r.result),
    error: parse(r.error) as JobError | null,
    cancelRequested: Number(r.cancel_requested) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** An instant as the run_after column holds it: UTC, whole seconds, rounded up (a job never runs early). */
function secondsUp(i: Temporal.Instant): string {
  const ms = i.epochMilliseconds;
  const up = Math.ceil(ms / 1000) * 1000;
  return new Date(up).toISOString().slice(0, 19) + 'Z';
}

function runAfterOf(ctx: Ctx, v: Temporal.Instant | string | undefined): string {
  // "now" is due at once: its second, rounded down
  if (v === undefined) return new Date(ctx.now().epochMilliseconds).toISOString().slice(0, 19) + 'Z';
  if (typeof v !== 'string') return secondsUp(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return secondsUp(Temporal.PlainDate.from(v).toZonedDateTime({ timeZone: ctx.tenant.timezone }).toInstant());
  return secondsUp(Temporal.Instant.from(v));
}

/**
 * Adds a job for the ctx's tenant. Call it inside the write that makes the job
 * (`inTransaction`): a rollback takes the job away with the write.
 */
export async function enqueueJob<P>(ctx: Ctx, kind: string, payload: P, opts: EnqueueOptions = {}): Promise<Job<P>> {
  if (opts.maxAttempts !== undefined && (!Number.isInteger(opts.maxAttempts) || opts.maxAttempts < 1)) throw new Error(`enqueueJob: maxAttempts must be a positive integer, got ${opts.maxAttempts}`);
  const at = ctx.now().toString();
  const row: JobRow = {
    id: opts.id ?? newId(),
    tenant_id: ctx.tenant.id,
    kind,
    payload: json(payload),
    status: 'Pending',
    attempts: 0,
    max_attempts: opts.maxAttempts ?? null,
    run_after: runAfterOf(ctx, opts.runAfter),
    retry_at: null,
    lease_owner: null,
    lease_until: null,
    cancel_requested: 0,
    progress: null,
    result: null,
    error: null,
    enqueued_ms: Date.now(),
    created_at: at,
    updated_at: at,
    started_at: null,
    finished_at: null,
  };
  await ctx.db.insertInto('jobs').values(row).execute();
  return toJob(row) as Job<P>;
}

/** The ctx tenant's job, or undefined (another tenant's job is not found either). */
export async function getJob<P = unknown>(ctx: Ctx, id: string): Promise<Job<P> | undefined> {
  const r = await ctx.db.selectFrom('jobs').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return r ? (toJob(r as JobRow) as Job<P>) : undefined;
}

/**
 * Cancels a job: a Pending job becomes Canceled and never runs; a Running job
 * is asked to stop (`cancelRequested`; its handler decides); a finished job is
 * left as it is. Answers the job as it is afterwards, or undefined when the
 * tenant has no such job.
 */
export async function cancelJob(ctx: Ctx, id: string): Promise<Job | undefined> {
  const at = ctx.now().toString();
  await ctx.db.updateTable('jobs').set({ status: 'Canceled', updated_at: at, finished_at: at, retry_at: null }).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).where('status', '=', 'Pending').execute();
  await ctx.db.updateTable('jobs').set({ cancel_requested: 1, updated_at: at }).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).where('status', '=', 'Running').execute();
  return getJob(ctx, id);
}

function errorJson(e: unknown): JobError {
  if (e instanceof ZuoraError) return { message: e.message, code: e.code, reasons: e.reasons.map((r) => ({ code: r.code, message: r.message })) };
  if (e instanceof Error) return { message: e.message || e.name };
  return { message: String(e) };
}

function spec(h: JobHandler): JobHandlerSpec {
  return typeof h === 'function' ? { run: h } : h;
}

class LeaseLost extends Error {}

export interface JobRunnerOptions {
  /** Lease of a claimed job (real time, ms); renewed while the job runs. */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs (ms). */
  pollMs?: number;
  /** Jobs one process runs at the same time. */
  concurrency?: number;
  /** On close, how long to wait for running jobs before releasing their leases (ms). */
  shutdownGraceMs?: number;
  /** The lease owner written on claimed rows (default this process's identity). */
  owner?: string;
  /** The app's configuration, handed to each job (JobRun.config). */
  config?: Readonly<Config>;
}

export interface RunDueOptions {
  /** Only this tenant's jobs. */
  tenantId?: string;
  /** Due as of this tenant-clock instant instead of each tenant's clock (needs tenantId). */
  at?: Temporal.Instant;
  /** Stop after this many jobs (default: until none is due). */
  limit?: number;
}

/**
 * Claims and runs jobs of the kinds its modules handle. One per app; its
 * background worker runs when `start()` is called (buildApp does so when
 * the config says so), and `runDue()` runs what is due now, deterministically.
 */
export class JobRunner {
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly concurrency: number;
  readonly shutdownGraceMs: number;
  readonly owner: string;
  private readonly config: Readonly<Config> | undefined;
  private readonly handlers = new Map<string, JobHandlerSpec>();
  private readonly running = new Map<string, Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();
  private loops: Promise<void>[] = [];
  private stopped = false;
  private wake: (() => void)[] = [];

  constructor(
    private readonly database: Database,
    modules: ZModule[],
    opts: JobRunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 1_000;
    this.concurrency = opts.concurrency ?? 2;
    this.shutdownGraceMs = opts.shutdownGraceMs ?? 10_000;
    this.owner = opts.owner ?? PROCESS_IDENTITY;
    this.config = opts.config;
    for (const m of modules)
      for (const [kind, h] of Object.entries(m.jobs ?? {})) {
        if (this.handlers.has(kind)) throw new Error(`job kind '${kind}' is declared by two modules`);
        this.handlers.set(kind, spec(h));
      }
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Kinds whose handler runs in the job's transaction (the only ones the clock's transaction can hold). */
  private get transactionalKinds(): string[] {
    return [...this.handlers].filter(([, h]) => h.transactional !== false).map(([k]) => k);
  }

  /** Whether the background worker runs. */
  get active(): boolean {
    return this.loops.length > 0 && !this.stopped;
  }

  private get db(): Db {
    return this.database.db;
  }

  /** Starts the background worker: `concurrency` loops that claim due jobs, and sleep `pollMs` when none is. */
  start(): void {
    if (this.loops.length || this.stopped || !this.handlers.size) return;
    for (let i = 0; i < this.concurrency; i++) this.loops.push(this.loop());
  }

  /** Wakes idle worker loops (after enqueuing work that is due now). */
  kick(): void {
    const w = this.wake.splice(0);
    for (const f of w) f();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let ran = false;
      try {
        ran = await this.runOne({});
      } catch {
        // a claim that failed (database busy or gone): try again after the pause
      }
      if (ran || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, this.pollMs);
        this.timers.add(t);
        this.wake.push(() => {
          clearTimeout(t);
          this.timers.delete(t);
          resolve();
        });
      });
    }
  }

  /**
   * Stops the worker: no new claims; waits up to `shutdownGraceMs` for the jobs
   * this process runs, then releases the leases of those still running so that
   * another process takes them at once.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.kick();
    const pending = [...this.running.values()];
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.shutdownGraceMs)));
    const outcome = await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'late' && this.running.size) {
      await this.db
        .updateTable('jobs')
        .set({ lease_until: 0 })
        .where('id', 'in', [...this.running.keys()])
        .where('status', '=', 'Running')
        .where('lease_owner', '=', this.owner)
        .execute()
        .catch(() => undefined);
    }
    // The loops end at their next turn; one stuck on a database that went away must not hold the close.
    if (outcome === 'done') {
      let t: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(this.loops), new Promise<void>((r) => (t = setTimeout(r, Math.min(1000, this.shutdownGraceMs))))]);
      clearTimeout(t);
    }
  }

  /** Runs jobs that are due now until none is (or `limit` ran); answers how many ran. */
  async runDue(opts: RunDueOptions = {}): Promise<number> {
    let n = 0;
    while (opts.limit === undefined || n < opts.limit) {
      if (!(await this.runOne(opts))) break;
      n++;
    }
    return n;
  }

  /**
   * Runs one job now if it is due and free (a route that enqueued it calls this
   * after its write), and waits at most `waitMs` for it to finish, here or in
   * another process. Answers whether it finished within the wait. Without a
   * running worker (ZBILL_JOB_WORKER=off) it does nothing: the job waits for one.
   */
  async settle(tenantId: string, id: string, waitMs: number): Promise<boolean> {
    if (!this.active) return false;
    const deadline = Date.now() + waitMs;
    const here = this.running.get(id) ?? (await this.claimAndRun({ tenantId, id }))?.done;
    if (here) {
      const late = await Promise.race([here.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), Math.max(0, deadline - Date.now())).unref())]);
      return !late;
    }
    for (;;) {
      const r = await this.db.selectFrom('jobs').select('status').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!r || !['Pending', 'Running'].includes(r.status as string)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((res) => setTimeout(res, Math.min(25, Math.max(1, deadline - Date.now()))));
    }
  }

  /**
   * Runs the jobs of one tenant due by `at` inside `trx` (the tenant clock's
   * transaction), each in a savepoint: a failing job is recorded Failed (or for
   * retry) and the others go on. Jobs another process is running are left to it,
   * and so are jobs whose handler runs its own transactions (`transactional:
   * false`): the clock runs those after its transaction (`runDue`).
   */
  async runDueInTransaction(trx: Db, tenantId: string, at: Temporal.Instant): Promise<number> {
    let n = 0;
    const kinds = this.transactionalKinds;
    if (!kinds.length) return 0;
    for (;;) {
      const row = await this.claim(trx, { tenantId, at, kinds });
      if (!row) return n;
      await this.execute(row, trx, at);
      n++;
    }
  }

  private async runOne(opts: RunDueOptions & { id?: string }): Promise<boolean> {
    const claimed = await this.claimAndRun(opts);
    if (!claimed) return false;
    await claimed.done;
    return true;
  }

  /** Claims a due job and starts it; `done` settles when it has run (a promise in a box: an async function would flatten it). */
  private async claimAndRun(opts: RunDueOptions & { id?: string }): Promise<{ done: Promise<void> } | undefined> {
    if (!this.handlers.size) return undefined;
    const row = this.database.dialect === 'postgres' ? await this.db.transaction().execute((trx) => this.claim(trx, opts)) : await this.claim(this.db, opts);
    if (!row) return undefined;
    const p = this.execute(row, undefined, undefined).finally(() => this.running.delete(row.id));
    this.running.set(row.id, p);
    return { done: p };
  }

  /** Picks the first due job and marks it Running for this owner; undefined when none is due (or another took it). */
  private async claim(db: Db, opts: RunDueOptions & { id?: string; kinds?: string[] }): Promise<JobRow | undefined> {
    const now = Date.now();
    const nowIso = new Date(now).toISOString();
    const at = opts.at ? secondsUp(opts.at) : undefined;
    for (let tries = 0; tries < 5; tries++) {
      let q = db
        .selectFrom('jobs as j')
        .innerJoin('tenants as t', 't.id', 'j.tenant_id')
        .selectAll('j')
        .select('t.clock as tenant_clock')
        .where('j.kind', 'in', opts.kinds ?? this.kinds)
        .where((eb) =>
          eb.or([
            eb.and([
              eb('j.status', '=', 'Pending'),
              at !== undefined
                ? eb(sql`substr(j.run_after, 1, 19)`, '<=', sql`substr(${at}, 1, 19)`)
                : eb(sql`substr(j.run_after, 1, 19)`, '<=', sql`substr(coalesce(t.clock, ${nowIso}), 1, 19)`),
              eb.or([eb('j.retry_at', 'is', null), eb('j.retry_at', '<=', now)]),
            ]),
            eb.and([eb('j.status', '=', 'Running'), eb('j.lease_until', '<', now)]),
          ]),
        )
        .orderBy('j.run_after')
        .orderBy('j.enqueued_ms')
        .orderBy('j.id')
        .limit(1);
      if (opts.tenantId) q = q.where('j.tenant_id', '=', opts.tenantId);
      if (opts.id) q = q.where('j.id', '=', opts.id);
      if (this.database.dialect === 'postgres') q = q.forUpdate('j').skipLocked();
      const found = (await q.executeTakeFirst()) as (JobRow & { tenant_clock: string | null }) | undefined;
      if (!found) return undefined;
      const { tenant_clock: clock, ...row } = found;
      const max = row.max_attempts ?? this.handlers.get(row.kind)!.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const stamp = opts.at ? opts.at.toString() : (clock ?? Temporal.Now.instant().toString());
      let u = db.updateTable('jobs').where('id', '=', row.id).where('status', '=', row.status);
      u = row.status === 'Running' ? u.where('lease_until', '=', row.lease_until) : u;
      if (row.status === 'Running' && Number(row.attempts) >= max) {
        // Its process died (the lease ran out) on the last attempt allowed.
        await u
          .set({ status: 'Failed', lease_owner: null, lease_until: null, updated_at: stamp, finished_at: stamp, error: json({ message: `The job's process stopped while running it (attempt ${row.attempts} of ${max}); no attempt is left` }) })
          .execute();
        continue;
      }
      const leaseUntil = now + this.leaseMs;
      const r = await u
        .set({ status: 'Running', lease_owner: this.owner, lease_until: leaseUntil, attempts: Number(row.attempts) + 1, retry_at: null, started_at: row.started_at ?? stamp, updated_at: stamp })
        .executeTakeFirst();
      if (Number(r.numUpdatedRows ?? 0) !== 1) continue; // another process took it between the read and the write
      return { ...row, status: 'Running', lease_owner: this.owner, lease_until: leaseUntil, attempts: Number(row.attempts) + 1 };
    }
    return undefined;
  }

  /**
   * Runs a claimed job. Without `trx` (the worker): in its own transaction, with
   * the lease renewed on a timer. With `trx` (the tenant clock): inside it, in
   * a savepoint, the tenant clock reading `at`.
   */
  private async execute(row: JobRow, trx: Db | undefined, at: Temporal.Instant | undefined): Promise<void> {
    const handler = this.handlers.get(row.kind)!;
    const base = trx ?? this.db;
    const tenantRow = await base.selectFrom('tenants').selectAll().where('id', '=', row.tenant_id).executeTakeFirst();
    if (!tenantRow) return; // the tenant was deleted (its jobs with it)
    const tenant = toSettings(tenantRow);
    if (at) tenant.clock = at.toString();
    const ctx = makeCtx(tenant, base);
    const stamp = () => tenantNow(tenant).toString();
    const owned = (db: Db) => db.updateTable('jobs').where('id', '=', row.id).where('status', '=', 'Running').where('lease_owner', '=', this.owner);
    let latest: string | null = row.progress;
    // Progress and the cancel flag go through the job's own transaction where
    // another connection would wait for it (SQLite has one; the clock's
    // transaction holds the job row); on PostgreSQL the worker writes them at once.
    let current: Db = base;
    const side = () => (trx || this.database.dialect === 'sqlite' ? current : this.db);
    const run: JobRun = {
      id: row.id,
      kind: row.kind,
      attempt: Number(row.attempts),
      progress: async (value) => {
        latest = json(value);
        const write = owned(side()).set({ progress: latest }).execute();
        // SQLite, a handler that runs its own transactions: the write waits for the
        // one connection, so it is not awaited (the final value is kept at the end anyway).
        if (!trx && !transactional && this.database.dialect === 'sqlite') void write.catch(() => undefined);
        else await write;
      },
      cancelRequested: async () => {
        const r = await side().selectFrom('jobs').select('cancel_requested').where('id', '=', row.id).executeTakeFirst();
        return Number(r?.cancel_requested ?? 0) === 1;
      },
      config: this.config,
    };
    const complete = async (db: Db, result: unknown) => {
      const t = stamp();
      const r = await owned(db).set({ status: 'Completed', result: json(result), progress: latest, lease_owner: null, lease_until: null, updated_at: t, finished_at: t }).executeTakeFirst();
      if (Number(r.numUpdatedRows ?? 0) !== 1) throw new LeaseLost();
    };

    const transactional = handler.transactional !== false;
    let heartbeat: NodeJS.Timeout | undefined;
    // On SQLite a transactional job holds the one connection: nothing else can claim meanwhile.
    if (!trx && (this.database.dialect === 'postgres' || !transactional)) {
      heartbeat = setInterval(() => {
        void owned(this.db).set({ lease_until: Date.now() + this.leaseMs }).execute().catch(() => undefined);
      }, Math.max(10, Math.floor(this.leaseMs / 3)));
      heartbeat.unref();
    }
    try {
      if (trx) {
        await sql`savepoint zbill_job`.execute(trx);
        try {
          const result = await handler.run(ctx, parse(row.payload), run);
          await complete(trx, result);
          await sql`release savepoint zbill_job`.execute(trx);
        } catch (e) {
          await sql`rollback to savepoint zbill_job`.execute(trx);
          await sql`release savepoint zbill_job`.execute(trx);
          throw e;
        }
      } else if (transactional) {
        await this.db.transaction().execute(async (t) => {
          current = t;
          const result = await handler.run({ ...ctx, db: t }, parse(row.payload), run);
          await complete(t, result);
        });
      } else {
        const result = await handler.run(ctx, parse(row.payload), run);
        await inTransaction(ctx, (c) => complete(c.db, result));
      }
    } catch (e) {
      if (e instanceof LeaseLost) return; // another process holds the job now; what this run did was rolled back
      await this.fail(base, row, handler, e, stamp(), latest).catch(() => undefined);
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
  }

  private async fail(db: Db, row: JobRow, handler: JobHandlerSpec, e: unknown, at: string, progress: string | null): Promise<void> {
    const owned = db.updateTable('jobs').where('id', '=', row.id).where('status', '=', 'Running').where('lease_owner', '=', this.owner);
    const error = json(errorJson(e));
    if (e instanceof JobCanceled) {
      await owned.set({ status: 'Canceled', error, progress, lease_owner: null, lease_until: null, updated_at: at, finished_at: at }).execute();
      return;
    }
    const max = row.max_attempts ?? handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const retryable = handler.retry ? handler.retry(e) : !(e instanceof ZuoraError);
    const attempt = Number(row.attempts);
    if (retryable && attempt < max) {
      const b = handler.backoffMs;
      const wait = typeof b === 'function' ? b(attempt) : (b ?? Math.min(60_000, 1000 * 2 ** (attempt - 1)));
      await owned.set({ status: 'Pending', error, progress, retry_at: Date.now() + wait, lease_owner: null, lease_until: null, updated_at: at }).execute();
      return;
    }
    await owned.set({ status: 'Failed', error, progress, lease_owner: null, lease_until: null, updated_at: at, finished_at: at }).execute();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's job runner (src/platform/jobs.ts). */
    jobs: JobRunner;
  }
}

/** Runs everything due now (tests drive jobs with it): on an app or a runner, optionally for one tenant. */
export function runDueJobs(target: FastifyInstance | JobRunner | { jobs: JobRunner }, opts: RunDueOptions = {}): Promise<number> {
  const runner = target instanceof JobRunner ? target : target.jobs;
  return runner.runDue(opts);
}
