/**
 * Countries (ISO 3166-1) and the subregions Zuora validates: the states of the
 * United States and the provinces and territories of Canada. A country may be
 * given by name or by its alpha-2 or alpha-3 code; zbill stores the country name.
 */

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
  'czechia': 'CZ',
  myanmar: 'MM',
  'democratic republic of the congo': 'CD',
  'republic of the congo': 'CG',
  "cote d'ivoire": 'CI',
  'ivory coast': 'CI',
  'iran, islamic republic of': 'IR',
  'taiwan, province of china': 'TW',
  'hong kong': 'HK',
  macau: 'MO',
  'united republic of tanzania': 'TZ',
  'bolivia, plurinational state of': 'BO',
  'venezuela, bolivarian republic of': 'VE',
  'syrian arab republic': 'SY',
  "lao people's democratic republic": 'LA',
  'moldova, republic of': 'MD',
  'macedonia': 'MK',
  'holy see': 'VA',
  swaziland: 'SZ',
};

/** ISO 3166-1 alpha-2 → alpha-3 (Zuora's countries carry both codes). */
const ALPHA3_PAIRS = [
  'AD:AND AE:ARE AF:AFG AG:ATG AI:AIA AL:ALB AM:ARM AO:AGO AQ:ATA AR:ARG AS:ASM AT:AUT AU:AUS AW:ABW AX:ALA AZ:AZE',
  'BA:BIH BB:BRB BD:BGD BE:BEL BF:BFA BG:BGR BH:BHR BI:BDI BJ:BEN BL:BLM BM:BMU BN:BRN BO:BOL BQ:BES BR:BRA BS:BHS',
  'BT:BTN BV:BVT BW:BWA BY:BLR BZ:BLZ CA:CAN CC:CCK CD:COD CF:CAF CG:COG CH:CHE CI:CIV CK:COK CL:CHL CM:CMR CN:CHN',
  'CO:COL CR:CRI CU:CUB CV:CPV CW:CUW CX:CXR CY:CYP CZ:CZE DE:DEU DJ:DJI DK:DNK DM:DMA DO:DOM DZ:DZA EC:ECU EE:EST',
  'EG:EGY EH:ESH ER:ERI ES:ESP ET:ETH FI:FIN FJ:FJI FK:FLK FM:FSM FO:FRO FR:FRA GA:GAB GB:GBR GD:GRD GE:GEO GF:GUF',
  'GG:GGY GH:GHA GI:GIB GL:GRL GM:GMB GN:GIN GP:GLP GQ:GNQ GR:GRC GS:SGS GT:GTM GU:GUM GW:GNB GY:GUY HK:HKG HM:HMD',
  'HN:HND HR:HRV HT:HTI HU:HUN ID:IDN IE:IRL IL:ISR IM:IMN IN:IND IO:IOT IQ:IRQ IR:IRN IS:ISL IT:ITA JE:JEY JM:JAM',
  'JO:JOR JP:JPN KE:KEN KG:KGZ KH:KHM KI:KIR KM:COM KN:KNA KP:PRK KR:KOR KW:KWT KY:CYM KZ:KAZ LA:LAO LB:LBN LC:LCA',
  'LI:LIE LK:LKA LR:LBR LS:LSO LT:LTU LU:LUX LV:LVA LY:LBY MA:MAR MC:MCO MD:MDA ME:MNE MF:MAF MG:MDG MH:MHL MK:MKD',
  'ML:MLI MM:MMR MN:MNG MO:MAC MP:MNP MQ:MTQ MR:MRT MS:MSR MT:MLT MU:MUS MV:MDV MW:MWI MX:MEX MY:MYS MZ:MOZ NA:NAM',
  'NC:NCL NE:NER NF:NFK NG:NGA NI:NIC NL:NLD NO:NOR NP:NPL NR:NRU NU:NIU NZ:NZL OM:OMN PA:PAN PE:PER PF:PYF PG:PNG',
  'PH:PHL PK:PAK PL:POL PM:SPM PN:PCN PR:PRI PS:PSE PT:PRT PW:PLW PY:PRY QA:QAT RE:REU RO:ROU RS:SRB RU:RUS RW:RWA',
  'SA:SAU SB:SLB SC:SYC SD:SDN SE:SWE SG:SGP SH:SHN SI:SVN SJ:SJM SK:SVK SL:SLE SM:SMR SN:SEN SO:SOM SR:SUR SS:SSD',
  'ST:STP SV:SLV SX:SXM SY:SYR SZ:SWZ TC:TCA TD:TCD TF:ATF TG:TGO TH:THA TJ:TJK TK:TKL TL:TLS TM:TKM TN:TUN TO:TON',
  'TR:TUR TT:TTO TV:TUV TW:TWN TZ:TZA UA:UKR UG:UGA UM:UMI US:USA UY:URY UZ:UZB VA:VAT VC:VCT VE:VEN VG:VGB VI:VIR',
  'VN:VNM VU:VUT WF:WLF WS:WSM XK:XKX YE:YEM YT:MYT ZA:ZAF ZM:ZMB ZW:ZWE',
].join(' ');

/** Where Intl's English name is not the short name billing systems use. */
const NAME_OVERRIDES: Record<string, string> = {
  HK: 'Hong Kong',
  MO: 'Macao',
  MM: 'Myanmar',
  CD: 'Democratic Republic of the Congo',
  CG: 'Congo',
  TR: 'Turkey',
  PS: 'Palestine',
};

let byName: Map<string, { code: string; name: string }> | undefined;
let byCode: Map<string, string> | undefined;
let byAlpha3: Map<string, string> | undefined;

function load(): void {
  if (byName && byCode && byAlpha3) return;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  byName = new Map();
  byCode = new Map();
  byAlpha3 = new Map();
  for (const pair of ALPHA3_PAIRS.split(' ')) {
    const [code, a3] = pair.split(':') as [string, string];
    const intlName = names.of(code) ?? code;
    const name = NAME_OVERRIDES[code] ?? intlName;
    byCode.set(code, name);
    byAlpha3.set(a3, code);
    byName.set(intlName.toLowerCase(), { code, name });
    byName.set(name.toLowerCase(), { code, name });
  }
  for (const [alias, code] of Object.entries(ALIASES)) {
    const name = byCode.get(code);
    if (name) byName.set(alias, { code, name });
  }
}

/** The country for a name, alpha-2 or alpha-3 code (case-insensitive), or undefined when unknown. */
export function findCountry(input: string): { code: string; name: string } | undefined {
  load();
  const s = input.trim();
  if (/^[A-Za-z]{2}$/.test(s)) {
    const code = s.toUpperCase();
    const name = byCode!.get(code);
    if (name) return { code, name };
  }
  if (/^[A-Za-z]{3}$/.test(s)) {
    const code = byAlpha3!.get(s.toUpperCase());
    if (code) return { code, name: byCode!.get(code)! };
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
