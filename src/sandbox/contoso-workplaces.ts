import type { ContosoPersonKey } from './contoso';

/** The cities Contoso people work in, with what a user's address fields hold there. */
export const CONTOSO_CITIES = {
  Bellevue: { state: 'WA', country: 'United States', postalCode: '98004', streetAddress: '10500 NE 8th St', usageLocation: 'US', phone: '+1 425 555 1' },
  Birmingham: { state: 'AL', country: 'United States', postalCode: '35243', streetAddress: '2200 Riverchase Galleria', usageLocation: 'US', phone: '+1 205 555 0' },
  Bloomington: { state: 'IN', country: 'United States', postalCode: '47401', streetAddress: '2900 E 3rd St', usageLocation: 'US', phone: '+1 812 555 0' },
  Louisville: { state: 'KY', country: 'United States', postalCode: '40223', streetAddress: '9300 Shelbyville Rd', usageLocation: 'US', phone: '+1 502 555 0' },
  Munich: { state: 'Bavaria', country: 'Germany', postalCode: '80807', streetAddress: 'Walter-Gropius-Straße 5', usageLocation: 'DE', phone: '+49 89 3176 0' },
  Paris: { state: 'Île-de-France', country: 'France', postalCode: '75008', streetAddress: '39 Quai du Président Roosevelt', usageLocation: 'FR', phone: '+33 1 55 00 0' },
  Pittsburgh: { state: 'PA', country: 'United States', postalCode: '15212', streetAddress: '6 PPG Pl', usageLocation: 'US', phone: '+1 412 555 0' },
  Redmond: { state: 'WA', country: 'United States', postalCode: '98052', streetAddress: '3500 148th Ave NE', usageLocation: 'US', phone: '+1 425 555 0' },
  'San Diego': { state: 'CA', country: 'United States', postalCode: '92121', streetAddress: '9255 Towne Centre Dr', usageLocation: 'US', phone: '+1 858 555 0' },
  Seattle: { state: 'WA', country: 'United States', postalCode: '98101', streetAddress: '1 Microsoft Way', usageLocation: 'US', phone: '+1 206 555 0' },
  Tulsa: { state: 'OK', country: 'United States', postalCode: '74133', streetAddress: '7633 E 63rd Pl', usageLocation: 'US', phone: '+1 918 555 0' },
  Waukesha: { state: 'WI', country: 'United States', postalCode: '53188', streetAddress: '2320 Bluemound Rd', usageLocation: 'US', phone: '+1 262 555 0' },
} as const;

export type ContosoCity = keyof typeof CONTOSO_CITIES;

export interface ContosoWorkplace {
  jobTitle: string;
  department: string;
  officeLocation: string;
  city: ContosoCity;
  companyName: string;
}

function job(jobTitle: string, department: string, officeLocation: string, city: ContosoCity, companyName = 'Contoso'): ContosoWorkplace {
  return { jobTitle, department, officeLocation, city, companyName };
}

/**
 * Job, department and office of every Contoso person, after Microsoft's demo tenant (so the README's
 * `download users where department is Sales` finds people). Members of the Seattle and Paris administrative units
 * work in those cities; the second Megan Bowen differs from the first in title and city, as a choice card shows.
 */
export const CONTOSO_WORKPLACES: Record<ContosoPersonKey, ContosoWorkplace> = {
  modAdministrator: job('IT Administrator', 'IT', '1/1001', 'Redmond'),
  alexWilber: job('Marketing Assistant', 'Marketing', '131/1104', 'Tulsa'),
  leeGu: job('Director', 'Manufacturing', '23/3101', 'Birmingham'),
  lidiaHolloway: job('Product Manager', 'Engineering', '20/1101', 'Tulsa'),
  nestorWilke: job('Director', 'Operations', '36/2121', 'Seattle'),
  pattiFernandez: job('President', 'Executive Management', '15/1102', 'Louisville'),
  pradeepGupta: job('Accountant', 'Finance', '98/2202', 'Bellevue'),
  diegoSiciliani: job('HR Manager', 'HR', '14/1108', 'Seattle'),
  isaiahLanger: job('Sales Rep', 'Sales', '20/1101', 'Tulsa'),
  johannaLorenz: job('Senior Engineer', 'Engineering', '23/2102', 'Seattle'),
  joniSherman: job('Paralegal', 'Legal', '20/1109', 'Waukesha'),
  lynneRobbins: job('Planner', 'Retail', '20/1104', 'Paris'),
  miriamGraham: job('Director', 'Sales & Marketing', '131/2103', 'Seattle'),
  gradyArchie: job('Designer', 'R&D', '19/2109', 'Bloomington'),
  henriettaMueller: job('Developer', 'R&D', '14/1102', 'Munich'),
  irvinSayers: job('Director', 'R&D', '19/2106', 'Bloomington'),
  christieCline: job('Buyer', 'Sales', '131/2105', 'San Diego'),
  enricoCattaneo: job('Attorney', 'Legal', '14/1101', 'Louisville'),
  debraBerger: job('Administrative Assistant', 'Executive Management', '18/2107', 'Bellevue'),
  benWalters: job('Account Executive', 'Sales', '131/1107', 'Pittsburgh'),
  adeleVanceDeleted: job('Retail Manager', 'Retail', '18/2111', 'Seattle'),
  meganBowenDeleted: job('Marketing Manager', 'Marketing', '12/1110', 'Paris'),
  meganBowenOtherDeleted: job('Marketing Coordinator', 'Marketing', '12/1204', 'Bellevue'),
  christieClineOldDeleted: job('Buyer', 'Sales', '131/2105', 'San Diego'),
  allanDeyoungDeleted: job('IT Admin', 'IT', '24/1106', 'Waukesha'),
  emilyBraunDeleted: job('Budget Analyst', 'Finance', '97/2302', 'Louisville'),
  kimAbercrombieGuestDeleted: job('Consultant', 'Partner Services', '4/1201', 'Bellevue', 'Fabrikam'),
};
