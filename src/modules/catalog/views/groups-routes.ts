import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../../platform/context.js';
import { pageRequest, pageResult } from '../../../platform/pagination.js';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup, type CreateGroupInput, type UpdateGroupInput } from './groups.js';

const TAGS = ['Catalog Groups'];
const PlanItem = Type.Object({ id: Type.Optional(Type.String()), grade: Type.Optional(Type.Unknown()) });
const Key = Type.Object({ key: Type.String() });

/** Registers the groups view of the catalog: /v1/catalog-groups. */
export function registerGroupsRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/v1/catalog-groups',
    {
      config: { operationId: 'POST_CreateCatalogGroup' },
      schema: {
        operationId: 'POST_CreateCatalogGroup',
        tags: TAGS,
        body: Type.Object({
          name: Type.Optional(Type.String()),
          description: Type.Optional(Type.Union([Type.Null(), Type.String()])),
          type: Type.Optional(Type.Union([Type.Literal('Grading'), Type.Literal('Display')])),
          productRatePlans: Type.Optional(Type.Array(PlanItem)),
        }),
      },
    },
    async (req) => inTransaction(req.ctx, (ctx) => createGroup(ctx, req.body as CreateGroupInput)),
  );

  r.get(
    '/v1/catalog-groups',
    {
      config: { operationId: 'GET_ListAllCatalogGroups' },
      schema: {
        operationId: 'GET_ListAllCatalogGroups',
        tags: TAGS,
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (req) => {
      const p = pageRequest(req.query);
      const rows = await listGroups(req.ctx, p);
      const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
      return { catalogGroups: items, ...(nextPage ? { nextPage } : {}) };
    },
  );

  r.get(
    '/v1/catalog-groups/:key',
    { config: { operationId: 'GET_RetrieveCatalogGroup' },
      schema: { operationId: 'GET_RetrieveCatalogGroup', tags: TAGS, params: Key } },
    async (req) => getGroup(req.ctx, req.params.key),
  );

  r.put(
    '/v1/catalog-groups/:key',
    {
      config: { operationId: 'PUT_UpdateCatalogGroup' },
      schema: {
        operationId: 'PUT_UpdateCatalogGroup',
        tags: TAGS,
        params: Key,
        body: Type.Object({
          name: Type.Optional(Type.String()),
          description: Type.Optional(Type.Union([Type.Null(), Type.String()])),
          type: Type.Optional(Type.String()),
          add: Type.Optional(Type.Array(PlanItem)),
          remove: Type.Optional(Type.Array(Type.Object({ id: Type.Optional(Type.String()) }))),
        }),
      },
    },
    async (req) => inTransaction(req.ctx, (ctx) => updateGroup(ctx, req.params.key, req.body as UpdateGroupInput)),
  );

  r.delete(
    '/v1/catalog-groups/:key',
    { config: { operationId: 'DELETE_CatalogGroup' },
      schema: { operationId: 'DELETE_CatalogGroup', tags: TAGS, params: Key } },
    async (req) => {
      await inTransaction(req.ctx, (ctx) => deleteGroup(ctx, req.params.key));
      return { success: true };
    },
  );
}
