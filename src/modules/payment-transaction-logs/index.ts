/**
 * Payment Transaction Logs (Object_GETPaymentTransactionLog): the gateway call of an electronic payment,
 * read through payments/contract.ts (`paymentGatewayCall`). zbill's test gateway makes exactly one call per
 * electronic payment (the sale, when it is created), recorded on the payment itself, so the log is that record;
 * its id is the payment id with a fixed mask applied (`logIdOf`, its own inverse), so a log id is not a payment id
 * and needs no table. A deleted payment's log goes with it. Object API form: PascalCase, INVALID_ID when unknown.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../platform/context.js';
import { formatIsoDateTime, Temporal } from '../../platform/dates.js';
import { notFound } from '../../platform/errors.js';
import type { ZModule } from '../../platform/module.js';
import { TEST_GATEWAY_NAME } from '../payment-methods/contract.js';
import { paymentGatewayCall, paymentGatewayCalls, type PaymentGatewayCall } from '../payments/contract.js';
import { qf, registerQueryObjects, type QueryObject, type QueryRow } from '../queries/contract.js';

const MASK = '5a3c96e1f0b2d4870c1e2f3a4b5d6e7f';

/** The log id of a payment's gateway call, and back (XOR with MASK, digit by digit); undefined for a key that is not 32 hex. */
export function logIdOf(id: string): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  let out = '';
  for (let i = 0; i < 32; i++) out += (parseInt(id[i]!, 16) ^ parseInt(MASK[i]!, 16)).toString(16);
  return out;
}

/** The log of a gateway call, in Zuora's field names (TransactionDate as stored: an ISO instant). */
function logOf(call: PaymentGatewayCall): QueryRow {
  return {
    Gateway: TEST_GATEWAY_NAME,
    GatewayReasonCode: call.responseCode,
    GatewayReasonCodeDescription: call.response,
    // the state the call left the payment in (a later settlement does not rewrite the log)
    GatewayState: call.approved ? 'Submitted' : 'NotSubmitted',
    GatewayTransactionType: 'Sale',
    Id: logIdOf(call.paymentId),
    PaymentId: call.paymentId,
    TransactionDate: call.submittedOn,
    TransactionId: call.transactionId,
  };
}

export async function paymentTransactionLog(ctx: Ctx, logId: string): Promise<Record<string, unknown>> {
  const paymentId = logIdOf(logId);
  const call = paymentId ? await paymentGatewayCall(ctx, paymentId) : undefined;
  if (!call) throw notFound(`Cannot find the payment transaction log with id ${logId}`);
  const out = { ...logOf(call), TransactionDate: formatIsoDateTime(Temporal.Instant.from(call.submittedOn), ctx.tenant.timezone) };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== null && v !== undefined));
}

const L = (name: string, type: 'text' | 'datetime' | 'picklist', more: Parameters<typeof qf.loaded>[2] = {}) => qf.loaded(name, type, more);

/** PaymentTransactionLog in ZOQL and describe (no object query path in the spec). */
export const paymentTransactionLogQueryObjects: QueryObject[] = [
  {
    name: 'PaymentTransactionLog',
    label: 'Payment Transaction Log',
    load: async (ctx, limit) => (await paymentGatewayCalls(ctx, limit)).map(logOf),
    fields: [
      L('Id', 'text', { exact: true }),
      L('Gateway', 'text'),
      L('GatewayReasonCode', 'text'),
      L('GatewayReasonCodeDescription', 'text'),
      L('GatewayState', 'picklist', { values: ['NotSubmitted', 'Submitted', 'Settled', 'FailedToSettle'] }),
      L('GatewayTransactionType', 'text'),
      L('PaymentId', 'text', { exact: true }),
      L('TransactionDate', 'datetime'),
      L('TransactionId', 'text'),
    ],
    relations: [{ name: 'payment', property: 'payment', object: 'Payment', cardinality: 'one', localField: 'PaymentId', remoteField: 'Id' }],
  },
];

function routes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const operationId = 'Object_GETPaymentTransactionLog';
  r.get(
    '/v1/object/payment-transaction-log/:id',
    { config: { operationId }, schema: { operationId, tags: ['Payment Transaction Logs'], params: Type.Object({ id: Type.String() }) } },
    async (req) => paymentTransactionLog(req.ctx, req.params.id),
  );
}

export const paymentTransactionLogsModule: ZModule = {
  name: 'payment-transaction-logs',
  migrations: {},
  tenantTables: [],
  join() {
    registerQueryObjects(paymentTransactionLogQueryObjects);
  },
  routes,
};
