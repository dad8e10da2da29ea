/**
 * npm run bench: zbill against the "limit" server (bench/limit-server.ts: bare Fastify 5 +
 * better-sqlite3 in WAL mode doing the same I/O), side by side in one run, each its own process,
 * loaded over loopback (32 connections) with GET /v1/accounts/{key} and POST /v1/accounts.
 * The runs are interleaved (round 1: GET on limit, zbill/sqlite, zbill/postgres; POST on each;
 * round 2: again ...), so that a slower minute of the machine hits everyone alike. zbill is
 * reported as a percentage of the limit server's requests/s, and its p99 as a multiple of the
 * limit's. Also: cold start (process spawn to the first answer, new SQLite file, migrations
 * included; and a restart on an existing file) and tenant reset times.
 *
 * The load comes from wrk (Debian package `wrk`) when it is installed: it is written in C and
 * leaves the second core to the server. Without it, autocannon (Node) does the same job, but
 * on a 2-core machine it takes a core for itself and the numbers measure the client as much
 * as the server.
 *
 *   ZBILL_BENCH_SECONDS=10       seconds per run (default 10)
 *   ZBILL_BENCH_ROUNDS=2         interleaved rounds (default 2); requests/s and p50 are averaged, p99 is the worst round's
 *   ZBILL_BENCH_CONNECTIONS=32   connections
 *   ZBILL_BENCH_PG_URL=postgres://…   adds zbill on PostgreSQL
 *   ZBILL_BENCH_RESET=0          skips the tenant reset timings (they create 30,000 accounts)
 *   ZBILL_BENCH_ONLY=zbill-sqlite,limit  only these servers
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { formatBillingBench, runBillingBench } from './billing.js';
import { formatMemoBench, runMemoBench } from './memos.js';
import { runSerialisationBench } from './serialisation.js';

const seconds = Number(process.env.ZBILL_BENCH_SECONDS || 10);
const rounds = Number(process.env.ZBILL_BENCH_ROUNDS || 2);
const connections = Number(process.env.ZBILL_BENCH_CONNECTIONS || 32);
const doReset = process.env.ZBILL_BENCH_RESET !== '0';
const only = process.env.ZBILL_BENCH_ONLY ? new Set(process.env.ZBILL_BENCH_ONLY.split(',')) : undefined;
const root = new URL('../..', import.meta.url).pathname;
const basePort = 20000 + Math.floor(Math.random() * 20000);

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function waitFor(url: string, ms = 15_000, every = 50): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`server did not come up at ${url}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

interface Server {
  name: string;
  proc: ChildProcess;
  base: string;
  coldStartMs: number;
  headers: Record<string, string>;
  accountKey: string;
  tenantId?: string;
}

async function spawnServer(script: string, env: Record<string, string>, port: number): Promise<{ proc: ChildProcess; ms: number }> {
  const started = performance.now();
  const proc = spawn(process.execPath, [join(root, script)], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  spawned.add(proc);
  proc.once('exit', () => spawned.delete(proc));
  await waitFor(`http://127.0.0.1:${port}/health`, 15_000, 5);
  // zbill listens before it makes the bootstrap tenant: it is usable once a token is issued
  if (env.ZBILL_CLIENT_ID) await token(`http://127.0.0.1:${port}`);
  return { proc, ms: performance.now() - started };
}

/** Every process the bench started, stopped however the bench ends. */
const spawned = new Set<ChildProcess>();

