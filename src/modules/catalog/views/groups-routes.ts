import type { FastifyInstance } from 'fastify';

/** Registers the groups view of the catalog (owned by the engineer building the groups API). */
export function registerGroupsRoutes(_app: FastifyInstance): void {}
