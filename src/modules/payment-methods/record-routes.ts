/**
 * HTTP of what hangs off a payment method: stored credential profiles, authorizations, the bank account
 * balance, Apple Pay domains (REST), and the object API reads of payment method snapshots and payment
 * method transaction logs (PascalCase; an unknown id answers the object API's INVALID_ID).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { formatIsoDateTime, Temporal } from '../../platform/dates.js';
import { notFound } from '../../platform/errors.js';
import { domainView, listDomains, registerDomain, unregisterDomain } from './apple-pay.js';
import { authorize, bankAccountBalance, voidAuthorization } from './authorizations.js';
import { objectView, select } from './object-routes.js';
import { createProfileFor, endProfile, listProfiles } from './profiles.js';
import * as records from './records-store.js';
import { unpack } from './service.js';
import { snapshotAsMethod } from './transactions.js';

type Body = Record<string, unknown>;
const PmId = Type.Object({ id: Type.String() });
const PmProfile = Type.Object({ id: Type.String(), profileNumber: Type.String() });
const Id = Type.Object({ id: Type.String() });
const AnyBody = Type.Object({}, { additionalProperties: true });
const Fields = Type.Object({ fields: Type.Optional(Type.String()) });
function route<S extends object>(operationId: string, tag: string, extra: S) {
  return { config: { operationId }, schema: { operationId, tags: [tag], ...extra } };
}
const PM = 'Payment Methods';

const iso = (ctx: Ctx, s: string | null) => (s ? formatIsoDateTime(Temporal.Instant.from(s), ctx.tenant.timezone) : null);
const present = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** Fields a snapshot does not have (the page's notes), and the ACH address under the snapshot's own names. */
const NOT_IN_SNAPSHOT = ['Active', 'AchAddress1', 'AchAddress2', 'CreatedById', 'CreatedDate', 'UpdatedById', 'UpdatedDate'];
const ACH_RENAMED: Record<string, string> = { AchCity: 'City', AchState: 'State', AchPostalCode: 'PostalCode', AchCountry: 'Country' };

export async function snapshotObject(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  const s = await records.findSnapshot(ctx, id);
  if (!s) throw notFound(`Cannot find the payment method snapshot with id ${id}`);
  const view = objectView(ctx, unpack(snapshotAsMethod(s), null));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view)) {
    if (NOT_IN_SNAPSHOT.includes(k)) continue;
    out[ACH_RENAMED[k] ?? k] = v;
  }
  return { ...out, Id: s.id, PaymentMethodId: s.payment_method_id };
}

export async function transactionLogObject(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  const l = await records.findTransactionLog(ctx, id);
  if (!l) throw notFound(`Cannot find the payment method transaction log with id ${id}`);
  return present({
    Gateway: l.gateway,
    GatewayReasonCode: l.reason_code,
    GatewayReasonCodeDescription: l.reason_description,
    GatewayTransactionType: l.transaction_type,
    Id: l.id,
    PaymentMethodId: l.payment_method_id,
    PaymentMethodType: l.payment_method_type,
    RequestString: l.request_string,
    ResponseString: l.response_string,
    TransactionDate: iso(ctx, l.transaction_date),
    TransactionId: l.transaction_id,
  });
}

export function registerRecordRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---------------------------------------------------------------- stored credential profiles
  r.get(
    '/v1/payment-methods/:id/profiles',
    route('GET_StoredCredentialProfiles', PM, { params: PmId, querystring: Type.Object({ includeAll: Type.Optional(Type.Boolean()) }) }),
    async (req) => ({ profiles: await listProfiles(req.ctx, req.params.id, req.query.includeAll ?? false), success: true }),
  );
  r.post('/v1/payment-methods/:id/profiles', route('POST_CreateStoredCredentialProfile', PM, { params: PmId, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      const id = req.params.id;
      return { number: await createProfileFor(ctx, id, (req.body ?? {}) as Body), paymentMethodId: id, success: true };
    }),
  );
  for (const [op, path, how] of [
    ['POST_CancelStoredCredentialProfile', 'cancel', 'Cancelled'],
    ['POST_ExpireStoredCredentialProfile', 'expire', 'Expired'],
  ] as const) {
    r.post(`/v1/payment-methods/:id/profiles/:profileNumber/${path}`, route(op, PM, { params: PmProfile }), async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        const id = req.params.id;
        return { number: await endProfile(ctx, id, req.params.profileNumber, how), paymentMethodId: id, success: true };
      }),
    );
  }

  // ---------------------------------------------------------------- authorization, balance
  r.post('/v1/payment-methods/:id/authorize', route('POST_CreateAuthorization', 'Payment Authorization', { params: PmId, body: AnyBody }), async (req) => {
    // a decline is logged (the transaction commits) and then answered as an error
    const out = await inTransaction(req.ctx, (ctx) => authorize(ctx, req.params.id, (req.body ?? {}) as Body));
    if (out.failure) throw out.failure;
    return out.answer!;
  });
  r.post('/v1/payment-methods/:id/voidAuthorize', route('POST_CancelAuthorization', 'Payment Authorization', { params: PmId, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, (ctx) => voidAuthorization(ctx, req.params.id, (req.body ?? {}) as Body)),
  );
  r.get('/v1/payment-methods/:id/balance', route('getBankAccountBalance', PM, { params: PmId }), async (req) => ({
    success: true,
    ...(await bankAccountBalance(req.ctx, req.params.id)),
  }));

  // ---------------------------------------------------------------- Apple Pay domains
  r.get('/payment-methods/apple-pay/domains', route('GET_ListApplePayDomains', PM, { querystring: Type.Object({ domainName: Type.Optional(Type.String()) }) }), async (req) => ({
    domains: (await listDomains(req.ctx, req.query.domainName)).map((d) => domainView(req.ctx, d)),
    success: true,
  }));
  r.post('/payment-methods/apple-pay/domains', route('POST_RegisterApplePayDomain', PM, { body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      const d = await registerDomain(ctx, (req.body ?? {}) as Body);
      return { domainName: d.domain_name, domainVerified: d.verified === 1, id: d.id, success: true };
    }),
  );
  r.delete('/payment-methods/apple-pay/domains/:id', route('DELETE_UnregisterApplePayDomain', PM, { params: Id }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await unregisterDomain(ctx, req.params.id);
      return { success: true };
    }),
  );

  // ---------------------------------------------------------------- object API reads
  r.get('/v1/object/payment-method-snapshot/:id', route('Object_GETPaymentMethodSnapshot', 'Payment Method Snapshots', { params: Id, querystring: Fields }), async (req) =>
    select(await snapshotObject(req.ctx, req.params.id), req.query.fields),
  );
  r.get('/v1/object/payment-method-transaction-log/:id', route('Object_GETPaymentMethodTransactionLog', 'Payment Method Transaction Logs', { params: Id, querystring: Fields }), async (req) =>
    select(await transactionLogObject(req.ctx, req.params.id), req.query.fields),
  );
}
