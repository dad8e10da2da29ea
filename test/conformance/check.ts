// Spec-conformance checker: compares a response body with the success
// response schema of the reference OpenAPI spec (extracted, with every $ref
// resolved, into spec-responses.json by scripts/extract-schemas.mjs).
//
// Reported as failures: fields the schema does not know (misspelled, wrong
// casing), JSON type mismatches (string / number / boolean / array / object,
// null only where the schema says `nullable`), enum values outside the enum,
// empty strings (Zuora sends null for an unset field).
// Custom fields (`*__c`) pass anywhere. Fields the schema has and the response
// lacks are listed in `missing`, never failures (Zuora omits many optional fields).
import { readFileSync } from 'node:fs';

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  required?: string[];
  format?: string;
  'x-cycle'?: string;
}

export interface SpecOperation {
  tag: string;
  method: string;
  path: string;
  responseStatus: number | null;
  response: Schema | null;
  requestBody: Schema | null;
}

export type IssueKind = 'unknown-field' | 'type' | 'enum' | 'empty-string';

export interface Issue {
  kind: IssueKind;
  path: string;
  /** What the spec says (type, enum list, or "not in schema"). */
  expected: string;
  /** What the response holds. */
  actual: string;
}

export interface CheckResult {
  operationId: string;
  ok: boolean;
  /** Failures: unknown fields, type mismatches, enum values outside the enum, empty strings. */
  issues: Issue[];
  /** Deviations the operation's reference sample (Zuora's own response) shows too (informational). */
  sampleBacked: Issue[];
  /** Schema fields absent from the response (informational). */
  missing: string[];
  /** Fields sent as null that the schema does not mark nullable (informational; Zuora's samples do it everywhere). */
  nulls: string[];
}

let cache: Record<string, SpecOperation> | null = null;

export function specOperations(): Record<string, SpecOperation> {
  if (!cache) {
    const file = new URL('./spec-responses.json', import.meta.url);
    cache = (JSON.parse(readFileSync(file, 'utf8')) as { operations: Record<string, SpecOperation> }).operations;
  }
  return cache;
}

export function specOperation(operationId: string): SpecOperation {
  const op = specOperations()[operationId];
  if (!op) throw new Error(`operation ${operationId} is not in spec-responses.json (regenerate with scripts/extract-schemas.mjs?)`);
  return op;
}

const isCustomField = (k: string) => /__c$/.test(k);