async function token(base: string): Promise<string> {
  const until = Date.now() + 15_000;
  for (;;) {
    const r = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=bench&client_secret=bench-secret',
    });
    const body = (await r.json()) as { access_token?: string };
    if (body.access_token) return body.access_token;
    if (Date.now() > until) throw new Error(`no token from ${base}: ${JSON.stringify(body)}`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

const zbillEnv = (databaseUrl: string) => ({ DATABASE_URL: databaseUrl, ZBILL_CLIENT_ID: 'bench', ZBILL_CLIENT_SECRET: 'bench-secret', ZBILL_ADMIN_KEY: 'bench-admin' });

async function json(url: string, init: RequestInit = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await fetch(url, init);
  return r.json();
}

const accountBody = JSON.stringify({
  name: 'Bench Co',
  currency: 'USD',
  billCycleDay: 1,
  autoPay: false,
  billToContact: { firstName: 'Ada', lastName: 'Lovelace', workEmail: 'ada@example.com', country: 'United States', state: 'California' },
});

async function startZbill(name: string, databaseUrl: string, port: number): Promise<Server> {
  const { proc, ms } = await spawnServer('dist/src/main.js', zbillEnv(databaseUrl), port);
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${await token(base)}`, 'content-type': 'application/json' };
  const made = await json(`${base}/v1/accounts`, { method: 'POST', headers, body: accountBody });
  if (!made.success) throw new Error(`${name}: could not create the account to read: ${JSON.stringify(made)}`);
  const tenants = await json(`${base}/admin/tenants`, { headers: { 'x-zbill-admin-key': 'bench-admin' } });
  return { name, proc, base, coldStartMs: ms, headers, accountKey: made.accountNumber, tenantId: tenants.tenants[0].id };
}

async function startLimit(file: string, port: number, seed: unknown): Promise<Server> {
  const { proc, ms } = await spawnServer('dist/bench/limit-server.js', { DATABASE_FILE: file }, port);
  const base = `http://127.0.0.1:${port}`;
  const headers = { 'content-type': 'application/json' };
  await json(`${base}/__seed/A00000001`, { method: 'PUT', headers, body: JSON.stringify(seed) });
  return { name: 'limit', proc, base, coldStartMs: ms, headers, accountKey: 'A00000001' };
}

// ---------------------------------------------------------------- load

const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // wrk prints its version and exits 1; only a missing binary throws ENOENT
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

function ms(v: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

interface LoadOpts {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  headers: Record<string, string>;
}

function wrk(opts: LoadOpts, dir: string): LoadResult {
  const script = join(dir, 'load.lua');
  writeFileSync(
    script,
    `wrk.method = ${JSON.stringify(opts.method)}\n` +
      (opts.body ? `wrk.body = ${JSON.stringify(opts.body)}\n` : '') +
      Object.entries(opts.headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}\n`).join(''),
  );
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, opts.url], { encoding: 'utf8' });
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  return {
    rps: Math.round(num(/Requests\/sec:\s+([\d.]+)/)),
    p50: ms(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''),
    p99: ms(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''),
    errors: num(/Non-2xx or 3xx responses:\s+(\d+)/) + num(/Socket errors:.*?(\d+)/),
  };
}

function load(opts: LoadOpts, dir: string): Promise<LoadResult> {
  if (hasWrk) return Promise.resolve(wrk(opts, dir));
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, connections, duration: seconds }, (err, res) =>
      err ? reject(err) : resolve({ rps: Math.round(res.requests.average), p50: res.latency.p50, p99: res.latency.p99, errors: res.errors + res.non2xx }),
    );
  });
}

// ---------------------------------------------------------------- cold start

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Process spawn to the first answer (zbill: a token issued), on a new SQLite file each time (then once more on the same file). */
async function coldStarts(dir: string): Promise<{ fresh: number[]; existing: number; limit: number }> {
  const fresh: number[] = [];
  let existing = 0;
  for (let i = 0; i < 3; i++) {
    const file = join(dir, `cold-${i}.db`);
    const port = basePort + 50 + i;
    const a = await spawnServer('dist/src/main.js', zbillEnv(`sqlite:${file}`), port);
    fresh.push(a.ms);
    await stop(a.proc);
    if (i === 0) {
      const b = await spawnServer('dist/src/main.js', zbillEnv(`sqlite:${file}`), port);
      existing = b.ms;
      await stop(b.proc);
    }
  }
  const l = await spawnServer('dist/bench/limit-server.js', { DATABASE_FILE: join(dir, 'cold-limit.db') }, basePort + 59);
  await stop(l.proc);
  return { fresh, existing, limit: l.ms };
}

// ---------------------------------------------------------------- reset

async function resetTimings(s: Server): Promise<void> {
  const admin = { 'x-zbill-admin-key': 'bench-admin' };
  const reset = async () => {
    const t = performance.now();
    await fetch(`${s.base}/admin/tenants/${s.tenantId}/reset`, { method: 'POST', headers: admin });
    return Math.round(performance.now() - t);
  };
  console.log(`${s.name}: tenant reset after the create runs: ${await reset()} ms`);
  await (await fetch(`${s.base}/v1/accounts`, { method: 'POST', headers: s.headers, body: accountBody })).arrayBuffer();
  console.log(`${s.name}: tenant reset of a small tenant: ${await reset()} ms`);
  // reset of 10,000 then 20,000 accounts (each with its bill-to contact): it should take twice as long, no more
  for (const n of [10_000, 20_000]) {
    let left = n;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (left-- > 0) await (await fetch(`${s.base}/v1/accounts`, { method: 'POST', headers: s.headers, body: accountBody })).arrayBuffer();
      }),
    );
    console.log(`${s.name}: tenant reset of ${n} accounts: ${await reset()} ms`);
  }
}

// ---------------------------------------------------------------- the run

const dir = mkdtempSync(join(tmpdir(), 'zbill-bench-'));
const servers: Server[] = [];
const want = (name: string) => !only || only.has(name);
interface Agg {
  server: string;
  scenario: string;
  runs: LoadResult[];
}
const results = new Map<string, Agg>();
let cold: Awaited<ReturnType<typeof coldStarts>> | undefined;
try {
  cold = await coldStarts(dir);
  console.log(`cold start, new SQLite file: ${cold.fresh.map((x) => Math.round(x)).join(', ')} ms; existing file: ${Math.round(cold.existing)} ms; limit server: ${Math.round(cold.limit)} ms`);

  const zs = await startZbill('zbill-sqlite', `sqlite:${join(dir, 'bench.db')}`, basePort + 1);
  const seed = await json(`${zs.base}/v1/accounts/${zs.accountKey}`, { headers: zs.headers });
  if (want('limit')) servers.push(await startLimit(join(dir, 'limit.db'), basePort, seed));
  if (want('zbill-sqlite')) servers.push(zs);
  else await stop(zs.proc);
  if (process.env.ZBILL_BENCH_PG_URL && want('zbill-postgres')) servers.push(await startZbill('zbill-postgres', process.env.ZBILL_BENCH_PG_URL, basePort + 2));
  else if (!process.env.ZBILL_BENCH_PG_URL) console.log('(set ZBILL_BENCH_PG_URL=postgres://… to bench PostgreSQL too)');

  const scenarios = [
    { scenario: 'GET /v1/accounts/{key}', opts: (s: Server): LoadOpts => ({ method: 'GET', url: `${s.base}/v1/accounts/${s.accountKey}`, headers: s.headers }) },
    { scenario: 'POST /v1/accounts', opts: (s: Server): LoadOpts => ({ method: 'POST', url: `${s.base}/v1/accounts`, body: accountBody, headers: s.headers }) },
  ];
  for (let round = 1; round <= rounds; round++) {
    for (const sc of scenarios) {
      for (const s of servers) {
        const res = await load(sc.opts(s), dir);
        console.log(`round ${round}: ${s.name} ${sc.scenario}: ${res.rps} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms${res.errors ? `, ${res.errors} errors` : ''}`);
        const key = `${s.name}\u0000${sc.scenario}`;
        if (!results.has(key)) results.set(key, { server: s.name, scenario: sc.scenario, runs: [] });
        results.get(key)!.runs.push(res);
      }
    }
  }
  if (doReset) for (const s of servers) if (s.tenantId) await resetTimings(s);
} finally {
  for (const p of [...spawned]) await stop(p);
  rmSync(dir, { recursive: true, force: true });
}

const summary = (a: Agg) => ({
  rps: Math.round(a.runs.reduce((x, r) => x + r.rps, 0) / a.runs.length),
  p50: Math.round((a.runs.reduce((x, r) => x + r.p50, 0) / a.runs.length) * 100) / 100,
  p99: Math.max(...a.runs.map((r) => r.p99)),
  errors: a.runs.reduce((x, r) => x + r.errors, 0),
});
console.log(
  `\n${connections} connections, ${seconds} s per run, ${rounds} interleaved round(s) (requests/s and p50 averaged, p99 the worst round's), loopback, load from ${hasWrk ? 'wrk (1 thread)' : 'autocannon (install wrk for a lighter client)'}\n`,
);
console.log('| server | scenario | requests/s | % of limit | p50 ms | p99 ms | p99 / limit p99 | errors |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const a of results.values()) {
  const s = summary(a);
  const lim = results.get(`limit\u0000${a.scenario}`);
  const l = lim ? summary(lim) : undefined;
  const pct = l && a.server !== 'limit' ? `${Math.round((100 * s.rps) / l.rps)} %` : '';
  const tail = l && a.server !== 'limit' ? `${(s.p99 / l.p99).toFixed(1)}×` : '';
  console.log(`| ${a.server} | ${a.scenario} | ${s.rps} | ${pct} | ${s.p50} | ${s.p99} | ${tail} | ${s.errors} |`);
}
const zsq = (sc: string) => results.get(`zbill-sqlite\u0000${sc}`);
for (const sc of ['GET /v1/accounts/{key}', 'POST /v1/accounts']) {
  const p = results.get(`zbill-postgres\u0000${sc}`);
  const q = zsq(sc);
  if (p && q) console.log(`zbill-postgres ${sc}: ${Math.round((100 * summary(p).rps) / summary(q).rps)} % of zbill-sqlite`);
}
if (cold) console.log(`cold start (spawn to first answer, new SQLite file, median of 3): ${Math.round(median(cold.fresh))} ms; existing file: ${Math.round(cold.existing)} ms`);
// billing benches (bench/billing.ts): a bill run over 10,000 accounts and a billing preview, in process; ZBILL_BENCH_BILLING=0 skips them
if (process.env.ZBILL_BENCH_BILLING !== '0') console.log(`\n${formatBillingBench(await runBillingBench())}`);
if (process.env.ZBILL_BENCH_MEMOS !== '0') console.log(`\n${formatMemoBench(await runMemoBench())}`);
console.log(`\n${runSerialisationBench(root)}`);
