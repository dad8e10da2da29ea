// Extracts, for the operations of the tags zbill implements, the success
// response schema and the request body schema of the reference OpenAPI spec,
// with every $ref resolved, into test/conformance/spec-responses.json (read by
// the conformance checker in test/conformance/check.ts).
//
// Usage: node scripts/extract-schemas.mjs ../shared/reference/zuora-openapi.yaml [out.json]
//        node scripts/extract-schemas.mjs --dump-yaml <file.yaml>   (prints the parsed YAML as JSON;
//                                                                      used to check the parser against PyYAML)
//
// No YAML library is a dependency of zbill, so this file carries a small
// parser for the subset of YAML the compacted spec uses: block mappings and
// sequences, `- key: value` items, plain / single- / double-quoted scalars,
// empty flow collections ([] and {}) and literal block scalars (| and |-).
// Anything outside that subset throws with the line number rather than being
// guessed at.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// ---------------------------------------------------------------- YAML subset

export function parseYaml(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;

  const indentOf = (s) => s.length - s.trimStart().length;
  const isBlank = (s) => s.trim() === '';
  let at = -1; // line of the scalar being read, for errors
  const fail = (msg, n = at >= 0 ? at : i) => {
    throw new Error(`YAML line ${n + 1}: ${msg}: ${JSON.stringify(lines[n] ?? '')}`);
  };
  // Lines the parser is looking at: (indent, content), where a `- ` item's
  // content may be re-read as a nested line at a deeper virtual indent.
  let pending = null; // { indent, text } overriding lines[i]

  function peek() {
    at = -1;
    if (pending) return pending;
    while (i < lines.length && isBlank(lines[i])) i++;
    if (i >= lines.length) return null;
    const s = lines[i];
    if (s.includes('\t') && /^\s*\t/.test(s)) fail('tab indentation');
    return { indent: indentOf(s), text: s.trim() };
  }
  function consume() {
    if (pending) pending = null;
    else i++;
  }

  function parseNode(indent) {
    const l = peek();
    if (!l || l.indent < indent) return null;
    if (l.text === '-' || l.text.startsWith('- ')) return parseSeq(l.indent);
    return parseMap(l.indent);
  }

  function parseSeq(indent) {
    const out = [];
    for (;;) {
      const l = peek();
      if (!l || l.indent !== indent || !(l.text === '-' || l.text.startsWith('- '))) break;
      const rest = l.text === '-' ? '' : l.text.slice(2);
      const restIndent = indent + 2 + (rest.length - rest.trimStart().length);
      const itemLine = pending ? pending.line : i;
      at = itemLine;
      consume();
      if (rest.trim() === '') {
        const n = peek();
        out.push(n && n.indent > indent ? parseNode(n.indent) : null);
      } else if (rest.trimStart().startsWith('- ')) {
        pending = { indent: restIndent, text: rest.trim(), line: itemLine };
        out.push(parseSeq(restIndent));
      } else if (splitKey(rest.trim()) !== null) {
        pending = { indent: restIndent, text: rest.trim(), line: itemLine };
        out.push(parseMap(restIndent));
      } else {
        at = itemLine;
        out.push(scalar(rest.trim()));
      }
    }
    return out;
  }

  // "key: value" / "key:" → [key, value-text]; null when the text is not a mapping entry.
  function splitKey(text) {
    if (text.startsWith("'") || text.startsWith('"')) {
      const q = text[0];
      let j = 1;
      for (; j < text.length; j++) {
        if (text[j] === '\\' && q === '"') { j++; continue; }
        if (text[j] === q) {
          if (q === "'" && text[j + 1] === "'") { j++; continue; }
          break;
        }
      }
      const after = text.slice(j + 1);
      if (after === ':' || after.startsWith(': ')) return [scalar(text.slice(0, j + 1)), after.slice(1).trim()];
      return null;
    }
    const m = /^([^\s].*?):(?: (.*)|)$/.exec(text);
    if (!m) return null;
    if (m[1].includes(': ')) return null;
    return [m[1], (m[2] ?? '').trim()];
  }

  function parseMap(indent) {
    const out = {};
    for (;;) {
      const l = peek();
      if (!l || l.indent !== indent) {
        if (l && l.indent > indent) fail('unexpected indentation');
        break;
      }
      if (l.text.startsWith('- ') || l.text === '-') break;
      const kv = splitKey(l.text);
      if (!kv) fail('expected "key: value"');
      const [rawKey, rest] = kv;
      const key = typeof rawKey === 'string' ? rawKey : String(rawKey);
      const keyLine = pending ? pending.line : i;
      at = keyLine;
      consume();
      if (rest === '') {
        const n = peek();
        if (n && n.indent > indent) out[key] = parseNode(n.indent);
        else if (n && n.indent === indent && (n.text.startsWith('- ') || n.text === '-')) out[key] = parseSeq(indent);
        else out[key] = null;
      } else if (/^[|>][-+]?$/.test(rest)) {
        if (rest[0] === '>') fail('folded block scalars are not supported', keyLine);
        out[key] = blockScalar(indent, rest);
      } else {
        out[key] = scalar(rest);
      }
    }
    return out;
  }

  function blockScalar(parentIndent, header) {
    const body = [];
    let blockIndent = -1;
    while (i < lines.length) {
      const s = lines[i];
      if (isBlank(s)) { body.push(''); i++; continue; }
      const ind = indentOf(s);
      if (ind <= parentIndent) break;
      if (blockIndent < 0) blockIndent = ind;
      if (ind < blockIndent) break;
      body.push(s.slice(blockIndent));
      i++;
    }
    while (body.length && body[body.length - 1] === '') body.pop();
    const text = body.join('\n');
    if (header.endsWith('-')) return text;
    return text === '' ? '' : text + '\n';
  }

  function scalar(t) {
    if (t.startsWith("'")) {
      if (!t.endsWith("'") || t.length < 2) fail('unterminated single-quoted scalar');
      return t.slice(1, -1).replace(/''/g, "'");
    }
    if (t.startsWith('"')) {
      if (!t.endsWith('"') || t.length < 2) fail('unterminated double-quoted scalar');
      return doubleQuoted(t.slice(1, -1));
    }
    if (t === '{}') return {};
    if (t === '[]') return [];
    if (t.startsWith('[') || t.startsWith('{')) return flow(t);
    if (t.startsWith('&') || t.startsWith('*') || t.startsWith('!')) fail('anchors, aliases and tags are not supported');
    return plain(t);
  }

  function flow(t) {
    // Only flat flow collections of plain/quoted scalars: [a, 'b'].
    if (t.startsWith('[') && t.endsWith(']') && !/[[\]{}]/.test(t.slice(1, -1))) {
      return t.slice(1, -1).split(',').map((x) => scalar(x.trim()));
    }
    fail('nested flow collections are not supported');
  }

  function doubleQuoted(s) {
    const esc = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', b: '\b', f: '\f', ' ': ' ', e: '\x1b', a: '\x07', v: '\v', N: '\x85', _: '\xa0' };
    let out = '';
    for (let j = 0; j < s.length; j++) {
      const c = s[j];
      if (c !== '\\') { out += c; continue; }
      const d = s[++j];
      if (d === 'x' || d === 'u' || d === 'U') {
        const n = d === 'x' ? 2 : d === 'u' ? 4 : 8;
        out += String.fromCodePoint(parseInt(s.slice(j + 1, j + 1 + n), 16));
        j += n;
      } else if (d in esc) out += esc[d];
      else fail(`unknown escape \\${d}`);
    }
    return out;
  }

  return parseNode(0);
}

