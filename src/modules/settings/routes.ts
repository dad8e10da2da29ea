/**
 * The Settings API: GET /settings/listing, POST /settings/batch-requests, and the direct setting endpoints
 * Zuora also serves (GET/PUT /settings/billing-rules, GET/POST /settings/payment-terms,
 * GET/PUT /settings/payment-terms/{id}). The direct ones are not in the v1 spec: they are plain routes,
 * behind tenant auth like every non-public route.
 *
 * The Settings API answers errors in its own form, not v1's: a direct call gets a real HTTP status and
 * `{reasons: [{code, message}]}`; an inner request of a batch gets `{status: "400 BAD_REQUEST",
 * errorMessages: [...]}` in its own slot while the batch itself answers 200.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction, type Ctx } from '../../platform/context.js';
import { httpStatusFor, invalidValue, MAPPED_STATUS_VERSION, notFound, ZuoraError } from '../../platform/errors.js';
import { toZuoraError } from '../../platform/http/errors.js';
import { BILLING_RULE_FIELDS, orderedRules } from './billing-rules.js';
import * as service from './service.js';

const TAG = 'Settings';
/** Zuora's limit: one batch holds at most 100 requests, children included. */
export const MAX_BATCH_REQUESTS = 100;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
};
const statusLine = (s: number) => `${s} ${STATUS_TEXT[s] ?? 'ERROR'}`;

const methodNotAllowed = (method: string, path: string) => new ZuoraError(50000020, `${method} is not supported on ${path}`, { fixedStatus: 405 });

type Handler = (ctx: Ctx, body: unknown, params: Record<string, string>) => Promise<unknown>;
interface Endpoint {
  /** The setting's path under /settings, with `{id}` for a parameter. */
  path: string;
  methods: Partial<Record<'GET' | 'PUT' | 'POST', { write: boolean; run: Handler }>>;
}

const termView = (t: Awaited<ReturnType<typeof service.getPaymentTerm>>) => ({ ...t });

const ENDPOINTS: Endpoint[] = [
  {
    path: '/billing-rules',
    methods: {
      GET: { write: false, run: async (ctx) => orderedRules(await service.getBillingRules(ctx)) },
      PUT: { write: true, run: async (ctx, body) => orderedRules(await service.updateBillingRules(ctx, body)) },
    },
  },
  {
    path: '/payment-terms',
    methods: {
      GET: { write: false, run: async (ctx) => ({ paymentTerms: (await service.listPaymentTerms(ctx)).map(termView) }) },
      POST: { write: true, run: async (ctx, body) => termView(await service.createPaymentTerm(ctx, body)) },
    },
  },
  {
    path: '/payment-terms/{id}',
    methods: {
      GET: { write: false, run: async (ctx, _b, p) => termView(await service.getPaymentTerm(ctx, p.id!)) },
      PUT: { write: true, run: async (ctx, body, p) => termView(await service.updatePaymentTerm(ctx, p.id!, body)) },
    },
  },
];

function match(path: string): { endpoint: Endpoint; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (const endpoint of ENDPOINTS) {
    const pattern = endpoint.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    pattern.forEach((seg, i) => {
      if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(parts[i]!);
      else if (seg !== parts[i]) ok = false;
    });
    if (ok) return { endpoint, params };
  }
  return undefined;
}

/** Runs one settings request; a write is one transaction. Throws ZuoraError for the caller to render. */
async function dispatch(ctx: Ctx, method: string, url: string, body: unknown): Promise<unknown> {
  const path = url.split('?')[0]!.replace(/^\/settings(?=\/)/, '');
  const m = match(path);
  if (!m) throw notFound(`No such setting: ${url}`);
  const op = m.endpoint.methods[method.toUpperCase() as 'GET'];
  if (!op) throw methodNotAllowed(method, url);
  return op.write ? inTransaction(ctx, (tx) => op.run(tx, body, m.params)) : op.run(ctx, body, m.params);
}

const statusOf = (e: ZuoraError) => e.fixedStatus ?? httpStatusFor(e, MAPPED_STATUS_VERSION);

/** The Settings API's error body for a direct call, whatever failed (auth, a bad JSON body, a rule). */
function settingsErrorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const z = toZuoraError(err, req);
  if (z.headers) reply.headers(z.headers);
  return reply.code(statusOf(z)).send({ reasons: z.reasons.map((r) => ({ code: r.code, message: r.message })) });
}

function direct(req: FastifyRequest, _reply: FastifyReply, method: string, path: string) {
  return dispatch(req.ctx, method, path, req.body);
}

interface InnerRequest {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  body?: unknown;
  children?: unknown;
}

async function runInner(ctx: Ctx, r: InnerRequest): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    id: typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : null,
    method: typeof r.method === 'string' ? r.method.toUpperCase() : null,
    url: typeof r.url === 'string' ? r.url : null,
  };
  let ok = false;
  try {
    if (typeof r.method !== 'string' || r.method === '') throw invalidValue(`'method' is required in each request`);
    if (typeof r.url !== 'string' || !r.url.startsWith('/')) throw invalidValue(`'url' is required in each request and must start with '/'`);
    const body = await dispatch(ctx, r.method, r.url, r.body);
    out.response = { status: statusLine(200), body };
    ok = true;
  } catch (e) {
    if (!(e instanceof ZuoraError)) throw e;
    out.response = { status: statusLine(statusOf(e)), errorMessages: e.reasons.map((x) => x.message) };
  }
  const children: Record<string, unknown>[] = [];
  // A child runs only after its parent succeeded.
  if (ok && Array.isArray(r.children)) for (const c of r.children) children.push(await runInner(ctx, (c ?? {}) as InnerRequest));
  out.children = children;
  return out;
}

