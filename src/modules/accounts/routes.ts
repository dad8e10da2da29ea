import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as paymentMethods from './payment-methods.js';
import * as service from './service.js';
import * as views from './views.js';

const Key = Type.Object({ accountKey: Type.String() });
const Body = Type.Object({}, { additionalProperties: true });
const tags = ['Accounts'];

export function registerRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/v1/accounts', { config: { operationId: 'POST_Account' }, schema: { operationId: 'POST_Account', tags, body: Body } }, async (req) =>
    inTransaction(req.ctx, (ctx) => service.createAccountResponse(ctx, req.body as Record<string, unknown>, req.apiVersion)),
  );

  r.get('/v1/accounts/:accountKey', { config: { operationId: 'GET_Account' }, schema: { operationId: 'GET_Account', tags, params: Key } }, async (req) =>
    views.getAccountResponse(req.ctx, req.params.accountKey),
  );

  r.put('/v1/accounts/:accountKey', { config: { operationId: 'PUT_Account' }, schema: { operationId: 'PUT_Account', tags, params: Key, body: Body } }, async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await service.updateAccount(ctx, req.params.accountKey, req.body as Record<string, unknown>);
      return { success: true };
    }),
  );

  r.delete('/v1/accounts/:accountKey', { config: { operationId: 'DELETE_Account' }, schema: { operationId: 'DELETE_Account', tags, params: Key } }, async (req) =>
    inTransaction(req.ctx, (ctx) => service.deleteAccount(ctx, req.params.accountKey)),
  );

  r.get(
    '/v1/accounts/:accountKey/summary',
    {
      config: { operationId: 'GET_AccountSummary' },
      schema: { operationId: 'GET_AccountSummary', tags, params: Key, querystring: Type.Object({ excludeUsage: Type.Optional(Type.Boolean()) }) },
    },
    async (req) => views.getAccountSummary(req.ctx, req.params.accountKey, { excludeUsage: req.query.excludeUsage }),
  );

  // GET …/payment-methods and …/payment-methods/default are served by the payment-methods module.

  r.get(
    '/v1/accounts/:accountKey/payment-methods/cascading',
    { config: { operationId: 'GetAccountPaymentMethodCascading' }, schema: { operationId: 'GetAccountPaymentMethodCascading', tags, params: Key } },
    async (req) => paymentMethods.getCascading(req.ctx, req.params.accountKey),
  );

  r.put(
    '/v1/accounts/:accountKey/payment-methods/cascading',
    { config: { operationId: 'PutAccountPaymentMethodCascading' }, schema: { operationId: 'PutAccountPaymentMethodCascading', tags, params: Key, body: Body } },
    async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        await paymentMethods.putCascading(ctx, req.params.accountKey, req.body as Record<string, unknown>);
        return { success: true };
      }),
  );
}