// Plain scalars resolve as PyYAML's YAML 1.1 resolver does for the forms the spec uses.
function plain(t) {
  if (/^(?:~|null|Null|NULL)$/.test(t)) return null;
  if (/^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(t)) return true;
  if (/^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(t)) return false;
  if (/^[-+]?(?:0|[1-9][0-9_]*)$/.test(t)) return Number(t.replace(/_/g, ''));
  if (/^[-+]?0x[0-9a-fA-F_]+$/.test(t)) return parseInt(t.replace(/_/g, ''), 16);
  if (/^[-+]?0[0-7_]+$/.test(t)) return parseInt(t.replace(/_/g, ''), 8);
  if (/^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$/.test(t) && /[0-9]/.test(t)) return Number(t.replace(/_/g, ''));
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(t)) return NaN;
  return t;
}

// ---------------------------------------------------------------- extraction

export const TAGS = [
  'OAuth', 'Accounts', 'Contacts', 'Contact Snapshots', 'Sequence Sets', 'Accounting Codes', 'Products', 'Catalog',
  'Catalog Groups', 'Product Rate Plans', 'Product Rate Plan Definitions', 'Product Rate Plan Charges',
  'Product Charge Definitions', 'Product Rate Plan Charge Tiers', 'Commerce', 'Zuora Revenue Integration', 'Orders',
  'Order Actions', 'Order Line Items', 'Fulfillments', 'Subscriptions', 'Rate Plans', 'Subscription Change History',
  'Ramps', 'Omnichannel Subscriptions', 'Sign Up', 'Operations', 'Billing Preview Run', 'Files',
  'Bill Run', 'Invoices', 'Credit Memos', 'Debit Memos', 'Payment Methods', 'Payment Gateways',
  'Payments', 'Refunds', 'Payment Gateway Reconciliation',
  'Custom Object Definitions', 'Custom Object Records', 'Invoice Schedules', 'Payment Schedules',
  'Bulk Data', 'Taxation Items', 'Payment Runs',
  'Configurable Payment Retry',
  'Electronic Payments Health', 'RSA Signatures', 'Hosted Pages', 'Custom Payment Method Types', 'Payment Method Updater',
  'Attachments',
];