function countRequests(list: unknown[]): number {
  let n = 0;
  for (const r of list) {
    n++;
    const kids = (r as InnerRequest | null)?.children;
    if (Array.isArray(kids)) n += countRequests(kids);
  }
  return n;
}

/** JSON schema of the billing rules, as the listing describes a setting's request and response. */
function billingRulesSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(BILLING_RULE_FIELDS)) {
    properties[k] = s.kind === 'boolean' ? { type: 'boolean' } : s.kind === 'enum' ? { type: 'string', enum: [...s.values] } : { type: 'integer', minimum: s.min, maximum: s.max };
  }
  return { $ref: '#/definitions/BillingRules', definitions: { BillingRules: { additionalProperties: false, type: 'object', properties } } };
}

const monthDaySchema = { oneOf: [{ type: 'integer', minimum: 1, maximum: 31 }, { type: 'string', enum: ['EndOfMonth'] }] };
const paymentTermProps = {
  id: { type: 'string' },
  name: { type: 'string', maxLength: 100 },
  description: { type: 'string', maxLength: 255 },
  type: { type: 'string', enum: ['Net', 'Prox'] },
  dueDays: { type: 'integer', minimum: 0 },
  invoiceCutoffDay: monthDaySchema,
  numberOfMonths: { type: 'integer', minimum: 0 },
  paymentDueDay: monthDaySchema,
  active: { type: 'boolean' },
};
const termSchema = { $ref: '#/definitions/PaymentTerm', definitions: { PaymentTerm: { additionalProperties: false, type: 'object', properties: paymentTermProps } } };
const termListSchema = { type: 'object', properties: { paymentTerms: { type: 'array', items: termSchema } } };

/** The settings this tenant can use: only what zbill serves. */
export function listing() {
  const op = (method: string, url: string, extra: Record<string, unknown>) => ({ method, url, parameters: url.includes('{id}') ? [{ name: 'id' }] : [], ...extra });
  return {
    settings: [
      {
        key: 'BillingRules',
        description: 'Billing Rules settings',
        context: 'Entity',
        pathPattern: '/billing-rules',
        httpOperations: [
          op('GET', '/settings/billing-rules', { responseType: billingRulesSchema() }),
          op('PUT', '/settings/billing-rules', { requestType: billingRulesSchema(), responseType: billingRulesSchema() }),
        ],
      },
      {
        key: 'PaymentTerms',
        description: 'Payment terms: the Net and Prox terms an account can name',
        context: 'Entity',
        pathPattern: '/payment-terms',
        httpOperations: [
          op('GET', '/settings/payment-terms', { responseType: termListSchema }),
          op('POST', '/settings/payment-terms', { requestType: termSchema, responseType: termSchema }),
        ],
      },
      {
        key: 'PaymentTerm',
        description: 'One payment term',
        context: 'Entity',
        pathPattern: '/payment-terms/{id}',
        httpOperations: [
          op('GET', '/settings/payment-terms/{id}', { responseType: termSchema }),
          op('PUT', '/settings/payment-terms/{id}', { requestType: termSchema, responseType: termSchema }),
        ],
      },
    ],
  };
}

export function registerRoutes(app: FastifyInstance) {
  app.get('/settings/listing', { config: { operationId: 'GET_ListAllSettings' }, schema: { operationId: 'GET_ListAllSettings', tags: [TAG] }, errorHandler: settingsErrorHandler }, async () => listing());

  app.post(
    '/settings/batch-requests',
    { config: { operationId: 'POST_ProcessSettingsBatchRequest' }, schema: { operationId: 'POST_ProcessSettingsBatchRequest', tags: [TAG] }, errorHandler: settingsErrorHandler },
    async (req, reply) => {
      const b = req.body as { requests?: unknown } | null | undefined;
      const fail = (message: string) => reply.code(400).send({ reasons: [{ code: 50000020, message }] });
      if (!b || typeof b !== 'object' || !Array.isArray(b.requests)) return fail(`'requests' is required: an array of settings requests`);
      const total = countRequests(b.requests);
      if (total > MAX_BATCH_REQUESTS) return fail(`A batch can hold at most ${MAX_BATCH_REQUESTS} requests, children included; this one holds ${total}`);
      const responses: Record<string, unknown>[] = [];
      for (const r of b.requests) responses.push(await runInner(req.ctx, (r && typeof r === 'object' ? r : {}) as InnerRequest));
      return { responses };
    },
  );

  const hidden = { schema: { hide: true, tags: [TAG] }, errorHandler: settingsErrorHandler };
  app.get('/settings/billing-rules', hidden, (req, reply) => direct(req, reply, 'GET', '/billing-rules'));
  app.put('/settings/billing-rules', hidden, (req, reply) => direct(req, reply, 'PUT', '/billing-rules'));
  app.get('/settings/payment-terms', hidden, (req, reply) => direct(req, reply, 'GET', '/payment-terms'));
  app.post('/settings/payment-terms', hidden, (req, reply) => direct(req, reply, 'POST', '/payment-terms'));
  app.get<{ Params: { id: string } }>('/settings/payment-terms/:id', hidden, (req, reply) =>
    direct(req, reply, 'GET', `/payment-terms/${encodeURIComponent(req.params.id)}`),
  );
  app.put<{ Params: { id: string } }>('/settings/payment-terms/:id', hidden, (req, reply) =>
    direct(req, reply, 'PUT', `/payment-terms/${encodeURIComponent(req.params.id)}`),
  );
}
