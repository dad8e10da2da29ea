/**
 * Countries (ISO 3166-1) and the subregions Zuora validates: the states of the
 * United States and the provinces and territories of Canada. A country may be
 * given by name or by its alpha-2 code; zbill stores the country name.
 */

// Region codes that Intl knows but that are not ISO 3166-1 countries.
const NOT_COUNTRIES = new Set(['AC', 'CP', 'DG', 'EA', 'EU', 'EZ', 'IC', 'QO', 'TA', 'UN', 'XA', 'XB', 'ZZ']);

/** Extra names clients commonly send, mapped to the code. */
const ALIASES: Record<string, string> = {
  'united states of america': 'US',
  usa: 'US',
  'korea, republic of': 'KR',
  'republic of korea': 'KR',
  'russian federation': 'RU',
  'viet nam': 'VN',
  'great britain': 'GB',
  'czech republic': 'CZ',
};

let byName: Map<string, { code: string; name: string }> | undefined;
let byCode: Map<string, string> | undefined;

function load(): void {
  if (byName && byCode) return;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  byName = new Map();
  byCode = new Map();
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      if (NOT_COUNTRIES.has(code)) continue;
      const name = names.of(code);
      if (!name || name === code) continue;
      byCode.set(code, name);
      byName.set(name.toLowerCase(), { code, name });
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) {
    const name = byCode.get(code);
    if (name) byName.set(alias, { code, name });
  }
}

/** The country for a name or alpha-2 code (case-insensitive), or undefined when unknown. */
export function findCountry(input: string): { code: string; name: string } | undefined {
  load();
  const s = input.trim();
  if (/^[A-Za-z]{2}$/.test(s)) {
    const code = s.toUpperCase();
    const name = byCode!.get(code);
    if (name) return { code, name };
  }
  return byName!.get(s.toLowerCase());
}

const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  AS: 'American Samoa', GU: 'Guam', MP: 'Northern Mariana Islands', PR: 'Puerto Rico', VI: 'Virgin Islands',
  UM: 'United States Minor Outlying Islands', AA: 'Armed Forces Americas', AE: 'Armed Forces Europe', AP: 'Armed Forces Pacific',
};

const CA_PROVINCES: Record<string, string> = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island',
  QC: 'Quebec', SK: 'Saskatchewan', YT: 'Yukon',
};

const SUBREGIONS: Record<string, Record<string, string>> = { US: US_STATES, CA: CA_PROVINCES };

/** True when the country has subregions that Zuora validates. */
export function hasSubregions(countryCode: string): boolean {
  return countryCode in SUBREGIONS;
}

/** The subregion for a name or code within a country with subregions, or undefined. */
export function findSubregion(countryCode: string, input: string): { code: string; name: string } | undefined {
  const table = SUBREGIONS[countryCode];
  if (!table) return undefined;
  const s = input.trim();
  const code = s.toUpperCase();
  if (table[code]) return { code, name: table[code]! };
  const lower = s.toLowerCase();
  for (const [c, n] of Object.entries(table)) if (n.toLowerCase() === lower) return { code: c, name: n };
  return undefined;
}
