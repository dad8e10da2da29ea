import { describe, expect, it } from 'vitest';
import { findCountry, findSubregion, hasSubregions } from '../../src/modules/contacts/geo.js';

describe('countries', () => {
  it('finds a country by name, alpha-2 or alpha-3 code, in any case', () => {
    for (const s of ['United States', 'united states', 'US', 'us', 'USA', 'usa']) expect(findCountry(s), s).toEqual({ code: 'US', name: 'United States' });
    expect(findCountry('GBR')).toEqual({ code: 'GB', name: 'United Kingdom' });
    expect(findCountry('India')).toEqual({ code: 'IN', name: 'India' });
    expect(findCountry('CAN')?.name).toBe('Canada');
  });

  it('refuses names and codes that are not ISO 3166-1 countries', () => {
    for (const s of ['Atlantis', 'ZZ', 'EU', 'UN', 'SU', 'UK', 'XYZ', '']) expect(findCountry(s), s).toBeUndefined();
  });

  it('knows all 249 assigned ISO codes plus Kosovo', () => {
    let n = 0;
    for (let i = 65; i < 91; i++) for (let j = 65; j < 91; j++) if (findCountry(String.fromCharCode(i, j))) n++;
    expect(n).toBe(250);
  });
});

describe('states and provinces', () => {
  it('validates US states and Canadian provinces by name or code', () => {
    expect(hasSubregions('US')).toBe(true);
    expect(hasSubregions('CA')).toBe(true);
    expect(hasSubregions('IN')).toBe(false);
    expect(findSubregion('US', 'CA')).toEqual({ code: 'CA', name: 'California' });
    expect(findSubregion('US', 'california')).toEqual({ code: 'CA', name: 'California' });
    expect(findSubregion('US', 'DC')?.name).toBe('District of Columbia');
    expect(findSubregion('CA', 'Quebec')?.code).toBe('QC');
    expect(findSubregion('CA', 'CA')).toBeUndefined();
    expect(findSubregion('US', 'ON')).toBeUndefined();
    expect(findSubregion('US', 'Bavaria')).toBeUndefined();
  });
});
