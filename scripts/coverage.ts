// Prints which reference operations zbill implements, by tag (same data as GET /admin/coverage).
import { buildApp, migrate } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';

const database = openDatabase('sqlite::memory:');
await migrate(database);
const { app, adminKey } = await buildApp({ config: loadConfig({}), database });
const res = await app.inject({ method: 'GET', url: '/admin/coverage', headers: { 'x-zbill-admin-key': adminKey } });
const cov = res.json() as { implemented: number; total: number; byTag: Record<string, { implemented: string[]; missing: string[] }> };
const rows = Object.entries(cov.byTag).sort(([a], [b]) => a.localeCompare(b));
const verbose = process.argv.includes('--verbose');
for (const [tag, t] of rows) {
  const n = t.implemented.length + t.missing.length;
  if (!t.implemented.length && !verbose) continue;
  console.log(`${String(t.implemented.length).padStart(3)}/${String(n).padEnd(3)} ${tag}${t.missing.length ? `   missing: ${t.missing.join(', ')}` : ''}`);
}
const untouched = rows.filter(([, t]) => !t.implemented.length).length;
console.log(`\n${cov.implemented} of ${cov.total} operations implemented; ${untouched} tags not started (--verbose lists them).`);
await app.close();
await database.close();
