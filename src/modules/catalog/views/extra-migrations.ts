import type { Migration } from 'kysely';

/** Tables owned by the commerce/definitions/groups views (catalog groups and the like). Prefix `0310_`. */
export const viewMigrations: Record<string, Migration> = {};
/** Their tenant tables, children first. */
export const viewTenantTables: string[] = [];
