import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/app.js';
import { loadConfig, SETTINGS } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { Tenants } from '../../src/platform/tenants.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'zbill-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs src/main.ts as `zbill` would run. Without `until` it waits for the exit;
 * with it, it waits for stdout to match, calls `whileUp`, then stops the server with SIGTERM.
 */
function zbill(args: string[], env: Record<string, string>, until?: RegExp, whileUp?: (out: string) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { code: null, stdout: '', stderr: '' };
    let stopping = false;
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.stdout.on('data', (b: Buffer) => {
      run.stdout += b.toString();
      if (until && !stopping && until.test(run.stdout)) {
        stopping = true;
        void (whileUp ?? (async () => undefined))(run.stdout)
          .catch(reject)
          .finally(() => proc.kill('SIGTERM'));
      }
    });
    proc.stderr.on('data', (b: Buffer) => (run.stderr += b.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      run.code = code;
      resolve(run);
    });
  });
}

/** A failed start: exit code 1 and exactly one line on stderr, `zbill: <setting>: …`. */
function expectRefused(run: Run, setting: string, what: RegExp): void {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^zbill: ${setting}: `));
  expect(lines[0]).toMatch(what);
  expect(run.stdout).not.toMatch(/client secret/);
}

const secretLine = (out: string) => /client secret: (.*)/.exec(out)?.[1];

describe('zbill refuses to start with a bad setting', () => {
  it('a bad variable or option: one line naming it, exit code 1', async () => {
    const [tz, port, unknown] = await Promise.all([
      zbill([], { ZBILL_DEFAULT_TIMEZONE: 'Mars/Olympus', DATABASE_URL: 'sqlite::memory:' }),
      zbill(['--port', '70000'], { DATABASE_URL: 'sqlite::memory:' }),
      zbill(['--verbose'], {}),
    ]);
    expectRefused(tz, 'ZBILL_DEFAULT_TIMEZONE', /IANA time zone.*"Mars\/Olympus"/);
    expectRefused(port, '--port', /from 0 to 65535, got "70000"/);
    expectRefused(unknown, '--verbose', /unknown option/);
  });

  it('an SQLite file in a directory that does not exist, or a PostgreSQL that does not answer', async () => {
    const missing = join(dir, 'no-such-dir');
    const [sqlite, pg] = await Promise.all([
      zbill([], { DATABASE_URL: `sqlite:${missing}/z.db`, PORT: '0' }),
      zbill(['--database-url', 'postgres://zbill:pw@127.0.0.1:1/zbill'], { PORT: '0' }),
    ]);
    expectRefused(sqlite, 'DATABASE_URL', /directory .*no-such-dir .*does not exist/);
    expect(existsSync(missing)).toBe(false);
    expectRefused(pg, '--database-url', /cannot connect to PostgreSQL at 127\.0\.0\.1:1\/zbill: .*ECONNREFUSED/);
    expect(pg.stderr).not.toContain(':pw@');
  });

  it('a port in use: PORT named, and no tenant or secret made', async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const taken = (holder.address() as { port: number }).port;
    try {
      const file = join(dir, 'port-in-use.db');
      const run = await zbill([], { DATABASE_URL: `sqlite:${file}`, HOST: '127.0.0.1', PORT: String(taken) });
      expectRefused(run, 'PORT', new RegExp(`port ${taken} on 127\\.0\\.0\\.1 is already in use`));
      const database = openDatabase(`sqlite:${file}`);
      expect(await database.db.selectFrom('tenants').selectAll().execute()).toEqual([]);
      await database.close();
    } finally {
      holder.close();
    }
  });

  it('--help lists every setting and exits 0 without opening a database', async () => {
    const run = await zbill(['--help'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: zbill /);
    for (const s of SETTINGS) expect(run.stdout).toContain(s.name);
    expect(run.stdout).toContain('--database-url');
    expect(run.stderr).toBe('');
  });
});

describe('zbill starts and keeps one bootstrap tenant', () => {
  it('a first start prints the generated secret; a start with ZBILL_CLIENT_ID/SECRET on a used database keeps its tenant and prints no secret', async () => {
    const ready = /admin key: .*\n/;
    // The used database: what a first start without credentials leaves behind.
    const used = join(dir, 'used.db');
    const before = openDatabase(`sqlite:${used}`);
    await migrate(before);
    const earlier = await new Tenants(before.db, loadConfig({}), []).bootstrap();
    await before.close();

    let token: unknown;
    const [first, again] = await Promise.all([
      zbill([], { DATABASE_URL: `sqlite:${join(dir, 'new.db')}`, HOST: '127.0.0.1', PORT: '0' }, ready),
      zbill([], { DATABASE_URL: `sqlite:${used}`, HOST: '127.0.0.1', PORT: '0', ZBILL_CLIENT_ID: 'ops', ZBILL_CLIENT_SECRET: 'ops-secret', ZBILL_ADMIN_KEY: 'adm' }, ready, async (out) => {
        const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1];
        const res = await fetch(`http://127.0.0.1:${port}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
          body: 'grant_type=client_credentials&client_id=ops&client_secret=ops-secret',
        });
        token = ((await res.json()) as { access_token?: string }).access_token;
      }),
    ]);

    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/tenant: +Default tenant \([0-9a-f]{32}\)/);
    expect(secretLine(first.stdout)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.stdout).toMatch(/admin key: +[A-Za-z0-9_-]{24}\n/);

    expect(again.code, again.stderr).toBe(0);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(again.stdout).toContain(`tenant:        Default tenant (${earlier.tenant.id})`);
    expect(again.stdout).toMatch(/client id: +ops\n/);
    expect(secretLine(again.stdout)).toBe('(from ZBILL_CLIENT_SECRET)');
    expect(again.stdout).toMatch(/admin key: +\(from ZBILL_ADMIN_KEY\)/);
    expect(again.stdout).not.toContain('ops-secret');
    expect(again.stdout).not.toContain(earlier.client.clientSecret);

    const after = openDatabase(`sqlite:${used}`);
    expect(await after.db.selectFrom('tenants').select('id').execute()).toEqual([{ id: earlier.tenant.id }]);
    expect(await after.db.selectFrom('oauth_clients').select('client_id').execute()).toEqual([{ client_id: 'ops' }]);
    await after.close();
  });
});