// Keywords the checker reads; everything else (lengths, formats' details, titles…) is dropped to keep the file small.
const KEEP = new Set(['type', 'properties', 'items', 'enum', 'nullable', 'allOf', 'oneOf', 'anyOf', 'additionalProperties', 'required', 'format']);

export function extract(spec) {
  const schemas = spec.components?.schemas ?? {};
  const requestBodies = spec.components?.requestBodies ?? {};
  const responses = spec.components?.responses ?? {};
  const cycles = new Set();

  function deref(ref) {
    const m = /^#\/components\/(schemas|requestBodies|responses)\/(.+)$/.exec(ref);
    if (!m) throw new Error(`unsupported $ref ${ref}`);
    const table = { schemas, requestBodies, responses }[m[1]];
    const target = table[m[2]];
    if (target === undefined) throw new Error(`dangling $ref ${ref}`);
    return { name: m[2], target };
  }

  // Inlines every $ref; a schema met again inside itself becomes {"x-cycle": name}
  // (the checker accepts anything there).
  function resolve(node, stack) {
    if (Array.isArray(node)) return node.map((n) => resolve(n, stack));
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const { name, target } = deref(node.$ref);
      if (stack.includes(name)) {
        cycles.add(name);
        return { 'x-cycle': name };
      }
      return resolve(target, [...stack, name]);
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (!KEEP.has(k)) continue;
      if (k === 'properties') {
        out.properties = {};
        for (const [p, s] of Object.entries(v ?? {})) out.properties[p] = resolve(s, stack);
      } else if (k === 'additionalProperties' || k === 'items') {
        out[k] = typeof v === 'object' && v !== null ? resolve(v, stack) : v;
      } else if (k === 'allOf' || k === 'oneOf' || k === 'anyOf') {
        out[k] = v.map((s) => resolve(s, stack));
      } else out[k] = v;
    }
    return out;
  }

  const jsonSchema = (content) => {
    if (!content) return null;
    const media = content['application/json'] ?? content['application/json; charset=utf-8'] ?? Object.values(content)[0];
    return media?.schema ?? null;
  };

  const ops = {};
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of methods) {
      const op = item?.[method];
      if (!op?.operationId) continue;
      const tag = (op.tags ?? []).find((t) => TAGS.includes(t));
      if (!tag) continue;
      let responseStatus = null;
      let response = null;
      for (const code of ['200', '201']) {
        let r = op.responses?.[code];
        if (!r) continue;
        if (r.$ref) r = deref(r.$ref).target;
        responseStatus = Number(code);
        const s = jsonSchema(r.content);
        response = s ? resolve(s, []) : null;
        break;
      }
      let reqBody = op.requestBody ?? null;
      if (reqBody?.$ref) reqBody = deref(reqBody.$ref).target;
      const rs = reqBody ? jsonSchema(reqBody.content) : null;
      ops[op.operationId] = {
        tag,
        method: method.toUpperCase(),
        path,
        responseStatus,
        response,
        requestBody: rs ? resolve(rs, []) : null,
      };
    }
  }
  return { ops, cycles: [...cycles].sort() };
}

// ---------------------------------------------------------------- main

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const args = process.argv.slice(2);
  if (args[0] === '--dump-yaml') {
    process.stdout.write(JSON.stringify(parseYaml(readFileSync(args[1], 'utf8'))));
  } else {
    const file = args[0] ?? new URL('../../shared/reference/zuora-openapi.yaml', import.meta.url).pathname;
    const outFile = args[1] ?? new URL('../test/conformance/spec-responses.json', import.meta.url).pathname;
    const spec = parseYaml(readFileSync(file, 'utf8'));
    const { ops, cycles } = extract(spec);
    const doc = {
      source: 'reference zuora-openapi.yaml, version ' + (spec.info?.version ?? '?'),
      generatedBy: 'node scripts/extract-schemas.mjs',
      tags: TAGS,
      cycles,
      operations: ops,
    };
    writeFileSync(outFile, JSON.stringify(doc) + '\n');
    // The reference samples of the same operations, so the tests need nothing outside the repository.
    const samplesFile = join(dirname(resolve(file)), 'samples.json');
    const samples = JSON.parse(readFileSync(samplesFile, 'utf8'));
    const kept = {};
    for (const id of Object.keys(ops).sort()) if (samples[id]) kept[id] = { response: samples[id].response ?? null };
    writeFileSync(new URL('../test/conformance/sample-responses.json', import.meta.url), JSON.stringify(kept, null, 0) + '\n');
    // and the request samples (the required-fields sweep starts from them)
    const requests = {};
    for (const id of Object.keys(samples).sort()) if (samples[id].request !== undefined && samples[id].request !== null) requests[id] = { request: samples[id].request };
    writeFileSync(new URL('../test/conformance/sample-requests.json', import.meta.url), JSON.stringify(requests, null, 0) + '\n');
    const n = Object.keys(ops).length;
    console.log(`${n} operations, ${cycles.length} cyclic schemas, ${(JSON.stringify(doc).length / 1024).toFixed(0)} KiB → ${outFile}`);
  }
}
