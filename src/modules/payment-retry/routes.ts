/** HTTP for Configurable Payment Retry (its 18 operations under /api/v1/). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as metrics from './metrics.js';
import * as svc from './service.js';

const Body = Type.Unknown();
const Inv = Type.Object({ invoice_id: Type.String() });
const Dm = Type.Object({ debit_memo_id: Type.String() });
const Acc = Type.Object({ account_id: Type.String() });
const TAG = 'Configurable Payment Retry';

const spec = <S extends object>(operationId: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [TAG], ...extra } });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const P = '/api/v1/payments';
  r.get(`${P}/active_invoice_cycle_information/:invoice_id`, spec('getActiveInvoiceCycle', { params: Inv }), async (req) => svc.listCycles(req.ctx, 'invoice', req.params.invoice_id, true));
  r.get(`${P}/active_debit_memo_cycle_information/:debit_memo_id`, spec('getActiveDebitMemoCycle', { params: Dm }), async (req) => svc.listCycles(req.ctx, 'debitMemo', req.params.debit_memo_id, true));
  r.get(`${P}/active_account_cycle_information/:account_id`, spec('getActiveAccountCycle', { params: Acc }), async (req) => svc.listCycles(req.ctx, 'account', req.params.account_id, true));
  r.get(`${P}/invoice_cycle_history/:invoice_id`, spec('getInvoiceCycleHistory', { params: Inv }), async (req) => svc.listCycles(req.ctx, 'invoice', req.params.invoice_id, false));
  r.get(`${P}/debit_memo_cycle_history/:debit_memo_id`, spec('getDebitMemoCycleHistory', { params: Dm }), async (req) => svc.listCycles(req.ctx, 'debitMemo', req.params.debit_memo_id, false));
  r.get(`${P}/account_cycle_history/:account_id`, spec('getAccountCycleHistory', { params: Acc }), async (req) => svc.listCycles(req.ctx, 'account', req.params.account_id, false));
  r.put(`${P}/execute_invoice_payment/:invoice_id`, spec('putExecuteInvoicePayment', { params: Inv }), async (req) => inTransaction(req.ctx, (ctx) => svc.execute(ctx, 'invoice', req.params.invoice_id)));
  r.put(`${P}/execute_debit_memo_payment/:debit_memo_id`, spec('putExecuteDebitMemoPayment', { params: Dm }), async (req) => inTransaction(req.ctx, (ctx) => svc.execute(ctx, 'debitMemo', req.params.debit_memo_id)));
  r.put(`${P}/execute_account_payments/:account_id`, spec('putExecuteAccountPayments', { params: Acc }), async (req) => inTransaction(req.ctx, (ctx) => svc.execute(ctx, 'account', req.params.account_id)));
  r.post(`${P}/execute_payments`, spec('postExecutePayments', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.executeMany(ctx, req.body)));
  r.put(`${P}/remove_invoice_from_retry_cycle/:invoice_id`, spec('putRemoveInoviceFromCycle', { params: Inv }), async (req) => inTransaction(req.ctx, (ctx) => svc.remove(ctx, 'invoice', req.params.invoice_id)));
  r.put(`${P}/remove_debit_memo_from_retry_cycle/:debit_memo_id`, spec('putRemoveDebitMemoFromCycle', { params: Dm }), async (req) => inTransaction(req.ctx, (ctx) => svc.remove(ctx, 'debitMemo', req.params.debit_memo_id)));
  r.put(`${P}/remove_account_from_retry_cycle/:account_id`, spec('putRemoveAccountFromCycle', { params: Acc }), async (req) => inTransaction(req.ctx, (ctx) => svc.remove(ctx, 'account', req.params.account_id)));
  r.post(`${P}/submit_failed_payment`, spec('postSubmitPaymentToCycle', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.submit(ctx, req.body)));
  r.get('/api/v1/metrics/baseline', spec('getBaselineMetrics', {}), async (req) => metrics.baseline(req.ctx));
  r.get('/api/v1/metrics/amount_recovered', spec('getAmountRecovered', {}), async (req) => metrics.amountRecovered(req.ctx));
  r.get('/api/v1/metrics/customer_group_over_time', spec('getDocumentSuccessRateByCustomerGroup', {}), async (req) => metrics.groupsOverTime(req.ctx));
  r.get('/api/v1/metrics/customer_group', spec('getCustomerGroupMetrics', {}), async (req) => metrics.groupMetrics(req.ctx));
}
