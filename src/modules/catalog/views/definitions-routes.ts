import type { FastifyInstance } from 'fastify';

/** Registers the definitions view of the catalog (owned by the engineer building the definitions API). */
export function registerDefinitionsRoutes(_app: FastifyInstance): void {}
