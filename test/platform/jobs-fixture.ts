/**
 * Job kinds used only by the job tests (jobs.test.ts and its child processes):
 * each writes a row of the widgets fixture table, so that a test can count how
 * often a job's work landed, and in which process.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../src/platform/context.js';
import { invalidValue } from '../../src/platform/errors.js';
import { newId } from '../../src/platform/ids.js';
import type { JobRun } from '../../src/platform/jobs.js';
import type { ZModule } from '../../src/platform/module.js';
import { modulesWithWidgets } from './fixture-module.js';

interface Tables {
  test_widgets: { id: string; tenant_id: string; number: string; name: string; custom_fields: string; created_on: string };
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export const writeWidget = (ctx: Ctx, name: string) =>
  q(ctx).insertInto('test_widgets').values({ id: newId(), tenant_id: ctx.tenant.id, number: 'J', name, custom_fields: '{}', created_on: ctx.today().toString() }).execute();

export interface WidgetPayload {
  name: string;
  /** Attempts that throw a plain Error before one succeeds. */
  failTimes?: number;
  /** Throw a ZuoraError (a business refusal) after writing. */
  refuse?: boolean;
}

export const jobsTestModule: ZModule = {
  name: 'test-jobs',
  jobs: {
    'test.widget': {
      maxAttempts: 3,
      backoffMs: 0,
      async run(ctx: Ctx, p: WidgetPayload, job: JobRun) {
        await writeWidget(ctx, `${p.name}#${job.attempt}`);
        if (p.refuse) throw invalidValue(`the widget '${p.name}' is refused`);
        if (job.attempt <= (p.failTimes ?? 0)) throw new Error(`boom on attempt ${job.attempt}`);
        return { name: p.name, today: ctx.today().toString(), attempt: job.attempt };
      },
    },
    'test.progress': async (_ctx: Ctx, _p: unknown, job: JobRun) => {
      await job.progress({ done: 1, of: 2 });
      await job.progress({ done: 2, of: 2 });
      return { ok: true };
    },
    'test.count': async (ctx: Ctx, _p: unknown, job: JobRun) => {
      await writeWidget(ctx, `count:${job.id}:${process.pid}`);
      await new Promise((r) => setTimeout(r, 2));
      return { pid: process.pid };
    },
    // In the child process (ZBILL_JOBS_CHILD=1) the work is written and then never finishes.
    'test.hang': {
      maxAttempts: 3,
      async run(ctx: Ctx, _p: unknown, job: JobRun) {
        await writeWidget(ctx, `hang:${job.id}:${process.pid}`);
        if (process.env.ZBILL_JOBS_CHILD === '1') {
          process.stdout.write(`RUNNING ${job.id}\n`);
          await new Promise(() => undefined);
        }
        return { pid: process.pid };
      },
    },
  },
};

export const modulesWithJobs = [...modulesWithWidgets, jobsTestModule];
