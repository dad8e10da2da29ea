import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { makeCtx, tenantNow, type Ctx, type TenantSettings } from './context.js';
import type { Db } from './db/database.js';
import { isValidTimeZone, parseDate, Temporal } from './dates.js';
import { invalidValue, notFound, ruleViolation } from './errors.js';
import { newId } from './ids.js';
import type { JobRunner } from './jobs.js';
import type { ZModule } from './module.js';
import { Snapshots, type SnapshotInfo } from './snapshots.js';

interface TenantRow {
  id: string;
  tenant_number: number;
  entity_id: string;
  name: string;
  default_api_version: string;
  timezone: string;
  currency: string;
  rate_limit: number | null;
  default_invoice_template_id?: string | null;
  clock: string | null;
  created_at: string;
  resetting?: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toSettings(r: TenantRow | Record<string, any>): TenantSettings {
  return {
    id: r.id,
    name: r.name,
    tenantNumber: Number(r.tenant_number),
    entityId: r.entity_id,
    defaultApiVersion: r.default_api_version,
    timezone: r.timezone,
    currency: r.currency,
    rateLimit: r.rate_limit === null ? null : Number(r.rate_limit),
    defaultInvoiceTemplateId: r.default_invoice_template_id ?? null,
    clock: r.clock,
    ...(r.resetting ? { resetting: true } : {}),
  };
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

const VERSION_RE = /^(\d{4}-\d{2}-\d{2}|\d{1,3}\.\d)$/;
const CURRENCY_RE = /^[A-Z]{3}$/;

export interface SettingsPatch {
  name?: string;
  defaultApiVersion?: string;
  timezone?: string;
  currency?: string;
  rateLimit?: number | null;
  /** 32 lowercase hex characters, as Zuora's template ids. */
  defaultInvoiceTemplateId?: string;
}

function checkSettings(p: SettingsPatch): void {
  if (p.defaultApiVersion !== undefined && !VERSION_RE.test(p.defaultApiVersion))
    throw invalidValue(`'defaultApiVersion' must look like 2024-05-20 or 211.0, got '${p.defaultApiVersion}'`);
  if (p.timezone !== undefined && !isValidTimeZone(p.timezone)) throw invalidValue(`'timezone' is not a known IANA time zone: '${p.timezone}'`);
  if (p.currency !== undefined && !CURRENCY_RE.test(p.currency)) throw invalidValue(`'currency' must be a 3-letter ISO code, got '${p.currency}'`);
  if (p.rateLimit !== undefined && p.rateLimit !== null && (!Number.isInteger(p.rateLimit) || p.rateLimit < 1))
    throw invalidValue(`'rateLimit' must be a positive integer`);
  if (p.defaultInvoiceTemplateId !== undefined && !/^[0-9a-f]{32}$/.test(p.defaultInvoiceTemplateId))
    throw invalidValue(`'defaultInvoiceTemplateId' must be 32 lowercase hex characters, got '${p.defaultInvoiceTemplateId}'`);
}

/** A clock value: a date (the start of that day in `timeZone`) or an ISO-8601 instant. */
function clockTarget(value: string, timeZone: string, field: string): Temporal.Instant {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseDate(value) : undefined;
  if (d) return d.toZonedDateTime({ timeZone }).toInstant();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    try {
      return Temporal.Instant.from(value);
    } catch {
      /* answered below */
    }
  }
  throw invalidValue(`'${field}' must be a calendar date YYYY-MM-DD or an ISO-8601 instant with an offset, got '${value}'`);
}

/** Tenants, their credentials, settings and clock. Used by the admin API and by auth. */
export class Tenants {
  private readonly snapshots: Snapshots;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly modules: ZModule[],
    /** Runs the jobs that fall due while the clock moves. */
    private readonly jobs?: JobRunner,
  ) {
    this.snapshots = new Snapshots(db, modules);
  }