describe('Tenants.bootstrap', () => {
  let n = 0;
  async function fresh() {
    const database = openDatabase(`sqlite:${join(dir, `bootstrap-${++n}.db`)}`);
    await migrate(database, []);
    const tenants = (env: Record<string, string>) => new Tenants(database.db, loadConfig(env), []);
    const count = async (table: string) => (await database.db.selectFrom(table).selectAll().execute()).length;
    return { database, tenants, count };
  }

  it('twice without credentials: one tenant, the same client, generated only the first time', async () => {
    const { database, tenants, count } = await fresh();
    const a = await tenants({}).bootstrap();
    const b = await tenants({}).bootstrap();
    expect(a.generated).toBe(true);
    expect(b.generated).toBe(false);
    expect(b.tenant.id).toBe(a.tenant.id);
    expect(b.client).toEqual(a.client);
    expect(await count('tenants')).toBe(1);
    await database.close();
  });

  it('without, then with credentials: the given client replaces the generated one (and its tokens) on the same tenant', async () => {
    const { database, tenants, count } = await fresh();
    const a = await tenants({}).bootstrap();
    await database.db.insertInto('oauth_tokens').values({ token: 'f'.repeat(32), tenant_id: a.tenant.id, client_id: a.client.clientId, expires_at: Date.now() + 60_000 }).execute();
    const creds = { ZBILL_CLIENT_ID: 'ops', ZBILL_CLIENT_SECRET: 'one' };
    const b = await tenants(creds).bootstrap();
    expect(b).toEqual({ tenant: a.tenant, client: { clientId: 'ops', clientSecret: 'one' }, generated: false });
    expect(await count('tenants')).toBe(1);
    expect(await database.db.selectFrom('oauth_clients').select(['client_id', 'client_secret']).execute()).toEqual([{ client_id: 'ops', client_secret: 'one' }]);
    expect(await count('oauth_tokens')).toBe(0);

    // the same id with a new secret updates it; another id replaces it; none makes a tenant
    await tenants({ ...creds, ZBILL_CLIENT_SECRET: 'two' }).bootstrap();
    expect(await database.db.selectFrom('oauth_clients').select(['client_id', 'client_secret']).execute()).toEqual([{ client_id: 'ops', client_secret: 'two' }]);
    const c = await tenants({ ZBILL_CLIENT_ID: 'ci', ZBILL_CLIENT_SECRET: 'three' }).bootstrap();
    expect(c.tenant.id).toBe(a.tenant.id);
    expect(await database.db.selectFrom('oauth_clients').select('client_id').execute()).toEqual([{ client_id: 'ci' }]);
    // and a later start without credentials keeps the given client, unshown
    const d = await tenants({}).bootstrap();
    expect(d).toMatchObject({ client: { clientId: 'ci' }, generated: false });
    expect(await count('tenants')).toBe(1);
    await database.close();
  });

  it('with credentials on an empty database: a tenant owning the given client, nothing generated', async () => {
    const { database, tenants, count } = await fresh();
    const a = await tenants({ ZBILL_CLIENT_ID: 'ops', ZBILL_CLIENT_SECRET: 'one' }).bootstrap();
    expect(a).toMatchObject({ tenant: { name: 'Default tenant' }, client: { clientId: 'ops', clientSecret: 'one' }, generated: false });
    await tenants({ ZBILL_CLIENT_ID: 'ops', ZBILL_CLIENT_SECRET: 'one' }).bootstrap();
    expect(await count('tenants')).toBe(1);
    expect(await count('oauth_clients')).toBe(1);
    await database.close();
  });
});

