import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { pageRequest, pageResult, PageQuery } from '../../platform/pagination.js';
import * as service from './service.js';

const TAG = 'Sequence Sets';

const Numbering = Type.Object({
  prefix: Type.Optional(Type.String()),
  startNumber: Type.Optional(Type.Integer()),
});

const SetBody = Type.Object({
  name: Type.Optional(Type.String()),
  invoice: Type.Optional(Numbering),
  creditMemo: Type.Optional(Numbering),
  debitMemo: Type.Optional(Numbering),
  payment: Type.Optional(Numbering),
  refund: Type.Optional(Numbering),
});

const CreateBody = Type.Object({
  sequenceSets: Type.Array(SetBody),
});

const IdParams = Type.Object({ id: Type.String() });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/v1/sequence-sets',
    {
      config: { operationId: 'GET_SequenceSets' },
      schema: { operationId: 'GET_SequenceSets', tags: [TAG], querystring: Type.Object({ ...PageQuery, name: Type.Optional(Type.String()) }) },
    },
    async (req) => {
      const p = pageRequest(req.query, { defaultSize: 20, maxSize: 40 });
      const rows = await service.listSequenceSets(req.ctx, { name: req.query.name, limit: p.pageSize + 1, offset: p.offset });
      const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
      return { sequenceSets: items, ...(nextPage ? { nextPage } : {}), success: true };
    },
  );

  r.post(
    '/v1/sequence-sets',
    { config: { operationId: 'POST_SequenceSets' }, schema: { operationId: 'POST_SequenceSets', tags: [TAG], body: CreateBody } },
    async (req) => {
      const sets = await inTransaction(req.ctx, (ctx) => service.createSequenceSets(ctx, req.body.sequenceSets));
      return { sequenceSets: sets, success: true };
    },
  );

  r.get(
    '/v1/sequence-sets/:id',
    { config: { operationId: 'GET_SequenceSet' }, schema: { operationId: 'GET_SequenceSet', tags: [TAG], params: IdParams } },
    async (req) => {
      const set = await service.getSequenceSet(req.ctx, req.params.id);
      if (!set) throw notFound(`The sequence set '${req.params.id}' does not exist`);
      return { ...set, success: true };
    },
  );

  r.put(
    '/v1/sequence-sets/:id',
    { config: { operationId: 'PUT_SequenceSet' }, schema: { operationId: 'PUT_SequenceSet', tags: [TAG], params: IdParams, body: SetBody } },
    async (req) => {
      await inTransaction(req.ctx, (ctx) => service.updateSequenceSet(ctx, req.params.id, req.body ?? {}));
      return { success: true };
    },
  );

  r.delete(
    '/v1/sequence-sets/:id',
    { config: { operationId: 'DELETE_SequenceSet' }, schema: { operationId: 'DELETE_SequenceSet', tags: [TAG], params: IdParams } },
    async (req) => {
      await inTransaction(req.ctx, (ctx) => service.deleteSequenceSet(ctx, req.params.id));
      return { success: true };
    },
  );
}
