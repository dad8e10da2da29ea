// Pure rules of the payment-side extras. Numbers and rules from the v1 API reference pages:
// "Create a draft custom payment method type" (internalName at most 19 characters, alphanumeric, starting
// with a capital letter; label at most 40; 1 to 20 fields; the API name <internalName>__c_<tenantId>),
// "Update a custom payment method type" (internalName, tenantId and the reference fields cannot change,
// entityId may only be emptied), and "List payment volume summary records" (times as yyyy-MM-dd'T'HH:mmZ).
import { describe, expect, it } from 'vitest';
import { apiName, checkUpdate, parseDefinition } from '../../src/modules/payment-extras/custom-types.js';
import { parseSystemHealthTime } from '../../src/platform/dates.js';
import { ZuoraError } from '../../src/platform/errors.js';

const tenant = { tenantNumber: 12368, entityId: 'f707d981-3ad2-4484-9c24-a93bf6b83411' };
const field = (name: string, index: number) => ({ checksum: true, defaultValue: null, editable: true, index, label: name, maxLength: 100, minLength: 1, name, representer: true, required: true, type: 'string', visible: true });
const body = (over: Record<string, unknown> = {}) => ({ fields: [field('Token', 2), field('Kind', 1)], internalName: 'AmazonPay', label: 'Amazon Pay', methodReferenceIdField: 'Token', tenantId: '12368', ...over });

function codeOf(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof ZuoraError) return Number(e.reasons[0]!.code) % 100;
    throw e;
  }
  throw new Error('no error');
}

describe('custom payment method type definitions', () => {
  it('reads a definition: fields by index, empty reference fields and entityId unset, the API name', () => {
    const d = parseDefinition(body({ entityId: '', userReferenceIdField: '', subTypeField: 'Kind' }), tenant);
    expect(d.fields.map((f) => f.name)).toEqual(['Kind', 'Token']);
    expect(d).toMatchObject({ entityId: null, userReferenceIdField: null, subTypeField: 'Kind', isSupportAsyncPayment: false, methodReferenceIdField: 'Token' });
    expect(apiName(d)).toBe('AmazonPay__c_12368');
    expect(parseDefinition(body({ entityId: tenant.entityId.toUpperCase() }), tenant).entityId).toBe(tenant.entityId.toUpperCase());
  });

  it('the limits of the page: 19 characters, a capital first, 40 for the label, 1 to 20 fields', () => {
    expect(parseDefinition(body({ internalName: 'A'.repeat(19) }), tenant).internalName).toHaveLength(19);
    expect(codeOf(() => parseDefinition(body({ internalName: 'A'.repeat(20) }), tenant))).toBe(20);
    expect(codeOf(() => parseDefinition(body({ internalName: 'amazonPay' }), tenant))).toBe(20);
    expect(codeOf(() => parseDefinition(body({ internalName: 'Amazon-Pay' }), tenant))).toBe(20);
    expect(parseDefinition(body({ label: 'L'.repeat(40) }), tenant).label).toHaveLength(40);
    expect(codeOf(() => parseDefinition(body({ label: 'L'.repeat(41) }), tenant))).toBe(20);
    const twenty = Array.from({ length: 20 }, (_, i) => field(`F${i}`, i + 1));
    expect(parseDefinition(body({ fields: twenty, methodReferenceIdField: 'F0' }), tenant).fields).toHaveLength(20);
    expect(codeOf(() => parseDefinition(body({ fields: [...twenty, field('F20', 21)], methodReferenceIdField: 'F0' }), tenant))).toBe(70);
    expect(codeOf(() => parseDefinition(body({ fields: [] }), tenant))).toBe(22);
    expect(codeOf(() => parseDefinition(body({ tenantId: '9' }), tenant))).toBe(20);
  });

  it('an update keeps internalName, tenantId and the reference fields; entityId may only be emptied', () => {
    const before = parseDefinition(body({ entityId: tenant.entityId, subTypeField: 'Kind' }), tenant);
    expect(() => checkUpdate(before, parseDefinition(body({ subTypeField: 'Kind', label: 'New label' }), tenant))).not.toThrow();
    expect(codeOf(() => checkUpdate(before, parseDefinition(body({ subTypeField: 'Token' }), tenant)))).toBe(20);
    expect(codeOf(() => checkUpdate(before, parseDefinition(body({ internalName: 'OtherPay', subTypeField: 'Kind' }), tenant)))).toBe(20);
    const unset = parseDefinition(body({ subTypeField: 'Kind' }), tenant);
    expect(codeOf(() => checkUpdate(unset, parseDefinition(body({ subTypeField: 'Kind', entityId: tenant.entityId }), tenant)))).toBe(20);
  });
});

describe('System Health times', () => {
  it('reads yyyy-MM-ddTHH:mmZ with a numeric offset, a space for an unescaped +', () => {
    expect(parseSystemHealthTime('2022-09-22T09:07+0800')?.toString()).toBe('2022-09-22T01:07:00Z');
    expect(parseSystemHealthTime('2022-09-22T09:07-0800')?.toString()).toBe('2022-09-22T17:07:00Z');
    expect(parseSystemHealthTime('2022-09-22T09:07 0800')?.toString()).toBe('2022-09-22T01:07:00Z');
    expect(parseSystemHealthTime('2022-09-22T09:07Z')?.toString()).toBe('2022-09-22T09:07:00Z');
    expect(parseSystemHealthTime('2022-09-22')).toBeUndefined();
    expect(parseSystemHealthTime('2022-02-30T09:07Z')).toBeUndefined();
  });
});
