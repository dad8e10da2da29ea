// Writes, from the reference OpenAPI spec, for every operation that takes a request body:
// - src/platform/http/request-shapes.generated.ts: the media types the body may have, and the shape of its JSON
//   body reduced to what the platform's type guard reads (type, properties, items, allOf/oneOf/anyOf, format
//   "date", and each object's `required` fields), every $ref inlined, cycles cut to {}, a list of lists also
//   taken flat; and the body's top-level required fields (the schema's `required`, with those of its allOf
//   parts), in the spec's order;
// - test/platform/spec-requests.json: the JSON body schema with what the fuzz test generates from (types,
//   enums, required fields, formats), every $ref inlined, cycles cut to {"x-cycle": name}.
// Every operation of the spec is there, so an operation gets its checks the day it is implemented.
//
// Usage: node scripts/gen-request-shapes.mjs [../shared/reference/zuora-openapi.yaml]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseYaml } from './extract-schemas.mjs';

const file = process.argv[2] ?? new URL('../../shared/reference/zuora-openapi.yaml', import.meta.url).pathname;
const outFile = new URL('../src/platform/http/request-shapes.generated.ts', import.meta.url).pathname;
const testFile = new URL('../test/platform/spec-requests.json', import.meta.url).pathname;
const spec = parseYaml(readFileSync(file, 'utf8'));
const schemas = spec.components?.schemas ?? {};
const requestBodies = spec.components?.requestBodies ?? {};

function deref(ref) {
  const m = /^#\/components\/(schemas|requestBodies)\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  const target = (m[1] === 'schemas' ? schemas : requestBodies)[m[2]];
  if (target === undefined) throw new Error(`dangling $ref ${ref}`);
  return { name: m[2], target };
}

// Where the spec is wrong against Zuora's own samples: a field the spec types as a string that Zuora's pages send as
// a list of strings. Keyed by a schema on the way down, then the property name. test/conformance/FINDINGS.md lists them.
const LIST_ALSO_TAKEN = {
  // invoice schedules: the attach/detach and create samples send specificSubscriptions[].chargeNumbers as a list
  InvoiceScheduleSpecificSubscriptions: ['chargeNumbers'],
  AttachInvoiceScheduleRequest: ['chargeNumbers'],
  DetachInvoiceScheduleRequest: ['chargeNumbers'],
};
function listAlsoTaken(stack, key) {
  const owner = stack[stack.length - 1];
  if (!owner || !LIST_ALSO_TAKEN[owner]?.includes(key)) return null;
  return { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
}

/** The reduced shape, or null when it constrains nothing the guard checks. */
function shape(node, stack) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return null;
  if (typeof node.$ref === 'string') {
    const { name, target } = deref(node.$ref);
    if (stack.includes(name)) return null;
    return shape(target, [...stack, name]);
  }
  const out = {};
  if (typeof node.type === 'string') out.type = node.type;
  if (node.format === 'date') out.format = 'date';
  // the fields this object must hold (the guard checks them where the object is sent: nested-required checks)
  const required = Array.isArray(node.required) ? [...new Set(node.required.filter((k) => typeof k === 'string'))] : [];
  if (required.length) out.required = required;
  if (node.properties && typeof node.properties === 'object') {
    const props = {};
    for (const [k, v] of Object.entries(node.properties)) {
      const s = listAlsoTaken(stack, k) ?? shape(v, stack);
      if (s) props[k] = s;
    }
    if (Object.keys(props).length) out.properties = props;
  }
  if (node.items) {
    let s = shape(node.items, stack);
    // A list of lists (the spec's product charge definition tiers) may also come flat, as zbill takes it.
    if (s?.type === 'array' && s.items) s = { anyOf: [s, s.items] };
    if (s) out.items = s;
  }
  for (const k of ['allOf', 'oneOf', 'anyOf']) {
    if (!Array.isArray(node[k])) continue;
    const parts = node[k].map((x) => shape(x, stack));
    // oneOf/anyOf: a branch that constrains nothing lets anything through
    if (k !== 'allOf' && parts.some((p) => p === null)) continue;
    const kept = parts.filter(Boolean);
    if (kept.length) out[k] = kept;
  }
  return Object.keys(out).length ? out : null;
}

/** The top-level required fields of a body schema: its own `required` and its allOf parts', each once, in order. */
function requiredOf(node, stack) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  if (typeof node.$ref === 'string') {
    const { name, target } = deref(node.$ref);
    return stack.includes(name) ? [] : requiredOf(target, [...stack, name]);
  }
  const out = Array.isArray(node.required) ? node.required.filter((k) => typeof k === 'string') : [];
  for (const part of Array.isArray(node.allOf) ? node.allOf : []) out.push(...requiredOf(part, stack));
  return [...new Set(out)];
}

const FULL = new Set(['type', 'format', 'enum', 'required', 'nullable']);

/** The schema with what the fuzz test reads. */
function full(node, stack) {
  if (Array.isArray(node)) return node.map((n) => full(n, stack));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const { name, target } = deref(node.$ref);
    if (stack.includes(name)) return { 'x-cycle': name };
    return full(target, [...stack, name]);
  }
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (FULL.has(k)) out[k] = v;
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v ?? {}).map(([p, x]) => [p, full(x, stack)]));
    else if (k === 'items') out.items = full(v, stack);
    else if (k === 'allOf' || k === 'oneOf' || k === 'anyOf') out[k] = v.map((x) => full(x, stack));
  }
  return out;
}

const ops = {};
const requests = {};
for (const [path, item] of Object.entries(spec.paths ?? {})) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const op = item?.[method];
    if (!op?.operationId) continue;
    let body = op.requestBody ?? null;
    if (body?.$ref) body = deref(body.$ref).target;
    if (!body?.content) continue;
    const media = Object.keys(body.content).sort();
    const json = body.content['application/json'] ?? body.content['application/json; charset=utf-8'];
    const s = json?.schema ? shape(json.schema, []) : null;
    if (json?.schema) requests[op.operationId] = full(json.schema, []);
    const required = json?.schema ? requiredOf(json.schema, []) : [];
    ops[`${method.toUpperCase()} ${path}`] = { operationId: op.operationId, media, ...(s ? { body: s } : {}), ...(required.length ? { required } : {}) };
  }
}

const text =
  '// Generated by scripts/gen-request-shapes.mjs from the reference zuora-openapi.yaml. Do not edit.\n' +
  '/* eslint-disable */\n' +
  "import type { RequestShapes } from './request-shape-types.js';\n" +
  'export const REQUEST_SHAPES: RequestShapes = ' +
  JSON.stringify(ops) +
  ';\n';
writeFileSync(outFile, text);
writeFileSync(testFile, JSON.stringify({ source: 'reference zuora-openapi.yaml, version ' + (spec.info?.version ?? '?'), generatedBy: 'node scripts/gen-request-shapes.mjs', requests }) + '\n');
console.log(`${Object.keys(ops).length} operations with a body, ${(text.length / 1024).toFixed(0)} KiB → ${outFile}; ${Object.keys(requests).length} JSON bodies → ${testFile}`);
