/**
 * npm run bench: starts zbill as its own process and loads it over loopback
 * (32 connections): GET /v1/accounts/{key} and POST /v1/accounts, on SQLite and,
 * when ZBILL_BENCH_PG_URL is set, on PostgreSQL. Also times a tenant reset.
 * Prints requests/s and p50/p99 latency.
 *
 * The load comes from wrk (Debian package `wrk`) when it is installed: it is
 * written in C and leaves the second core to the server. Without it, autocannon
 * (Node) does the same job, but on a 2-core machine it takes a core for itself
 * and the numbers measure the client as much as the server.
 *
 *   ZBILL_BENCH_SECONDS=10 ZBILL_BENCH_PG_URL=postgres://… npm run bench
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const seconds = Number(process.env.ZBILL_BENCH_SECONDS || 10);
const connections = Number(process.env.ZBILL_BENCH_CONNECTIONS || 32);
const root = new URL('../..', import.meta.url).pathname;

interface Row {
  database: string;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function waitFor(url: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`server did not come up at ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startServer(databaseUrl: string, port: number): Promise<{ proc: ChildProcess; coldStartMs: number }> {
  const started = performance.now();
  const proc = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, ZBILL_CLIENT_ID: 'bench', ZBILL_CLIENT_SECRET: 'bench-secret', ZBILL_ADMIN_KEY: 'bench-admin', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${port}/health`);
  return { proc, coldStartMs: performance.now() - started };
}

async function json(url: string, init: RequestInit = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await fetch(url, init);
  return r.json();
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

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

function wrk(opts: { method: 'GET' | 'POST'; url: string; body?: string; headers: Record<string, string> }, dir: string): LoadResult {
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

function load(opts: { method: 'GET' | 'POST'; url: string; body?: string; headers: Record<string, string> }, dir: string): Promise<LoadResult> {
  if (hasWrk) return Promise.resolve(wrk(opts, dir));
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, connections, duration: seconds }, (err, res) =>
      err ? reject(err) : resolve({ rps: Math.round(res.requests.average), p50: res.latency.p50, p99: res.latency.p99, errors: res.errors + res.non2xx }),
    );
  });
}

const accountBody = JSON.stringify({
  name: 'Bench Co',
  currency: 'USD',
  billCycleDay: 1,
  autoPay: false,
  billToContact: { firstName: 'Ada', lastName: 'Lovelace', workEmail: 'ada@example.com', country: 'United States', state: 'California' },
});

async function benchOne(label: string, databaseUrl: string, port: number, dir: string): Promise<Row[]> {
  const { proc, coldStartMs } = await startServer(databaseUrl, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    console.log(`${label}: server ready in ${Math.round(coldStartMs)} ms (process spawn to first answer)`);
    const tok = await json(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=bench&client_secret=bench-secret',
    });
    const headers = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' };
    const made = await json(`${base}/v1/accounts`, { method: 'POST', headers, body: accountBody });
    if (!made.success) throw new Error(`could not create the account to read: ${JSON.stringify(made)}`);
    const rows: Row[] = [];
    for (const [scenario, opts] of [
      [`GET /v1/accounts/{key}`, { method: 'GET' as const, url: `${base}/v1/accounts/${made.accountNumber}` }],
      [`POST /v1/accounts`, { method: 'POST' as const, url: `${base}/v1/accounts`, body: accountBody }],
    ] as const) {
      const res = await load({ ...opts, headers }, dir);
      rows.push({ database: label, scenario, ...res });
    }
    // reset of a tenant holding everything the POST run created
    const tenants = await json(`${base}/admin/tenants`, { headers: { 'x-zbill-admin-key': 'bench-admin' } });
    const t0 = performance.now();
    await fetch(`${base}/admin/tenants/${tenants.tenants[0].id}/reset`, { method: 'POST', headers: { 'x-zbill-admin-key': 'bench-admin' } });
    console.log(`${label}: tenant reset after the create run: ${Math.round(performance.now() - t0)} ms`);
    const small = await fetch(`${base}/v1/accounts`, { method: 'POST', headers, body: accountBody });
    await small.arrayBuffer();
    const t1 = performance.now();
    await fetch(`${base}/admin/tenants/${tenants.tenants[0].id}/reset`, { method: 'POST', headers: { 'x-zbill-admin-key': 'bench-admin' } });
    console.log(`${label}: tenant reset of a small tenant: ${Math.round(performance.now() - t1)} ms`);
    // reset of 10,000 then 20,000 accounts (each with its bill-to contact): it should take twice as long, no more
    for (const n of [10_000, 20_000]) {
      let left = n;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (left-- > 0) await (await fetch(`${base}/v1/accounts`, { method: 'POST', headers, body: accountBody })).arrayBuffer();
        }),
      );
      const t2 = performance.now();
      await fetch(`${base}/admin/tenants/${tenants.tenants[0].id}/reset`, { method: 'POST', headers: { 'x-zbill-admin-key': 'bench-admin' } });
      console.log(`${label}: tenant reset of ${n} accounts: ${Math.round(performance.now() - t2)} ms`);
    }
    return rows;
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'zbill-bench-'));
const rows: Row[] = [];
try {
  rows.push(...(await benchOne('sqlite', `sqlite:${join(dir, 'bench.db')}`, 18080, dir)));
  if (process.env.ZBILL_BENCH_PG_URL) rows.push(...(await benchOne('postgres', process.env.ZBILL_BENCH_PG_URL, 18081, dir)));
  else console.log('(set ZBILL_BENCH_PG_URL=postgres://… to bench PostgreSQL too)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\n${connections} connections, ${seconds} s each, loopback, load from ${hasWrk ? 'wrk' : 'autocannon (install wrk for a lighter client)'}\n`);
console.log('| database | scenario | requests/s | p50 ms | p99 ms | errors |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.database} | ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