describe('scripts/build-if-needed.mjs (npm start, the zbill command)', () => {
  /** A project copy with the build script, a source file and (optionally) a stand-in tsc that writes dist/src/main.js. */
  function project(withTsc: boolean): string {
    const p = mkdtempSync(join(dir, 'project-'));
    mkdirSync(join(p, 'scripts'));
    mkdirSync(join(p, 'src'));
    copyFileSync(join(root, 'scripts/build-if-needed.mjs'), join(p, 'scripts/build-if-needed.mjs'));
    writeFileSync(join(p, 'src/main.ts'), 'export {};\n');
    writeFileSync(join(p, 'tsconfig.json'), '{}\n');
    if (withTsc) {
      mkdirSync(join(p, 'node_modules/typescript/bin'), { recursive: true });
      writeFileSync(
        join(p, 'node_modules/typescript/bin/tsc'),
        "const fs = require('node:fs'); fs.mkdirSync('dist/src', { recursive: true }); fs.writeFileSync('dist/src/main.js', ''); console.log('tsc ran');\n",
      );
    }
    return p;
  }
  const build = (p: string) => spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { cwd: p, encoding: 'utf8' });

  it('says it is building before tsc runs, and builds only when the sources changed', () => {
    const p = project(true);
    writeFileSync(join(p, 'node_modules/typescript/package.json'), '{"type":"commonjs"}\n');
    const first = build(p);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^zbill: building dist\/ with tsc .*this takes a while/);
    expect(first.stdout).toContain('tsc ran');
    expect(first.stderr).toMatch(/zbill: built in \d+ s/);
    const again = build(p);
    expect(again.status).toBe(0);
    expect(again.stdout + again.stderr).toBe('');
  });

  it('without TypeScript and without dist/: one clear line and exit 1', () => {
    const run = build(project(false));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^zbill: dist\/ is not built and TypeScript is not installed; run `npm ci`.*`npm run build`\n$/);
  });
});

describe('the zbill command', () => {
  it('package.json "bin" is an executable node script that builds if needed and runs dist/src/main.js', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(root, pkg.bin.zbill!);
    const text = readFileSync(bin, 'utf8');
    expect(text.split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    expect(text).toContain("'../scripts/build-if-needed.mjs'");
    expect(text).toContain("'../dist/src/main.js'");
    expect(existsSync(join(root, 'scripts/build-if-needed.mjs'))).toBe(true);
    expect(readFileSync(join(root, 'src/main.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
