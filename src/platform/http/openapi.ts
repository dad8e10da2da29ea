import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
// Route schemas keep their OpenAPI keys (tags, summary, hide): the type augmentation only, no plugin at run time.
import type {} from '@fastify/swagger';
import type { OperationInfo } from '../operations.generated.js';

/* The document GET /openapi.json answers: every implemented operation as the
 * reference spec defines it (scripts/gen-openapi.mjs copies those parts into
 * openapi-spec.generated.ts), the components they reach, zbill's own routes
 * (the token endpoint's legacy sibling POST /v1/connections and the admin API),
 * the request's server and the credentials zbill accepts. The parts come from
 * spec/openapi-parts.json (scripts/gen-openapi.mjs), read once, on the first
 * request for the document, so that start-up does not pay for them.
 * The 501 stubs are left out. */

type Json = Record<string, unknown>;

export interface OpenApiParts {
  source: string;
  openapi: string;
  info: Json;
  servers: { url: string }[];
  tags: { name: string }[];
  securitySchemes: Json;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  fixes: { where: string; why: string }[];
}

let parts: OpenApiParts | undefined;

/** spec/openapi-parts.json, found from this file in src/ (tests, tsx) or dist/src/ (npm start). */
function openApiParts(): OpenApiParts {
  if (parts) return parts;
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 6; i++) {
    const file = new URL('spec/openapi-parts.json', dir);
    if (existsSync(file)) return (parts = JSON.parse(readFileSync(file, 'utf8')) as OpenApiParts);
    dir = new URL('..', dir);
  }
  throw new Error('spec/openapi-parts.json not found (run node scripts/gen-openapi.mjs)');
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** One route of the admin API as Fastify registered it. */
interface AdminRoute {
  method: string;
  url: string;
  body?: unknown;
  params?: unknown;
}

// ------------------------------------------------------------ admin API shapes

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const ADMIN_SCHEMAS: Record<string, Json> = {
  ZbillAdminError: {
    type: 'object',
    properties: {
      success: { type: 'boolean' },
      processId: str,
      reasons: { type: 'array', items: { type: 'object', properties: { code: { type: 'integer' }, message: str } } },
    },
  },
  ZbillTenantSettings: {
    type: 'object',
    properties: { defaultApiVersion: str, timezone: str, currency: str, rateLimit: { type: 'integer', nullable: true } },
  },
  ZbillTenantClock: {
    type: 'object',
    properties: { now: { type: 'string', format: 'date-time' }, today: { type: 'string', format: 'date' }, frozen: { type: 'boolean' } },
  },
  ZbillTenantClockRun: {
    allOf: [ref('ZbillTenantClock'), { type: 'object', properties: { daysRun: { type: 'integer' } } }],
  },
  ZbillTenant: {
    type: 'object',
    properties: {
      id: str,
      name: str,
      tenantNumber: str,
      entityId: str,
      settings: ref('ZbillTenantSettings'),
      clock: ref('ZbillTenantClock'),
    },
  },
  ZbillTenantDetail: {
    allOf: [
      ref('ZbillTenant'),
      { type: 'object', properties: { clients: { type: 'array', items: { type: 'object', properties: { clientId: str } } } } },
    ],
  },
  ZbillTenantCreated: {
    type: 'object',
    properties: { tenant: ref('ZbillTenant'), client: { type: 'object', properties: { clientId: str, clientSecret: str } } },
  },
  ZbillTenantList: { type: 'object', properties: { tenants: { type: 'array', items: ref('ZbillTenant') } } },
  ZbillSnapshot: {
    type: 'object',
    properties: {
      name: str,
      createdAt: { type: 'string', format: 'date-time' },
      clock: { type: 'string', nullable: true },
      tables: { type: 'integer' },
      rows: { type: 'integer' },
    },
  },
  ZbillSnapshotList: { type: 'object', properties: { snapshots: { type: 'array', items: ref('ZbillSnapshot') } } },
  ZbillCoverage: {
    type: 'object',
    properties: {
      implemented: { type: 'integer' },
      total: { type: 'integer' },
      byTag: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: { implemented: { type: 'array', items: str }, missing: { type: 'array', items: str } },
        },
      },
    },
  },
};

