import type { FastifyInstance } from 'fastify';

/** The catalog API (camelCase, nested) view of the catalog. */
export function registerCatalogApiRoutes(_app: FastifyInstance): void {}
