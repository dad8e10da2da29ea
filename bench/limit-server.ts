/**
 * The bench's "limit" server: the least a server doing zbill's I/O for the two bench
 * scenarios can do, so that zbill's figures read as a share of what the machine allows.
 * Fastify 5 over better-sqlite3 in WAL mode (synchronous = NORMAL, as zbill's):
 *
 * - GET /v1/accounts/:key answers an account's JSON held in memory (the bench seeds it
 *   with zbill's own GET answer, so both send the same bytes);
 * - POST /v1/accounts parses the JSON body, inserts one row and answers ids.
 *
 * No auth, no validation, no business rule: it is a yardstick, not a server.
 *
 *   PORT=… DATABASE_FILE=… node dist/bench/limit-server.js
 */
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';

const port = Number(process.env.PORT || 18090);
const file = process.env.DATABASE_FILE || ':memory:';

const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table if not exists accounts (id text primary key, account_number text not null, body text not null, created_at text not null)');
const insert = db.prepare('insert into accounts (id, account_number, body, created_at) values (?, ?, ?, ?)');

const accounts = new Map<string, unknown>();
let n = 0;

const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });

app.get('/health', async () => ({ status: 'ok' }));

/** The bench stores the account the GET scenario answers. */
app.put<{ Params: { key: string } }>('/__seed/:key', async (req) => {
  accounts.set(req.params.key, req.body);
  return { success: true };
});

app.get<{ Params: { key: string } }>('/v1/accounts/:key', async (req, reply) => {
  const a = accounts.get(req.params.key);
  if (a === undefined) return reply.code(404).send({ success: false });
  return a;
});

app.post('/v1/accounts', async (req) => {
  const id = randomBytes(16).toString('hex');
  const accountNumber = `A${String(++n).padStart(8, '0')}`;
  insert.run(id, accountNumber, JSON.stringify(req.body), new Date().toISOString());
  return { success: true, accountId: id, accountNumber, billToContactId: id, soldToContactId: id };
});

await app.listen({ port, host: '127.0.0.1' });

const stop = async () => {
  await app.close();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
