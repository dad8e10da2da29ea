import { timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx, TenantSettings } from '../context.js';
import { inTransaction, tenantNow } from '../context.js';
import { customFieldAdmin } from '../custom-fields.js';
import { authFailed, notImplemented } from '../errors.js';
import type { Tenants } from '../tenants.js';
import type { Coverage } from './operations.js';

function checkAdmin(req: FastifyRequest, adminKey: string): void {
  const header = req.headers['x-zbill-admin-key'];
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  const given = (Array.isArray(header) ? header[0] : header) ?? bearer ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(adminKey);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw authFailed('Admin API: missing or wrong admin key (X-Zbill-Admin-Key)');
}

function view(t: TenantSettings) {
  const now = tenantNow(t);
  return {
    id: t.id,
    name: t.name,
    tenantNumber: t.tenantNumber,
    entityId: t.entityId,
    settings: { defaultApiVersion: t.defaultApiVersion, timezone: t.timezone, currency: t.currency, rateLimit: t.rateLimit, defaultInvoiceTemplateId: t.defaultInvoiceTemplateId ?? null },
    clock: { now: now.toString(), today: now.toZonedDateTimeISO(t.timezone).toPlainDate().toString(), frozen: t.clock !== null },
  };
}

const Id = Type.Object({ id: Type.String() });
const IdName = Type.Object({ id: Type.String(), name: Type.String() });
const IdObject = Type.Object({ id: Type.String(), object: Type.String() });
const Settings = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    defaultApiVersion: Type.Optional(Type.String()),
    timezone: Type.Optional(Type.String()),
    currency: Type.Optional(Type.String()),
    rateLimit: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    defaultInvoiceTemplateId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/**
 * Admin reads a business module contributes when it joins the app (its join() adds one here):
 * GET /admin/tenants/{id}/{path}, answered by `read` with the tenant's context and the query string.
 * The platform only routes them; what they show is the module's.
 */
export interface AdminTenantRead {
  path: string;
  read(ctx: Ctx, query: Record<string, string | undefined>): Promise<unknown>;
}
export const adminTenantReads: AdminTenantRead[] = [];

/**
 * Admin writes a business module contributes when it joins the app (the tenant configuration Zuora keeps
 * in its UI, such as hosted pages): `method` /admin/tenants/{id}/{path} (`path` may name more `:params`),
 * answered by `write` in one transaction of the tenant; `status` defaults to 200.
 */
export interface AdminTenantWrite {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  write(ctx: Ctx, body: unknown, params: Record<string, string>): Promise<{ status?: number; body?: unknown }>;
}
export const adminTenantWrites: AdminTenantWrite[] = [];

