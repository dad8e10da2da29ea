/**
 * Serialising a response through the spec's schema (fast-json-stringify, what Fastify does with a
 * route's `response` schema) against JSON.stringify, on zbill's own GET /v1/accounts/{key} answer
 * (bench/fixtures/get-account.json) and the operation's schema in test/conformance/spec-responses.json.
 *
 * Two ways to turn the spec's schema into a serialisation schema:
 * - typed: the spec's scalar types kept (plus null). fast-json-stringify then refuses (throws) any value
 *   whose JSON type differs from the spec's, and the spec types Zuora's own amounts as strings where
 *   Zuora (and zbill) send numbers, so a response would become a 500;
 * - permissive: objects and arrays keep their properties, every scalar is "any", unknown keys pass
 *   (custom fields, documented deviations). It cannot throw, but it is no faster than JSON.stringify.
 * docs/decisions.md ("Responses are not serialised through the spec's schemas") records the outcome.
 */
import { readFileSync } from 'node:fs';
import fastJson from 'fast-json-stringify';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[]; type?: unknown; format?: string };

function serialisationSchema(s: Schema | undefined, typed: boolean): Record<string, unknown> {
  if (!s || typeof s !== 'object') return {};
  if (s.allOf) {
    const properties: Record<string, unknown> = {};
    for (const part of s.allOf) Object.assign(properties, (serialisationSchema(part, typed).properties as object) ?? {});
    return { type: ['object', 'null'], properties, additionalProperties: true };
  }
  if (s.oneOf || s.anyOf) return {};
  if (s.type === 'object' || s.properties) {
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) properties[k] = serialisationSchema(v, typed);
    return { type: ['object', 'null'], properties, additionalProperties: true };
  }
  if (s.type === 'array') return { type: ['array', 'null'], items: serialisationSchema(s.items, typed) };
  if (typed && typeof s.type === 'string') return { type: [s.type, 'null'] };
  return {};
}

function nsPerCall(f: () => string, n: number): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t) / n;
}

export function runSerialisationBench(root: string, n = 100_000): string {
  const spec = JSON.parse(readFileSync(`${root}test/conformance/spec-responses.json`, 'utf8')) as { operations: Record<string, { response: Schema }> };
  const body = JSON.parse(readFileSync(`${root}bench/fixtures/get-account.json`, 'utf8')) as unknown;
  const schema = spec.operations.GET_Account.response;
  const permissive = fastJson(serialisationSchema(schema, false) as never);
  const typed = fastJson(serialisationSchema(schema, true) as never);
  let typedNote: string;
  try {
    typed(body);
    typedNote = `typed: ${nsPerCall(() => typed(body), n).toFixed(0)} ns`;
  } catch (e) {
    typedNote = `typed: refuses the answer (${(e as Error).message.slice(0, 110)})`;
  }
  const rows: string[] = [];
  for (let round = 0; round < 2; round++) {
    rows.push(`JSON.stringify ${nsPerCall(() => JSON.stringify(body), n).toFixed(0)} ns, spec schema (permissive) ${nsPerCall(() => permissive(body), n).toFixed(0)} ns`);
  }
  return `Serialising GET /v1/accounts/{key} (${JSON.stringify(body).length} bytes), per call:\n  ${rows.join('\n  ')}\n  ${typedNote}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const compiled = new URL('.', import.meta.url).pathname.includes('/dist/');
  console.log(runSerialisationBench(new URL(compiled ? '../..' : '..', import.meta.url).pathname));
}