  async get(id: string): Promise<TenantSettings> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`Tenant '${id}' does not exist`);
    return toSettings(row as TenantRow);
  }

  /** A service context for the tenant, outside any request (the admin API's writes into a tenant). */
  async context(id: string): Promise<Ctx> {
    return makeCtx(await this.get(id), this.db);
  }

  async list(): Promise<TenantSettings[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('tenant_number').execute();
    return rows.map((r) => toSettings(r as TenantRow));
  }

  /** `clock` (a date, the start of that day in the tenant's zone, or an instant) freezes the new tenant's clock there. */
  async create(input: SettingsPatch & { clientId?: string; clientSecret?: string; clock?: string }): Promise<{ tenant: TenantSettings; client: OAuthClient }> {
    checkSettings(input);
    const clock = input.clock === undefined ? null : clockTarget(input.clock, input.timezone ?? this.config.defaultTimezone, 'clock').toString();
    return this.db.transaction().execute(async (trx) => {
      const max = await trx.selectFrom('tenants').select((eb) => eb.fn.max('tenant_number').as('n')).executeTakeFirst();
      const id = newId();
      const row: TenantRow = {
        id,
        tenant_number: Number(max?.n ?? 0) + 1,
        entity_id: randomUUID(),
        name: input.name ?? `Tenant ${Number(max?.n ?? 0) + 1}`,
        default_api_version: input.defaultApiVersion ?? this.config.defaultApiVersion,
        timezone: input.timezone ?? this.config.defaultTimezone,
        currency: input.currency ?? this.config.defaultCurrency,
        rate_limit: input.rateLimit ?? null,
        // every Zuora tenant has a default invoice template; zbill makes up its id unless one is given
        default_invoice_template_id: input.defaultInvoiceTemplateId ?? newId(),
        clock,
        created_at: new Date().toISOString(),
      };
      await trx.insertInto('tenants').values(row).execute();
      const client: OAuthClient = {
        clientId: input.clientId ?? randomUUID(),
        clientSecret: input.clientSecret ?? randomBytes(24).toString('base64url'),
      };
      const taken = await trx.selectFrom('oauth_clients').select('client_id').where('client_id', '=', client.clientId).executeTakeFirst();
      if (taken) throw ruleViolation(`OAuth client '${client.clientId}' already exists`);
      await trx.insertInto('oauth_clients').values({ client_id: client.clientId, client_secret: client.clientSecret, tenant_id: id, created_at: row.created_at }).execute();
      return { tenant: toSettings(row), client };
    });
  }

  async clients(tenantId: string): Promise<OAuthClient[]> {
    const rows = await this.db.selectFrom('oauth_clients').select(['client_id', 'client_secret']).where('tenant_id', '=', tenantId).execute();
    return rows.map((r) => ({ clientId: r.client_id as string, clientSecret: r.client_secret as string }));
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.emptyInChunks(id);
    await this.db.transaction().execute(async (trx) => {
      await this.emptyTenant(trx, id);
      await trx.deleteFrom('oauth_tokens').where('tenant_id', '=', id).execute();
      await trx.deleteFrom('oauth_clients').where('tenant_id', '=', id).execute();
      await trx.deleteFrom('tenants').where('id', '=', id).execute();
    });
  }

  /**
   * Removes every business object of the tenant; keeps its credentials and settings; the clock follows real time again.
   *
   * Not one transaction: the tenant is marked as resetting (its API requests answer a lock
   * error, 409, meanwhile), then each table is emptied in chunks of `resetChunkRows` rows,
   * each chunk a statement of its own, so that other tenants' writes wait at most one chunk
   * (docs/decisions.md). A reset that fails half-way leaves the mark: the tenant stays
   * locked until a reset finishes.
   */
  async reset(id: string): Promise<void> {
    await this.get(id);
    await this.emptyInChunks(id);
    await this.db.updateTable('tenants').set({ clock: null, resetting: null }).where('id', '=', id).execute();
  }

  /** Rows deleted per statement by reset (and by delete before its final transaction). */
  resetChunkRows = 2000;

  private async emptyInChunks(id: string): Promise<void> {
    await this.db.updateTable('tenants').set({ resetting: new Date().toISOString() }).where('id', '=', id).execute();
    const pg = this.db.selectFrom('tenants').select('id').where('id', '=', '').compile().sql.includes('$1');
    // A row's physical address: one index-free lookup per deleted row.
    const key = sql.raw(pg ? 'ctid' : 'rowid');
    const chunk = sql.lit(this.resetChunkRows);
    for (const table of this.tablesToEmpty()) {
      const t = sql.table(table);
      for (;;) {
        const pick = sql`select ${key} from ${t} where tenant_id = ${id} limit ${chunk}`;
        const res = pg
          ? await sql`delete from ${t} where ${key} = any(array(${pick}))`.execute(this.db)
          : await sql`delete from ${t} where ${key} in (${pick})`.execute(this.db);
        if (Number(res.numAffectedRows ?? 0) < this.resetChunkRows) break;
        // Let requests of other tenants run between chunks (SQLite runs on this thread).
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Every per-tenant table reset empties, children first. */
  private tablesToEmpty(): string[] {
    // Modules list children first within a module; later modules depend on earlier ones.
    const out = [...this.modules].reverse().flatMap((m) => m.tenantTables ?? []);
    return [...out, 'idempotency_keys', 'jobs', 'counters'];
  }

  private async emptyTenant(trx: Db, id: string): Promise<void> {
    for (const table of this.tablesToEmpty()) await trx.deleteFrom(table).where('tenant_id', '=', id).execute();
  }

  async updateSettings(id: string, patch: SettingsPatch): Promise<TenantSettings> {
    checkSettings(patch);
    await this.get(id);
    const set: Partial<TenantRow> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.defaultApiVersion !== undefined) set.default_api_version = patch.defaultApiVersion;
    if (patch.timezone !== undefined) set.timezone = patch.timezone;
    if (patch.currency !== undefined) set.currency = patch.currency;
    if (patch.rateLimit !== undefined) set.rate_limit = patch.rateLimit;
    if (patch.defaultInvoiceTemplateId !== undefined) set.default_invoice_template_id = patch.defaultInvoiceTemplateId;
    if (Object.keys(set).length) await this.db.updateTable('tenants').set(set).where('id', '=', id).execute();
    return this.get(id);
  }

  /**
   * Business data: any row of any module's tenant tables but its configuration
   * tables (`configTables`: billing rules, payment terms). Until a tenant holds
   * some, its clock may be set anywhere, backwards too, or unfrozen.
   */
  async hasBusinessData(id: string, db: Db = this.db): Promise<boolean> {
    for (const m of this.modules) {
      const config = new Set(m.configTables ?? []);
      for (const table of m.tenantTables ?? []) {
        if (config.has(table)) continue;
        if (await db.selectFrom(table).select('tenant_id').where('tenant_id', '=', id).limit(1).executeTakeFirst()) return true;
      }
    }
    return false;
  }

  /**
   * Moves the tenant clock forward to `target` and runs, day by day and in date
   * order, the work that falls due on each day passed, then the jobs due by the
   * start of that day (and at the end those due by `target`). All of it lands in one
   * transaction: if any due work fails, the clock stays where it was. A tenant
   * that holds no business data may also have its clock moved backwards (no due
   * work runs then).
   */
  async moveClock(id: string, target: Temporal.Instant): Promise<{ tenant: TenantSettings; ranDays: number }> {
    const tenant = await this.get(id);
    const from = tenantNow(tenant);
    if (Temporal.Instant.compare(target, from) < 0) {
      await this.db.transaction().execute(async (trx) => {
        if (await this.hasBusinessData(id, trx))
          throw ruleViolation(
            `The tenant clock only moves forward once the tenant holds business data: it reads ${from.toString()}, and ${target.toString()} is earlier (reset the tenant first)`,
          );
        await trx.updateTable('tenants').set({ clock: target.toString() }).where('id', '=', id).execute();
      });
      return { tenant: await this.get(id), ranDays: 0 };
    }
    let ranDays = 0;
    const work = this.modules.flatMap((m) => m.dueWork ?? []);
    await this.db.transaction().execute(async (trx) => {
      let day = from.toZonedDateTimeISO(tenant.timezone).toPlainDate();
      const last = target.toZonedDateTimeISO(tenant.timezone).toPlainDate();
      while (Temporal.PlainDate.compare(day, last) < 0) {
        day = day.add({ days: 1 });
        const at = day.toZonedDateTime({ timeZone: tenant.timezone }).toInstant();
        // The day's work sees the clock at the start of that day through its ctx;
        // the tenant row is written once, at the end.
        const ctx = makeCtx({ ...tenant, clock: at.toString() }, trx);
        for (const w of work) await w.run(ctx, day);
        // Then the jobs due by the start of that day (those the day's work enqueued too).
        await this.jobs?.runDueInTransaction(trx, id, at);
        ranDays++;
      }
      await this.jobs?.runDueInTransaction(trx, id, target);
      await trx.updateTable('tenants').set({ clock: target.toString() }).where('id', '=', id).execute();
    });
    // Jobs whose handlers run their own transactions, due by now, run before the answer too.
    await this.jobs?.runDue({ tenantId: id });
    return { tenant: await this.get(id), ranDays };
  }

  /** `{date}` sets the clock to the start of that day in the tenant's zone; `{now}` to an exact instant. */
  async setClock(id: string, input: { date?: string; now?: string }) {
    const tenant = await this.get(id);
    let target: Temporal.Instant;
    if (input.date !== undefined) {
      const d = parseDate(input.date);
      if (!d) throw invalidValue(`'date' must be a calendar date YYYY-MM-DD, got '${input.date}'`);
      target = d.toZonedDateTime({ timeZone: tenant.timezone }).toInstant();
    } else if (input.now !== undefined) {
      try {
        target = Temporal.Instant.from(input.now);
      } catch {
        throw invalidValue(`'now' must be an ISO-8601 instant with an offset, got '${input.now}'`);
      }
    } else throw invalidValue(`Give 'date' (YYYY-MM-DD) or 'now' (ISO-8601 instant)`);
    return this.moveClock(id, target);
  }

  /** Unfreezes the clock: it follows real time again. Allowed while the tenant holds no business data, like moving backwards. */
  async unfreezeClock(id: string): Promise<TenantSettings> {
    await this.get(id);
    await this.db.transaction().execute(async (trx) => {
      if (await this.hasBusinessData(id, trx))
        throw ruleViolation(`The tenant clock can follow real time again only while the tenant holds no business data (reset the tenant first)`);
      await trx.updateTable('tenants').set({ clock: null }).where('id', '=', id).execute();
    });
    return this.get(id);
  }

  async listSnapshots(id: string): Promise<SnapshotInfo[]> {
    await this.get(id);
    return this.snapshots.list(id);
  }

  /** Saves the tenant's whole state (rows, counters, settings, clock) under `name`, replacing a snapshot of that name. */
  async saveSnapshot(id: string, name: unknown): Promise<SnapshotInfo> {
    await this.get(id);
    return this.snapshots.save(id, name);
  }

  async deleteSnapshot(id: string, name: string): Promise<void> {
    await this.get(id);
    await this.snapshots.delete(id, name);
  }

  /** Puts the tenant back as it was when `name` was saved, in one transaction. */
  async restoreSnapshot(id: string, name: string): Promise<TenantSettings> {
    await this.get(id);
    await this.snapshots.restore(id, name, (trx, tenantId) => this.emptyTenant(trx, tenantId));
    return this.get(id);
  }

  async advanceClock(id: string, by: { days?: number; months?: number }) {
    const tenant = await this.get(id);
    const days = by.days ?? 0;
    const months = by.months ?? 0;
    if (!Number.isInteger(days) || !Number.isInteger(months) || days < 0 || months < 0 || days + months === 0)
      throw invalidValue(`Advance by a positive whole number of 'days' and/or 'months'`);
    const z = tenantNow(tenant).toZonedDateTimeISO(tenant.timezone).add({ months }).add({ days });
    return this.moveClock(id, z.toInstant());
  }

  /**
   * Makes sure the bootstrap tenant (the first one) exists at start. With
   * ZBILL_CLIENT_ID/SECRET it owns that client: the first start creates it, a
   * later start replaces the tenant's client with it. `generated` is true when
   * the secret was made up on this start (the server prints it only then).
   */
  async bootstrap(): Promise<{ tenant: TenantSettings; client: OAuthClient; generated: boolean }> {
    const { clientId, clientSecret } = this.config;
    const first = (await this.list())[0];
    if (clientId && clientSecret) {
      const client = { clientId, clientSecret };
      const row = await this.db.selectFrom('oauth_clients').select(['tenant_id', 'client_secret']).where('client_id', '=', clientId).executeTakeFirst();
      if (row) {
        if (row.client_secret !== clientSecret) await this.db.updateTable('oauth_clients').set({ client_secret: clientSecret }).where('client_id', '=', clientId).execute();
        return { tenant: await this.get(row.tenant_id as string), client, generated: false };
      }
      if (!first) return { ...(await this.create({ name: 'Default tenant', clientId, clientSecret })), generated: false };
      await this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('oauth_tokens').where('tenant_id', '=', first.id).execute();
        await trx.deleteFrom('oauth_clients').where('tenant_id', '=', first.id).execute();
        await trx.insertInto('oauth_clients').values({ client_id: clientId, client_secret: clientSecret, tenant_id: first.id, created_at: new Date().toISOString() }).execute();
      });
      return { tenant: first, client, generated: false };
    }
    if (!first) return { ...(await this.create({ name: 'Default tenant' })), generated: true };
    const existing = (await this.clients(first.id))[0];
    if (existing) return { tenant: first, client: existing, generated: false };
    const made = { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
    await this.db.insertInto('oauth_clients').values({ client_id: made.clientId, client_secret: made.clientSecret, tenant_id: first.id, created_at: new Date().toISOString() }).execute();
    return { tenant: first, client: made, generated: true };
  }
}
