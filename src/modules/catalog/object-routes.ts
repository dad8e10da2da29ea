import type { FastifyInstance } from 'fastify';

/** The object API (PascalCase) view of the catalog. */
export function registerObjectRoutes(_app: FastifyInstance): void {}
