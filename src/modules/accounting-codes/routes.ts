import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { pageRequest, pageResult } from '../../platform/pagination.js';
import * as service from './service.js';

const TAG = 'Accounting Codes';
const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const CodeType = Type.Unsafe<service.AccountingCodeType>({ type: 'string', enum: service.ACCOUNTING_CODE_TYPES });

const Fields = {
  glAccountName: Type.Optional(NullableString),
  glAccountNumber: Type.Optional(NullableString),
  notes: Type.Optional(NullableString),
  segmentConstantValues: Type.Optional(Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] })),
};

// Custom fields (name__c) ride along: no additionalProperties restriction.
const CreateBody = Type.Object({ name: Type.String(), type: CodeType, ...Fields });
const UpdateBody = Type.Object({ name: Type.Optional(Type.String()), type: Type.Optional(CodeType), ...Fields });
const IdParams = Type.Object({ acId: Type.String() });
const ListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1 })) });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/v1/accounting-codes',
    { config: { operationId: 'GET_AllAccountingCodes' }, schema: { operationId: 'GET_AllAccountingCodes', tags: [TAG], querystring: ListQuery } },
    async (req) => {
      // Zuora: pageSize up to 300, 300 by default.
      const p = pageRequest(req.query, { defaultSize: 300, maxSize: 300 });
      const rows = await service.listAccountingCodes(req.ctx, p.pageSize + 1, p.offset);
      const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
      return { accountingCodes: items, ...(nextPage ? { nextPage } : {}), success: true };
    },
  );

  r.post(
    '/v1/accounting-codes',
    { config: { operationId: 'POST_AccountingCode' }, schema: { operationId: 'POST_AccountingCode', tags: [TAG], body: CreateBody } },
    async (req) => {
      const { id } = await inTransaction(req.ctx, (ctx) => service.createAccountingCode(ctx, req.body as service.AccountingCodeInput));
      return { id, success: true };
    },
  );

  r.get(
    '/v1/accounting-codes/:acId',
    { config: { operationId: 'GET_AccountingCode' }, schema: { operationId: 'GET_AccountingCode', tags: [TAG], params: IdParams } },
    async (req) => {
      const code = await service.getAccountingCode(req.ctx, req.params.acId);
      if (!code) throw notFound(`The accounting code '${req.params.acId}' does not exist`);
      return { ...code, success: true };
    },
  );

  r.put(
    '/v1/accounting-codes/:acId',
    { config: { operationId: 'PUT_AccountingCode' }, schema: { operationId: 'PUT_AccountingCode', tags: [TAG], params: IdParams, body: UpdateBody } },
    async (req) => {
      await inTransaction(req.ctx, (ctx) => service.updateAccountingCode(ctx, req.params.acId, (req.body ?? {}) as service.AccountingCodeInput));
      return { success: true };
    },
  );

  r.delete(
    '/v1/accounting-codes/:acId',
    { config: { operationId: 'DELETE_AccountingCode' }, schema: { operationId: 'DELETE_AccountingCode', tags: [TAG], params: IdParams } },
    async (req) => {
      await inTransaction(req.ctx, (ctx) => service.deleteAccountingCode(ctx, req.params.acId));
      return { success: true };
    },
  );

  r.put(
    '/v1/accounting-codes/:acId/activate',
    { config: { operationId: 'PUT_ActivateAccountingCode' }, schema: { operationId: 'PUT_ActivateAccountingCode', tags: [TAG], params: IdParams } },
    async (req) => {
      await inTransaction(req.ctx, (ctx) => service.activateAccountingCode(ctx, req.params.acId));
      return { success: true };
    },
  );

  r.put(
    '/v1/accounting-codes/:acId/deactivate',
    { config: { operationId: 'PUT_DeactivateAccountingCode' }, schema: { operationId: 'PUT_DeactivateAccountingCode', tags: [TAG], params: IdParams } },
    async (req) => {
      await inTransaction(req.ctx, (ctx) => service.deactivateAccountingCode(ctx, req.params.acId));
      return { success: true };
    },
  );
}