// The reference spec is a compacted one ("removedDescriptions: true"): the
// compaction dropped every `description` key, the properties named
// `description` included (the file has none left). So a `description` field
// cannot be judged against the spec and passes wherever it appears.
const STRIPPED_BY_COMPACTION = new Set(['description']);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v; // string | number | boolean | object
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** allOf → one schema whose known properties are the union of the parts'. */
function flatten(schema: Schema): Schema {
  if (!schema.allOf) return schema;
  const out: Schema = { ...schema };
  delete out.allOf;
  const props: Record<string, Schema> = { ...(schema.properties ?? {}) };
  for (const part0 of schema.allOf) {
    const part = flatten(part0);
    for (const [k, s] of Object.entries(part.properties ?? {})) props[k] = props[k] ? { allOf: [props[k], s] } : s;
    if (part.type && !out.type) out.type = part.type;
    if (part.enum && !out.enum) out.enum = part.enum;
    if (part.nullable) out.nullable = true;
    if (part.items && !out.items) out.items = part.items;
    if (part.oneOf && !out.oneOf) out.oneOf = part.oneOf;
    if (part.anyOf && !out.anyOf) out.anyOf = part.anyOf;
    // Permissive union: extra properties allowed when any part allows them.
    if (part.additionalProperties !== undefined && part.additionalProperties !== false) {
      if (out.additionalProperties === undefined || out.additionalProperties === false) out.additionalProperties = part.additionalProperties;
    } else if (part.additionalProperties === false && out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (Object.keys(props).length) out.properties = props;
  return out;
}

function typeMatches(type: string, v: unknown, format?: string): boolean {
  const t = jsonType(v);
  switch (type) {
    case 'string':
      // Decimal amounts typed `string` + `format: decimal` go on the wire as JSON numbers (every sample does so).
      return t === 'string' || (t === 'number' && (format === 'decimal' || format === 'number'));
    case 'integer':
      return t === 'number' && Number.isInteger(v);
    case 'number':
      return t === 'number';
    default:
      return t === type;
  }
}

interface Acc {
  issues: Issue[];
  missing: Set<string>;
  nulls: Set<string>;
}
const newAcc = (): Acc => ({ issues: [], missing: new Set(), nulls: new Set() });

function walk(schema0: Schema | null | undefined, value: unknown, path: string, acc: Acc): void {
  if (!schema0 || schema0['x-cycle']) return; // unknown or recursive: anything goes
  const schema = flatten(schema0);

  const alts = schema.oneOf ?? schema.anyOf;
  if (alts && alts.length) {
    // The alternative that fits best; the base schema's own keywords still apply.
    const base: Schema = { ...schema };
    delete base.oneOf;
    delete base.anyOf;
    let best: Acc | null = null;
    for (const alt of alts) {
      const merged = flatten({ allOf: [base, alt] });
      const a = newAcc();
      walk(merged, value, path, a);
      if (!best || a.issues.length < best.issues.length) best = a;
      if (a.issues.length === 0) break;
    }
    acc.issues.push(...best!.issues);
    for (const m of best!.missing) acc.missing.add(m);
    for (const m of best!.nulls) acc.nulls.add(m);
    return;
  }

  if (value === null) {
    // Zuora's own samples send null for hundreds of fields the spec does not mark
    // nullable, so a null is listed (acc.nulls), not failed.
    if (!schema.nullable && schema.type) acc.nulls.add(path.replace(/\[\d+\]/g, '[]'));
    return;
  }

  const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  if (type && !typeMatches(type, value, schema.format)) {
    acc.issues.push({ kind: 'type', path, expected: type, actual: `${jsonType(value)} ${show(value)}` });
    return;
  }
  if (value === '' && !schema.enum?.includes('')) {
    // Zuora sends null for an unset string, never "" (issue 7): an empty string is a
    // failure unless the operation's sample (Zuora's own answer) has one there too.
    acc.issues.push({ kind: 'empty-string', path, expected: 'null or a value (Zuora never sends "" for an unset field)', actual: '""' });
    return;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    acc.issues.push({ kind: 'enum', path, expected: `one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`, actual: show(value) });
  }

  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(schema.items, v, `${path}[${i}]`, acc));
    return;
  }
  if (typeof value === 'object') {
    const props = schema.properties;
    const obj = value as Record<string, unknown>;
    const ap = schema.additionalProperties;
    if (!props) {
      // Free-form object (no properties declared): only a schema'd additionalProperties says more.
      if (ap && typeof ap === 'object') for (const [k, v] of Object.entries(obj)) walk(ap, v, `${path}.${k}`, acc);
      return;
    }
    for (const [k, v] of Object.entries(obj)) {
      if (Object.prototype.hasOwnProperty.call(props, k)) walk(props[k], v, `${path}.${k}`, acc);
      else if (isCustomField(k) || STRIPPED_BY_COMPACTION.has(k)) continue;
      else if (ap && typeof ap === 'object') walk(ap, v, `${path}.${k}`, acc);
      else if (ap === true) continue;
      else {
        const near = Object.keys(props).find((p) => p.toLowerCase() === k.toLowerCase());
        acc.issues.push({
          kind: 'unknown-field',
          path: `${path}.${k}`,
          expected: near ? `not in schema (spec spells it "${near}")` : 'not in schema',
          actual: show(v),
        });
      }
    }
    const genericPath = path.replace(/\[\d+\]/g, '[]');
    for (const k of Object.keys(props)) if (!(k in obj)) acc.missing.add(`${genericPath}.${k}`);
  }
}

