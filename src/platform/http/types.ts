import type { Config } from '../config.js';
import type { Ctx, TenantSettings } from '../context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The process configuration the app was built with (modules read their settings here in routes(), e.g. the SMTP URL). */
    zbillConfig: Config;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every tenant route. */
    tenant: TenantSettings;
    /** The service context for this request (tenant, database, clock). */
    ctx: Ctx;
    /** The effective Zuora API version: the Zuora-Version header or the tenant default. */
    apiVersion: string;
    zuoraRequestId: string;
  }
  interface FastifyContextConfig {
    /** No credential needed (token endpoint, admin API, openapi). */
    public?: boolean;
    /** The operationId from the reference spec that this route implements. */
    operationId?: string;
    /** Registered automatically for an operation not built yet. */
    stub?: boolean;
  }
}
export {};