/** What each admin route answers: [status, schema name or null for no body, summary]. */
export const ADMIN_RESPONSES: Record<string, [number, string | null, string]> = {
  'GET /admin/coverage': [200, 'ZbillCoverage', 'Show which reference operations are implemented'],
  'GET /admin/tenants': [200, 'ZbillTenantList', 'List tenants'],
  'POST /admin/tenants': [201, 'ZbillTenantCreated', 'Create a tenant with an OAuth client'],
  'GET /admin/tenants/{id}': [200, 'ZbillTenantDetail', 'Retrieve a tenant'],
  'DELETE /admin/tenants/{id}': [204, null, 'Delete a tenant'],
  'POST /admin/tenants/{id}/reset': [200, 'ZbillTenant', 'Reset a tenant (remove all its business data)'],
  'GET /admin/tenants/{id}/settings': [200, 'ZbillTenantSettings', "Retrieve a tenant's settings"],
  'PATCH /admin/tenants/{id}/settings': [200, 'ZbillTenantSettings', "Update a tenant's settings"],
  'GET /admin/tenants/{id}/clock': [200, 'ZbillTenantClock', "Retrieve a tenant's clock"],
  'PUT /admin/tenants/{id}/clock': [200, 'ZbillTenantClockRun', "Set a tenant's clock"],
  'DELETE /admin/tenants/{id}/clock': [200, 'ZbillTenantClock', "Unfreeze a tenant's clock"],
  'POST /admin/tenants/{id}/clock/advance': [200, 'ZbillTenantClockRun', "Advance a tenant's clock, running due work"],
  'GET /admin/tenants/{id}/snapshots': [200, 'ZbillSnapshotList', "List a tenant's snapshots"],
  'POST /admin/tenants/{id}/snapshots': [201, 'ZbillSnapshot', "Save a tenant's state as a snapshot"],
  'POST /admin/tenants/{id}/snapshots/{name}/restore': [200, 'ZbillTenant', 'Restore a snapshot'],
  'DELETE /admin/tenants/{id}/snapshots/{name}': [204, null, 'Delete a snapshot'],
};

/** A TypeBox / JSON Schema as OpenAPI 3.0 writes it: no symbols, `nullable` instead of a null type. */
export function toOas30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOas30);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Json;
  for (const k of ['anyOf', 'oneOf'] as const) {
    const list = s[k];
    if (Array.isArray(list) && list.some((x) => (x as Json)?.type === 'null')) {
      const rest = list.filter((x) => (x as Json)?.type !== 'null');
      const { [k]: _drop, ...others } = s;
      const inner = rest.length === 1 ? (toOas30(rest[0]) as Json) : { [k]: rest.map(toOas30) };
      return { ...(toOas30(others) as Json), ...inner, nullable: true };
    }
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) out[k] = toOas30(v);
  return out;
}

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function adminOperation(r: AdminRoute): Json {
  const path = openApiPath(r.url);
  const key = `${r.method} ${path}`;
  const [status, schema, summary] = ADMIN_RESPONSES[key] ?? [200, null, `${r.method} ${path}`];
  const params = (r.params as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const op: Json = {
    operationId: 'zbillAdmin' + (r.method[0] + r.method.slice(1).toLowerCase()) + path.replace(/^\/admin/, '').replace(/\{([^}]+)\}/g, 'By-$1').split(/[/_-]/).map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : '')).join(''),
    summary,
    tags: ['zbill Admin'],
    security: [{ zbillAdminKey: [] }],
    parameters: Object.entries(params).map(([name, s]) => ({ name, in: 'path', required: true, schema: toOas30(JSON.parse(JSON.stringify(s))) })),
    responses: {
      [String(status)]: schema ? { description: summary, content: { 'application/json': { schema: ref(schema) } } } : { description: summary },
      '401': { description: 'Missing or wrong admin key', content: { 'application/json': { schema: ref('ZbillAdminError') } } },
    },
  };
  if (r.body) {
    const body = JSON.parse(JSON.stringify(r.body)) as Json;
    op.requestBody = { required: r.method !== 'POST' || key !== 'POST /admin/tenants', content: { 'application/json': { schema: toOas30(body) } } };
  }
  return op;
}

// ------------------------------------------------------------------- document

/** Every `#/components/<kind>/<name>` the node reaches, followed through the components. */
function reachable(node: unknown, components: OpenApiParts['components'], found: Set<string>): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    if (n === null || typeof n !== 'object') continue;
    for (const [k, v] of Object.entries(n)) {
      // a discriminator's mapping names schemas as plain strings: they are reached too
      if (k === 'mapping' && v && typeof v === 'object' && !Array.isArray(v)) stack.push(Object.values(v).map(($ref) => ({ $ref })));
      if (k === '$ref' && typeof v === 'string') {
        const m = /^#\/components\/([^/]+)\/(.+)$/.exec(v);
        const key = m ? `${m[1]}/${m[2]}` : v;
        if (found.has(key)) continue;
        found.add(key);
        if (m) stack.push(components[m[1]!]?.[m[2]!]);
      } else stack.push(v);
    }
  }
}

