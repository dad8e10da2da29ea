import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { inTransaction, type Ctx } from '../../src/platform/context.js';
import { nextCounter } from '../../src/platform/counters.js';
import { invalidValue } from '../../src/platform/errors.js';
import { formatNumber, newId } from '../../src/platform/ids.js';
import type { ZModule } from '../../src/platform/module.js';
import { pageRequest, pageResult, PageQuery } from '../../src/platform/pagination.js';
import { pickCustomFields, parseCustomFields } from '../../src/platform/custom-fields.js';
import { MODULES } from '../../src/modules/index.js';

/**
 * A tiny module used only by platform tests: "widgets" with a number, paging,
 * custom fields and a write that can fail half-way, to prove the mechanisms
 * (transactions, idempotency, due work) independently of business modules.
 */
interface Tables {
  test_widgets: { id: string; tenant_id: string; number: string; name: string; custom_fields: string; created_on: string };
  test_due_log: { tenant_id: string; day: string };
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export const widgetsModule: ZModule = {
  name: 'test-widgets',
  migrations: {
    '9000_test_widgets': {
      async up(db) {
        await db.schema
          .createTable('test_widgets')
          .ifNotExists()
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('number', 'varchar(20)', (c) => c.notNull())
          .addColumn('name', 'varchar(100)', (c) => c.notNull())
          .addColumn('custom_fields', 'text', (c) => c.notNull())
          .addColumn('created_on', 'varchar(10)', (c) => c.notNull())
          .execute();
        await db.schema.createTable('test_due_log').ifNotExists().addColumn('tenant_id', 'varchar(32)').addColumn('day', 'varchar(10)').execute();
      },
    },
  },
  tenantTables: ['test_widgets', 'test_due_log'],
  dueWork: [
    {
      name: 'log-day',
      async run(ctx, date) {
        await q(ctx).insertInto('test_due_log').values({ tenant_id: ctx.tenant.id, day: date.toString() }).execute();
        // Only the tenant a test names for it refuses a day, so other tests' clocks are free.
        if (ctx.tenant.name === 'refuses-2031-01-01' && date.toString() === '2031-01-01') throw invalidValue('due work refuses 2031-01-01');
      },
    },
  ],
  routes(app: FastifyInstance) {
    app.post('/v1/test-widgets', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), failAfterInsert: Type.Optional(Type.Boolean()) }) } }, async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        const body = req.body as { name: string; failAfterInsert?: boolean };
        const number = formatNumber('W', await nextCounter(ctx, 'widget'));
        const id = newId();
        await q(ctx)
          .insertInto('test_widgets')
          .values({ id, tenant_id: ctx.tenant.id, number, name: body.name, custom_fields: JSON.stringify(pickCustomFields(req.body as Record<string, unknown>)), created_on: ctx.today().toString() })
          .execute();
        if (body.failAfterInsert) throw invalidValue(`'failAfterInsert' asked this write to fail`);
        return { success: true, id, number };
      }),
    );
    app.get('/v1/test-widgets', { schema: { querystring: Type.Object(PageQuery) } }, async (req) => {
      const p = pageRequest(req.query as { page?: number; pageSize?: number });
      const rows = await q(req.ctx).selectFrom('test_widgets').selectAll().where('tenant_id', '=', req.ctx.tenant.id).orderBy('number').limit(p.pageSize + 1).offset(p.offset).execute();
      const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
      return { widgets: items.map((r) => ({ id: r.id, number: r.number, name: r.name, createdOn: r.created_on, ...parseCustomFields(r.custom_fields) })), ...(nextPage ? { nextPage } : {}), success: true };
    });
    app.get('/v1/test-widgets/:id', async (req) => {
      const r = await q(req.ctx).selectFrom('test_widgets').selectAll().where('tenant_id', '=', req.ctx.tenant.id).where('id', '=', (req.params as { id: string }).id).executeTakeFirst();
      if (!r) throw (await import('../../src/platform/errors.js')).notFound(`No widget ${(req.params as { id: string }).id}`);
      return { success: true, id: r.id, number: r.number, name: r.name, ...parseCustomFields(r.custom_fields) };
    });
    app.get('/v1/test-due-log', async (req) => ({
      days: (await q(req.ctx).selectFrom('test_due_log').select('day').where('tenant_id', '=', req.ctx.tenant.id).orderBy('day').execute()).map((r) => r.day),
    }));
    app.post('/v1/test-slow', async (req) => {
      await new Promise((r) => setTimeout(r, 150));
      return { success: true, at: Date.now() };
    });
  },
};

export const modulesWithWidgets = [...MODULES, widgetsModule];