/** zbill's own admin API (not Zuora's): tenants, settings, the tenant clock, coverage. */
export function registerAdmin(app: FastifyInstance, tenants: Tenants, adminKey: string, coverage: () => Coverage): void {
  const config = { public: true };
  app.register(
    async (admin) => {
      admin.addHook('onRequest', async (req) => checkAdmin(req, adminKey));
      admin.get('/coverage', { config, schema: { hide: true } }, async () => coverage());
      admin.get('/tenants', { config, schema: { hide: true } }, async () => ({ tenants: (await tenants.list()).map(view) }));
      admin.post(
        '/tenants',
        {
          config,
          schema: {
            hide: true,
            // one object schema: an intersection with Settings (no additional properties) refused every field outside Settings
            body: Type.Optional(
              Type.Object(
                { ...Settings.properties, clientId: Type.Optional(Type.String()), clientSecret: Type.Optional(Type.String()), clock: Type.Optional(Type.String()) },
                { additionalProperties: false },
              ),
            ),
          },
        },
        async (req, reply) => {
          const body = (req.body ?? {}) as Parameters<Tenants['create']>[0];
          const { tenant, client } = await tenants.create(body);
          return reply.code(201).send({ tenant: view(tenant), client });
        },
      );
      admin.get('/tenants/:id', { config, schema: { hide: true, params: Id } }, async (req) => {
        const { id } = req.params as { id: string };
        return { ...view(await tenants.get(id)), clients: (await tenants.clients(id)).map((c) => ({ clientId: c.clientId })) };
      });
      admin.delete('/tenants/:id', { config, schema: { hide: true, params: Id } }, async (req, reply) => {
        await tenants.delete((req.params as { id: string }).id);
        return reply.code(204).send();
      });
      admin.post('/tenants/:id/reset', { config, schema: { hide: true, params: Id } }, async (req) => {
        const id = (req.params as { id: string }).id;
        await tenants.reset(id);
        return view(await tenants.get(id));
      });
      admin.get('/tenants/:id/settings', { config, schema: { hide: true, params: Id } }, async (req) => view(await tenants.get((req.params as { id: string }).id)).settings);
      admin.patch('/tenants/:id/settings', { config, schema: { hide: true, params: Id, body: Settings } }, async (req) => {
        const t = await tenants.updateSettings((req.params as { id: string }).id, req.body as Parameters<Tenants['updateSettings']>[1]);
        return view(t).settings;
      });
      admin.get('/tenants/:id/clock', { config, schema: { hide: true, params: Id } }, async (req) => view(await tenants.get((req.params as { id: string }).id)).clock);
      admin.put(
        '/tenants/:id/clock',
        { config, schema: { hide: true, params: Id, body: Type.Object({ date: Type.Optional(Type.String()), now: Type.Optional(Type.String()) }, { additionalProperties: false }) } },
        async (req) => {
          const r = await tenants.setClock((req.params as { id: string }).id, req.body as { date?: string; now?: string });
          return { ...view(r.tenant).clock, daysRun: r.ranDays };
        },
      );
      // Unfreezes the clock (it follows real time again); only while the tenant holds no business data.
      admin.delete('/tenants/:id/clock', { config, schema: { hide: true, params: Id } }, async (req) => view(await tenants.unfreezeClock((req.params as { id: string }).id)).clock);
      admin.get('/tenants/:id/snapshots', { config, schema: { hide: true, params: Id } }, async (req) => ({
        snapshots: await tenants.listSnapshots((req.params as { id: string }).id),
      }));
      admin.post(
        '/tenants/:id/snapshots',
        { config, schema: { hide: true, params: Id, body: Type.Object({ name: Type.String() }, { additionalProperties: false }) } },
        async (req, reply) => reply.code(201).send(await tenants.saveSnapshot((req.params as { id: string }).id, (req.body as { name: string }).name)),
      );
      admin.post('/tenants/:id/snapshots/:name/restore', { config, schema: { hide: true, params: IdName } }, async (req) => {
        const { id, name } = req.params as { id: string; name: string };
        return view(await tenants.restoreSnapshot(id, name));
      });
      admin.delete('/tenants/:id/snapshots/:name', { config, schema: { hide: true, params: IdName } }, async (req, reply) => {
        const { id, name } = req.params as { id: string; name: string };
        await tenants.deleteSnapshot(id, name);
        return reply.code(204).send();
      });
      for (const r of adminTenantReads)
        admin.get(`/tenants/:id/${r.path}`, { config, schema: { hide: true, params: Id } }, async (req) =>
          r.read(await tenants.context((req.params as { id: string }).id), req.query as Record<string, string | undefined>),
        );
      for (const w of adminTenantWrites) {
        const names = ['id', ...[...w.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!)];
        const params = Type.Object(Object.fromEntries(names.map((n) => [n, Type.String()])));
        admin.route({ method: w.method, url: `/tenants/:id/${w.path}`, config, schema: { hide: true, params }, handler: async (req, reply) => {
          const p = req.params as Record<string, string>;
          const r = await inTransaction(await tenants.context(p.id!), (ctx) => w.write(ctx, req.body, p));
          return reply.code(r.status ?? 200).send(r.body);
        } });
      }
      // Custom field definitions of the standard objects (the same shape as the Settings API's
      // PUT /settings/custom-fields/zuora/{object}: { properties, required?, filterable? }).
      const fields = () => customFieldAdmin() ?? (() => { throw notImplemented('custom field definitions (no module holds them)'); })();
      admin.get('/tenants/:id/custom-fields', { config, schema: { hide: true, params: Id } }, async (req) =>
        fields().list(await tenants.context((req.params as { id: string }).id)),
      );
      admin.get('/tenants/:id/custom-fields/:object', { config, schema: { hide: true, params: IdObject } }, async (req) => {
        const { id, object } = req.params as { id: string; object: string };
        return fields().get(await tenants.context(id), object);
      });
      admin.put('/tenants/:id/custom-fields/:object', { config, schema: { hide: true, params: IdObject } }, async (req) => {
        const { id, object } = req.params as { id: string; object: string };
        return inTransaction(await tenants.context(id), (ctx) => fields().put(ctx, object, req.body));
      });
      admin.delete('/tenants/:id/custom-fields/:object', { config, schema: { hide: true, params: IdObject } }, async (req, reply) => {
        const { id, object } = req.params as { id: string; object: string };
        await inTransaction(await tenants.context(id), (ctx) => fields().remove(ctx, object));
        return reply.code(204).send();
      });
      admin.post(
        '/tenants/:id/clock/advance',
        {
          config,
          schema: {
            hide: true,
            params: Id,
            body: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 0 })), months: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
          },
        },
        async (req) => {
          const r = await tenants.advanceClock((req.params as { id: string }).id, req.body as { days?: number; months?: number });
          return { ...view(r.tenant).clock, daysRun: r.ranDays };
        },
      );
    },
    { prefix: '/admin' },
  );
}