/** The operations zbill documents beyond the reference spec's (the legacy connection check). */
const ZBILL_OPERATIONS: Record<string, Record<string, Json>> = {
  '/v1/connections': {
    post: {
      operationId: 'POST_Connections',
      summary: 'Check a connection (legacy apiAccessKeyId / apiSecretAccessKey clients)',
      tags: ['Connections'],
      parameters: [
        { name: 'apiAccessKeyId', in: 'header', required: false, schema: { type: 'string' } },
        { name: 'apiSecretAccessKey', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'The credential is valid',
          content: { 'application/json': { schema: { type: 'object', properties: { success: { type: 'boolean' } } } } },
        },
      },
    },
  },
};

/**
 * Collects the admin routes as they are registered; call before the admin API
 * is registered. `document()` then builds /openapi.json.
 */
export class OpenApiDocument {
  private readonly admin: AdminRoute[] = [];

  constructor(app: FastifyInstance) {
    app.addHook('onRoute', (opts) => {
      const url = opts.url ?? opts.path;
      if (!url.startsWith('/admin/')) return;
      const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
      const schema = (opts.schema ?? {}) as { body?: unknown; params?: unknown };
      for (const m of methods) if (m !== 'HEAD') this.admin.push({ method: m, url, body: schema.body, params: schema.params });
    });
  }

  /** The admin routes seen so far, as `METHOD /path/{param}`. */
  adminRoutes(): string[] {
    return this.admin.map((r) => `${r.method} ${openApiPath(r.url)}`);
  }

  document(implemented: OperationInfo[], baseUrl: string | null): Json {
    const P = openApiParts();
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of implemented) {
      const method = op.method.toLowerCase();
      const item = P.paths[op.path];
      const specOp = item?.[method];
      if (!specOp) continue;
      const entry = (paths[op.path] ??= {});
      if (item.parameters && !entry.parameters) entry.parameters = item.parameters;
      entry[method] = specOp;
    }
    for (const [path, item] of Object.entries(ZBILL_OPERATIONS)) {
      for (const [method, op] of Object.entries(item)) {
        if (implemented.some((o) => o.path === path && o.method.toLowerCase() === method) || (paths[path]?.[method] ?? null) !== null) continue;
        (paths[path] ??= {})[method] = op;
      }
    }
    for (const r of this.admin) (paths[openApiPath(r.url)] ??= {})[r.method.toLowerCase()] = adminOperation(r);

    const found = new Set<string>();
    reachable(paths, P.components, found);
    const components: Record<string, Record<string, unknown>> = {};
    for (const key of [...found].sort()) {
      const i = key.indexOf('/');
      const kind = key.slice(0, i);
      const name = key.slice(i + 1);
      const target = P.components[kind]?.[name];
      if (target !== undefined) (components[kind] ??= {})[name] = target;
    }
    const schemas = (components.schemas ??= {});
    for (const [name, s] of Object.entries(ADMIN_SCHEMAS)) if (found.has(`schemas/${name}`)) schemas[name] = s;

    const tokenUrl = `${baseUrl ?? ''}/oauth/token`;
    const used = new Set<string>();
    for (const item of Object.values(paths)) for (const m of METHODS) for (const t of ((item[m] as Json | undefined)?.tags as string[] | undefined) ?? []) used.add(t);
    const tags = [...P.tags.filter((t) => used.has(t.name)).map((t) => t.name), ...[...used].filter((t) => !P.tags.some((x) => x.name === t)).sort()];
    return {
      openapi: P.openapi,
      info: {
        title: 'zbill — Zuora v1 compatible API (implemented operations)',
        version: String(P.info.version ?? '0'),
        description: `The operations this zbill server implements, as the ${P.source} defines them, and zbill's admin API.`,
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: baseUrl ?? '/' }],
      security: [{ bearerAuth: [] }, { oauth2ClientCredentials: [] }, { apiAccessKeyId: [], apiSecretAccessKey: [] }],
      tags: tags.map((name) => ({ name, description: name === 'zbill Admin' ? "zbill's own admin API (X-Zbill-Admin-Key)" : `Zuora ${name}` })),
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      components: {
        ...components,
        securitySchemes: {
          ...P.securitySchemes,
          bearerAuth: { type: 'http', scheme: 'bearer', description: `An OAuth token from POST ${tokenUrl} (client credentials)` },
          oauth2ClientCredentials: { type: 'oauth2', flows: { clientCredentials: { tokenUrl, scopes: {} } } },
          apiAccessKeyId: { type: 'apiKey', in: 'header', name: 'apiAccessKeyId', description: 'Legacy: the user name (with apiSecretAccessKey)' },
          apiSecretAccessKey: { type: 'apiKey', in: 'header', name: 'apiSecretAccessKey', description: 'Legacy: the password (with apiAccessKeyId)' },
          zbillAdminKey: { type: 'apiKey', in: 'header', name: 'X-Zbill-Admin-Key', description: "zbill's admin key" },
        },
      },
    };
  }
}
