import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';

/**
 * Every module contributes migrations under globally unique names. Names sort in
 * the order they must run: platform first (`0000_…`), then modules (`0100_…`).
 */
export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
}