/** Checks a body against any schema (used by the tests of the checker itself). */
export function checkAgainst(schema: Schema | null, body: unknown, operationId = '(schema)'): CheckResult {
  const acc = newAcc();
  walk(schema, body, '$', acc);
  return {
    operationId,
    ok: acc.issues.length === 0,
    issues: acc.issues,
    sampleBacked: [],
    missing: [...acc.missing].sort(),
    nulls: [...acc.nulls].sort(),
  };
}

// The reference samples (samples.json) are Zuora's own responses. Where one
// contradicts the spec (an undeclared field, a term sent as a number where the
// spec says string, …) and zbill does the same as the sample, zbill behaves like
// Zuora: the deviation is listed as sample-backed instead of failed.
let samples: Record<string, { response?: unknown }> | null = null;
function sampleOf(operationId: string): unknown {
  // A missing file must fail loudly: without it, sample-backed deviations would turn into failures.
  samples ??= JSON.parse(readFileSync(SAMPLES_FILE, 'utf8')) as Record<string, { response?: unknown }>;
  return samples[operationId]?.response;
}
const SAMPLES_FILE = process.env.ZBILL_REFERENCE_SAMPLES ?? new URL('./sample-responses.json', import.meta.url).pathname;

const signature = (i: Issue) => `${i.kind} ${i.path.replace(/\[\d+\]/g, '[]')} ${i.kind === 'type' ? i.actual.split(' ')[0] : ''}`;

/**
 * Fields Zuora sends that neither the spec's schema nor the operation's sample has,
 * each with where we know it from (FINDINGS.md lists them). They pass as sample-backed.
 */
export const ZUORA_EXTRAS: Record<string, { path: string; source: string }[]> = {
  GET_Account: [
    { path: '$.billingAndPayment.paymentGatewayNumber', source: 'issue 7 §3 (a real Zuora client read it)' },
    { path: '$.metrics.currency', source: 'issue 7 §3 (a real Zuora client read it)' },
  ],
};

/** Checks a response body against the operation's success response schema. */
export function checkResponse(operationId: string, body: unknown, opts: { useSample?: boolean } = {}): CheckResult {
  const r = checkAgainst(specOperation(operationId).response, body, operationId);
  const extras = new Set((ZUORA_EXTRAS[operationId] ?? []).map((e) => e.path));
  if (extras.size) {
    const known = (i: Issue) => i.kind === 'unknown-field' && extras.has(i.path.replace(/\[\d+\]/g, '[]'));
    r.sampleBacked.push(...r.issues.filter(known));
    r.issues = r.issues.filter((i) => !known(i));
    r.ok = r.issues.length === 0;
  }
  const sample = opts.useSample === false ? undefined : sampleOf(operationId);
  if (r.issues.length && sample && typeof sample === 'object') {
    // An empty string is never backed by a sample: several of Zuora's samples carry
    // "" for unset fields, but the project sends null for an unset field (issue 7).
    const backed = new Set(checkAgainst(specOperation(operationId).response, sample).issues.map(signature));
    const isBacked = (i: Issue) => i.kind !== 'empty-string' && backed.has(signature(i));
    r.sampleBacked = r.issues.filter(isBacked);
    r.issues = r.issues.filter((i) => !isBacked(i));
    r.ok = r.issues.length === 0;
  }
  return r;
}

export function formatIssues(r: CheckResult): string {
  if (r.ok) return `${r.operationId}: conforms`;
  const lines = r.issues.map((i) => `  [${i.kind}] ${i.path}: spec ${i.expected}; zbill sends ${i.actual}`);
  return `${r.operationId}: ${r.issues.length} conformance issue(s)\n${lines.join('\n')}`;
}
