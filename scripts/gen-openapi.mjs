// Regenerates spec/openapi-parts.json: the parts of the
// reference OpenAPI spec that GET /openapi.json describes (the operations of
// the tags zbill implements, every component they reach, and the spec's
// servers and security schemes), as plain JSON, so that the running server
// parses no YAML and needs no network. src/platform/http/openapi.ts picks the
// implemented operations out of it at request time.
//
// A few of the reference spec's own definitions fail the OpenAPI linter
// (`redocly lint`); FIXES below repairs them in the copy, and
// test/conformance/FINDINGS.md records each one with its reason.
//
// Usage: node scripts/gen-openapi.mjs [../shared/reference/zuora-openapi.yaml]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseYaml } from './extract-schemas.mjs';

// Every operation of the reference spec is copied: GET /openapi.json picks out the
// implemented ones at request time, so a newly implemented operation needs no regeneration.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const KINDS = ['schemas', 'parameters', 'headers', 'responses', 'requestBodies', 'examples', 'links', 'callbacks'];

/** Every `#/components/<kind>/<name>` a node refers to, followed transitively. */
function collectRefs(node, components, found) {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    if (n === null || typeof n !== 'object') continue;
    for (const [k, v] of Object.entries(n)) {
      if (k === '$ref' && typeof v === 'string') {
        const m = /^#\/components\/([^/]+)\/(.+)$/.exec(v);
        if (!m) throw new Error(`unsupported $ref ${v}`);
        const key = `${m[1]}/${m[2]}`;
        if (found.has(key)) continue;
        const target = components[m[1]]?.[m[2]];
        if (target === undefined) throw new Error(`dangling $ref ${v}`);
        found.add(key);
        stack.push(target);
      } else stack.push(v);
    }
  }
}

export function build(spec) {
  const fixes = [];
  const paths = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op?.operationId) continue;
      const entry = (paths[path] ??= {});
      if (item.parameters && !entry.parameters) entry.parameters = item.parameters;
      entry[method] = op;
    }
  }
  const found = new Set();
  collectRefs(paths, spec.components ?? {}, found);
  const components = {};
  for (const key of [...found].sort()) {
    const i = key.indexOf('/');
    const kind = key.slice(0, i);
    if (!KINDS.includes(kind)) throw new Error(`unsupported component kind ${kind}`);
    (components[kind] ??= {})[key.slice(i + 1)] = spec.components[kind][key.slice(i + 1)];
  }
  applyFixes({ paths, components }, fixes);
  return {
    source: `reference zuora-openapi.yaml, version ${spec.info?.version ?? '?'}`,
    openapi: spec.openapi,
    info: spec.info,
    servers: spec.servers ?? [],
    tags: spec.tags ?? [],
    securitySchemes: spec.components?.securitySchemes ?? {},
    paths,
    components,
    fixes,
  };
}

/** Repairs, in the copy, definitions of the reference spec that the linter rejects (see FINDINGS.md). */
function applyFixes(doc, fixes) {
  // The compact spec dropped every description, but a response object must have one.
  let described = 0;
  for (const item of Object.values(doc.paths))
    for (const m of METHODS)
      for (const [status, r] of Object.entries(item[m]?.responses ?? {}))
        if (r && typeof r === 'object' && !r.$ref && r.description === undefined) {
          r.description = REASONS[status] ?? `HTTP ${status}`;
          described++;
        }
  for (const r of Object.values(doc.components.responses ?? {}))
    if (r && typeof r === 'object' && r.description === undefined) {
      r.description = 'Response';
      described++;
    }
  if (described) fixes.push({ where: `${described} response objects`, why: 'the compact spec removed descriptions; OpenAPI requires one on each response: the HTTP reason phrase is used' });
  // Discriminator mappings that name a schema the spec does not define.
  for (const [name, schema] of Object.entries(doc.components.schemas ?? {})) {
    const mapping = schema?.discriminator?.mapping;
    if (!mapping) continue;
    for (const [value, ref] of Object.entries(mapping)) {
      const target = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      if (target && !doc.components.schemas[target]) {
        delete mapping[value];
        fixes.push({ where: `components.schemas.${name}.discriminator.mapping.${value}`, why: `names ${target}, which the spec does not define: the mapping entry is dropped` });
      }
    }
  }
}

const REASONS = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', '2XX': 'Success', '4XX': 'Client error', '5XX': 'Server error', default: 'Response' };

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const file = process.argv[2] ?? new URL('../../shared/reference/zuora-openapi.yaml', import.meta.url).pathname;
  const spec = parseYaml(readFileSync(file, 'utf8'));
  const doc = build(spec);
  const out = JSON.stringify(doc);
  writeFileSync(new URL('../spec/openapi-parts.json', import.meta.url), out + '\n');
  const n = Object.values(doc.paths).reduce((s, p) => s + Object.keys(p).filter((k) => METHODS.includes(k)).length, 0);
  const c = Object.values(doc.components).reduce((s, k) => s + Object.keys(k).length, 0);
  console.log(`${n} operations, ${c} components, ${doc.fixes.length} fixes, ${(out.length / 1024).toFixed(0)} KiB`);
}
