import { CONTOSO_DOMAIN, CONTOSO_OBJECTS, CONTOSO_PEOPLE, CONTOSO_SYNCED_FROM_ON_PREMISES } from '../contoso';
import type { ContosoPerson, ContosoPersonKey } from '../contoso';
import { CONTOSO_CITIES, CONTOSO_WORKPLACES } from '../contoso-workplaces';
import type { Random } from '../prng';
import { pick, randomGuid, randomInt, seededRandom } from '../prng';
import type { UserInput } from './builders';
import {
  EMAIL_METHOD_ID,
  PHONE_METHOD_IDS,
  buildAdministrativeUnit,
  buildApplication,
  buildGroup,
  buildServicePrincipal,
  buildUser,
  isoSeconds,
  markUserDeleted,
} from './builders';
import type { AssignedLicense, EmailMethod, GroupKind, PhoneMethod, SignInActivity, StoredUser } from './entities';
import { SKU_IDS, contosoSubscriptions } from './licenses';
import { TenantState } from './tenant-state';

export interface SeedOptions {
  seed: number;
  tenant: 'contoso' | 'generated';
  /** Total active users wanted; the Contoso people count towards it. */
  users: number;
  /** Extra generated deleted users on top of the Contoso recycle bin. */
  deleted: number;
  nowMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const OFFICES = [
  { officeLocation: '18/2111', city: 'Redmond', state: 'WA', country: 'United States', postalCode: '98052', streetAddress: '3500 148th Ave NE', usageLocation: 'US', phone: '+1 425 555 0' },
  { officeLocation: '131/1104', city: 'Seattle', state: 'WA', country: 'United States', postalCode: '98101', streetAddress: '1 Microsoft Way', usageLocation: 'US', phone: '+1 206 555 0' },
  { officeLocation: '20/1101', city: 'Paris', state: 'Île-de-France', country: 'France', postalCode: '75008', streetAddress: '39 Quai du Président Roosevelt', usageLocation: 'FR', phone: '+33 1 55 00 0' },
  { officeLocation: '14/1102', city: 'Munich', state: 'Bavaria', country: 'Germany', postalCode: '80807', streetAddress: 'Walter-Gropius-Straße 5', usageLocation: 'DE', phone: '+49 89 3176 0' },
  { officeLocation: '12/1110', city: 'Bellevue', state: 'WA', country: 'United States', postalCode: '98004', streetAddress: '10500 NE 8th St', usageLocation: 'US', phone: '+1 425 555 1' },
] as const;

const DEPARTMENTS = [
  { department: 'Sales & Marketing', jobs: ['Marketing Assistant', 'Sales Representative', 'Marketing Manager', 'Account Executive'] },
  { department: 'Retail', jobs: ['Retail Manager', 'Store Associate', 'Buyer'] },
  { department: 'Finance', jobs: ['Accountant', 'Financial Analyst', 'Controller'] },
  { department: 'Operations', jobs: ['Operations Manager', 'Logistics Coordinator'] },
  { department: 'Research & Development', jobs: ['Product Manager', 'Software Engineer', 'Designer'] },
  { department: 'Legal', jobs: ['Corporate Counsel', 'Paralegal'] },
  { department: 'Human Resources', jobs: ['HR Manager', 'Recruiter'] },
  { department: 'IT', jobs: ['IT Administrator', 'Helpdesk Technician', 'Cloud Architect', 'Security Analyst'] },
  { department: 'Executive Management', jobs: ['CEO', 'CFO', 'President'] },
] as const;

const FIRST_NAMES = [
  'Aaron', 'Abigail', 'Adam', 'Aisha', 'Alain', 'Alice', 'Amir', 'Ana', 'Andre', 'Anika', 'Arjun', 'Astrid', 'Beatriz',
  'Benjamin', 'Bianca', 'Carlos', 'Charlotte', 'Chen', 'Chloe', 'Daniel', 'Deepa', 'Diana', 'Dmitri', 'Elena', 'Elif',
  'Emma', 'Ethan', 'Fatima', 'Felix', 'Fiona', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hugo', 'Ines', 'Isabel', 'Ivan',
  'Jakob', 'James', 'Jana', 'Javier', 'Jin', 'Julia', 'Kai', 'Karin', 'Kenji', 'Laila', 'Lars', 'Laura', 'Leo', 'Lina',
  'Lucas', 'Maya', 'Mateo', 'Mei', 'Mia', 'Mohammed', 'Nadia', 'Nina', 'Noah', 'Olga', 'Omar', 'Oscar', 'Paula',
  'Pedro', 'Priya', 'Rafael', 'Rosa', 'Ruth', 'Sakura', 'Samuel', 'Sara', 'Sofia', 'Stefan', 'Tariq', 'Tom', 'Uma',
  'Valentina', 'Victor', 'Wei', 'Yara', 'Yusuf', 'Zoe',
] as const;

const LAST_NAMES = [
  'Abbott', 'Andersen', 'Bauer', 'Becker', 'Brown', 'Castro', 'Chen', 'Costa', 'Dubois', 'Eriksson', 'Fischer',
  'Garcia', 'Gupta', 'Hansen', 'Hoffmann', 'Ito', 'Jensen', 'Johnson', 'Kaur', 'Kim', 'Kowalski', 'Larsen', 'Lee',
  'Lopez', 'Martin', 'Meyer', 'Moreau', 'Müller', 'Nakamura', 'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Petrov',
  'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Wagner', 'Wang', 'Weber',
  'Williams', 'Yilmaz', 'Zhang',
] as const;

const aliasCache = new Map<string, string>();

function asciiAlias(value: string): string {
  let alias = aliasCache.get(value);
  if (alias === undefined) {
    alias = value.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
    aliasCache.set(value, alias);
  }
  return alias;
}

function personDetails(random: Random, index: number): Partial<UserInput> {
  const office = pick(random, OFFICES);
  const dept = pick(random, DEPARTMENTS);
  const phone = `${office.phone}${String(100 + (index % 900))}`;
  return {
    jobTitle: pick(random, dept.jobs),
    department: dept.department,
    officeLocation: office.officeLocation,
    city: office.city,
    state: office.state,
    country: office.country,
    postalCode: office.postalCode,
    streetAddress: office.streetAddress,
    usageLocation: office.usageLocation,
    businessPhones: [phone],
    mobilePhone: `+1 425 555 ${String(1000 + (index % 9000))}`,
    companyName: 'Contoso',
    employeeId: String(100000 + index),
    preferredLanguage: office.usageLocation === 'FR' ? 'fr-FR' : office.usageLocation === 'DE' ? 'de-DE' : 'en-US',
    ageGroup: 'Adult',
    consentProvidedForMinor: null,
    legalAgeGroupClassification: 'Adult',
    authenticationPhone: `+1 425 555 ${String(2000 + (index % 8000))}`,
    authenticationAlternativePhone: index % 3 === 0 ? `+1 206 555 ${String(3000 + (index % 7000))}` : null,
  };
}

/** A Contoso person's own job and office; the rest of their details are drawn like everyone else's. */
function contosoWorkplaceDetails(key: ContosoPersonKey, index: number): Partial<UserInput> {
  const workplace = CONTOSO_WORKPLACES[key];
  const city = CONTOSO_CITIES[workplace.city];
  return {
    jobTitle: workplace.jobTitle,
    department: workplace.department,
    companyName: workplace.companyName,
    officeLocation: workplace.officeLocation,
    city: workplace.city,
    state: city.state,
    country: city.country,
    postalCode: city.postalCode,
    streetAddress: city.streetAddress,
    usageLocation: city.usageLocation,
    businessPhones: [`${city.phone}${String(100 + (index % 900))}`],
    preferredLanguage: city.usageLocation === 'FR' ? 'fr-FR' : city.usageLocation === 'DE' ? 'de-DE' : 'en-US',
  };
}

function contosoUserInput(key: ContosoPersonKey, person: ContosoPerson, index: number, random: Random, nowMs: number): UserInput {
  const [givenName, ...rest] = person.displayName.split(' ');
  const upn = person.userPrincipalName;
  const alias = upn.split('@')[0] ?? upn;
  return {
    // Still drawn, though overridden, so that every user seeded after these gets the same details as before.
    ...personDetails(random, index),
    ...contosoWorkplaceDetails(key, index),
    id: person.id,
    displayName: person.displayName,
    userPrincipalName: upn,
    givenName: givenName ?? null,
    surname: rest.join(' ') || null,
    userType: person.userType,
    createdMs: nowMs - (400 + index * 7) * DAY_MS,
    authenticationEmail: `${alias.toLowerCase()}@outlook.com`,
    otherMails: [`${alias.toLowerCase()}@outlook.com`],
    assignedLicenses: person.userType === 'Guest' ? [] : contosoLicenses(index),
    signInActivity: person.state === 'active' ? contosoSignIn(index, nowMs) : null,
    ...(CONTOSO_SYNCED_FROM_ON_PREMISES.has(key) ? { onPremisesSyncEnabled: true } : {}),
  };
}

/** Every fourth person has Microsoft 365 E5, every fourth none, the others Office 365 E3 with EMS. */
function contosoLicenses(index: number): AssignedLicense[] {
  if (index % 4 === 0) return [{ skuId: SKU_IDS.microsoft365E5, disabledPlans: [] }];
  if (index % 4 === 3) return [];
  return [
    { skuId: SKU_IDS.office365E3, disabledPlans: [] },
    { skuId: SKU_IDS.ems, disabledPlans: [] },
  ];
}

/** Sign-ins spread over the last three months; every fifth person never signed in (Graph returns null for them). */
function contosoSignIn(index: number, nowMs: number): SignInActivity | null {
  if (index % 5 === 4) return null;
  const last = isoSeconds(nowMs - ((index * 13) % 90) * DAY_MS - index * 3_600_000);
  const nonInteractive = isoSeconds(nowMs - ((index * 7) % 30) * DAY_MS);
  const requestId = (n: number): string => `c0a70d00-0000-4000-8000-${(index * 2 + n).toString(16).padStart(12, '0')}`;
  return {
    lastSignInDateTime: last,
    lastSignInRequestId: requestId(0),
    lastNonInteractiveSignInDateTime: nonInteractive,
    lastNonInteractiveSignInRequestId: requestId(1),
    lastSuccessfulSignInDateTime: last,
    lastSuccessfulSignInRequestId: requestId(0),
  };
}

/** Who reports to whom among the Contoso people (user → manager). */
function seedContosoManagers(state: TenantState): void {
  const p = CONTOSO_PEOPLE;
  const reports: [ContosoPerson, ContosoPerson][] = [
    [p.alexWilber, p.modAdministrator],
    [p.miriamGraham, p.modAdministrator],
    [p.diegoSiciliani, p.miriamGraham],
    [p.lynneRobbins, p.miriamGraham],
    [p.gradyArchie, p.miriamGraham],
    [p.leeGu, p.alexWilber],
    [p.henriettaMueller, p.alexWilber],
  ];
  for (const [user, manager] of reports) state.managers.set(user.id, manager.id);
}

const DELETED_DAYS_AGO: Record<string, number> = {
  [CONTOSO_PEOPLE.adeleVanceDeleted.id]: 5,
  [CONTOSO_PEOPLE.meganBowenDeleted.id]: 3,
  [CONTOSO_PEOPLE.meganBowenOtherDeleted.id]: 21,
  [CONTOSO_PEOPLE.christieClineOldDeleted.id]: 8,
  [CONTOSO_PEOPLE.allanDeyoungDeleted.id]: 11,
  [CONTOSO_PEOPLE.emilyBraunDeleted.id]: 14,
  [CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id]: 17,
};

function seedContosoPeople(state: TenantState, random: Random, nowMs: number): void {
  const people = Object.entries(CONTOSO_PEOPLE) as [ContosoPersonKey, ContosoPerson][];
  people.forEach(([key, person], index) => {
    const input = contosoUserInput(key, person, index, random, nowMs);
    if (person.state === 'deleted') input.deletedAtMs = nowMs - (DELETED_DAYS_AGO[person.id] ?? 2) * DAY_MS;
    if (person.userType === 'Guest') {
      input.mail = 'kim@fabrikam.com';
      input.otherMails = ['kim@fabrikam.com'];
      input.proxyAddresses = ['SMTP:kim@fabrikam.com'];
    }
    if (person === CONTOSO_PEOPLE.emilyBraunDeleted) input.proxyAddresses = [`SMTP:EmilyB@${CONTOSO_DOMAIN}`, `smtp:emily.braun@${CONTOSO_DOMAIN}`];
    if (person === CONTOSO_PEOPLE.benWalters) input.proxyAddresses = [`SMTP:BenW@${CONTOSO_DOMAIN}`, `smtp:emily.braun@${CONTOSO_DOMAIN}`];
    state.addUser(buildUser(input));
    for (const role of person.roles) state.assignRole(person.id, role);
  });
}

function seedContosoObjects(state: TenantState, nowMs: number): void {
  const g = CONTOSO_OBJECTS.groups;
  const domain = state.info.domain;
  const created = nowMs - 300 * DAY_MS;
  const groups: { id: string; name: string; kind: GroupKind; roleAssignable?: boolean; deletedDays?: number; description: string }[] = [
    { id: g.salesAndMarketing, name: 'Sales and Marketing', kind: 'microsoft365', description: 'Marketing campaigns and sales pipeline.' },
    { id: g.mark8ProjectTeam, name: 'Mark 8 Project Team', kind: 'microsoft365', description: 'Welcome to the team that we have assembled to create the Mark 8.' },
    { id: g.retail, name: 'Retail', kind: 'microsoft365', description: 'Retail stores and buyers.' },
    { id: g.financeSecurity, name: 'Finance Security', kind: 'security', description: 'Access to finance systems.' },
    { id: g.helpdeskTier1, name: 'Helpdesk Tier 1', kind: 'security', description: 'First-line support staff.' },
    { id: g.privilegedAdmins, name: 'Privileged Admins', kind: 'security', roleAssignable: true, description: 'Role-assignable group for admin roles.' },
    { id: g.allCompanyDl, name: 'All Company DL', kind: 'distribution', description: 'Everyone at Contoso.' },
    { id: g.financeMailSecurity, name: 'Finance Mail Security', kind: 'mailEnabledSecurity', description: 'Mail-enabled security group for finance.' },
    { id: g.contosoLifeDeleted, name: 'Contoso Life', kind: 'microsoft365', deletedDays: 4, description: 'Company news.' },
    { id: g.projectFalconDeleted, name: 'Project Falcon', kind: 'security', deletedDays: 9, description: 'Closed project.' },
    { id: g.tier0AdminsDeleted, name: 'Tier 0 Admins', kind: 'security', roleAssignable: true, deletedDays: 6, description: 'Role-assignable group.' },
  ];
  for (const spec of groups) {
    state.addObject(
      buildGroup({
        id: spec.id,
        displayName: spec.name,
        groupKind: spec.kind,
        domain,
        createdMs: created,
        description: spec.description,
        isAssignableToRole: spec.roleAssignable,
        deletedAtMs: spec.deletedDays === undefined ? null : nowMs - spec.deletedDays * DAY_MS,
      }),
    );
  }
  const p = CONTOSO_PEOPLE;
  const membership: [string, string[]][] = [
    [g.salesAndMarketing, [p.diegoSiciliani.id, p.isaiahLanger.id, p.miriamGraham.id, p.debraBerger.id, p.meganBowenDeleted.id]],
    [g.mark8ProjectTeam, [p.alexWilber.id, p.johannaLorenz.id, p.joniSherman.id, p.lynneRobbins.id, p.adeleVanceDeleted.id]],
    [g.retail, [p.henriettaMueller.id, p.irvinSayers.id, p.gradyArchie.id]],
    [g.financeSecurity, [p.christieCline.id, p.enricoCattaneo.id, p.adeleVanceDeleted.id]],
    [g.helpdeskTier1, [p.leeGu.id]],
    [g.privilegedAdmins, [p.pattiFernandez.id]],
    [g.allCompanyDl, [p.diegoSiciliani.id, p.alexWilber.id, p.leeGu.id]],
    [g.contosoLifeDeleted, [p.diegoSiciliani.id, p.benWalters.id]],
    [g.projectFalconDeleted, [p.enricoCattaneo.id]],
  ];
  for (const [groupId, members] of membership) for (const member of members) state.addMember(groupId, member);
  // Diego holds no admin role: owning Sales and Marketing is what lets him manage its members.
  state.addOwner(g.salesAndMarketing, p.diegoSiciliani.id);
  state.addOwner(g.salesAndMarketing, p.miriamGraham.id);
  state.addOwner(g.contosoLifeDeleted, p.diegoSiciliani.id);

  const a = CONTOSO_OBJECTS.applications;
  const s = CONTOSO_OBJECTS.servicePrincipals;
  const apps = [
    { id: a.contosoExpenses, spId: s.contosoExpenses, appId: 'c0a70a00-0000-4000-8000-000000000001', name: 'Contoso Expenses', deletedDays: undefined },
    { id: a.contosoHrPortal, spId: s.contosoHrPortal, appId: 'c0a70a00-0000-4000-8000-000000000002', name: 'Contoso HR Portal', deletedDays: undefined },
    { id: a.legacyCrmDeleted, spId: s.legacyCrmDeleted, appId: 'c0a70a00-0000-4000-8000-000000000101', name: 'Contoso Legacy CRM', deletedDays: 10 },
  ];
  for (const spec of apps) {
    const deletedAtMs = spec.deletedDays === undefined ? null : nowMs - spec.deletedDays * DAY_MS;
    const app = buildApplication({ id: spec.id, appId: spec.appId, displayName: spec.name, domain, createdMs: created, deletedAtMs });
    state.addObject(app);
    state.addObject(buildServicePrincipal({ id: spec.spId, app: app.data, tenantId: state.info.tenantId, deletedAtMs }));
  }

  const u = CONTOSO_OBJECTS.administrativeUnits;
  state.addObject(buildAdministrativeUnit({ id: u.seattleOffice, displayName: 'Seattle Office', description: 'Users based in Seattle' }));
  state.addObject(buildAdministrativeUnit({ id: u.parisOffice, displayName: 'Paris Office', description: 'Users based in Paris' }));
  state.addObject(
    buildAdministrativeUnit({ id: u.munichOfficeDeleted, displayName: 'Munich Office', description: 'Closed office', deletedAtMs: nowMs - 7 * DAY_MS }),
  );
  // Seattle Office holds active and deleted people (a soft-deleted user keeps its memberships until it is purged).
  state.auMembers.set(u.seattleOffice, new Set([p.diegoSiciliani.id, p.johannaLorenz.id, p.miriamGraham.id, p.adeleVanceDeleted.id]));
  state.auMembers.set(u.parisOffice, new Set([p.lynneRobbins.id, p.meganBowenDeleted.id]));
  seedRoleAssignments(state);
}

function seedRoleAssignments(state: TenantState): void {
  const p = CONTOSO_PEOPLE;
  const since = state.info.createdDateTime;
  const restoreOperators = CONTOSO_OBJECTS.customRoles.restoreOperators;
  state.customRoles.push({
    id: restoreOperators,
    displayName: 'Restore Operators',
    description: 'Can restore deleted users.',
    allowedResourceActions: ['microsoft.directory/users/restore'],
  });
  state.roleAssignments.push(
    { id: 'pim-isaiah-user-admin', principalId: p.isaiahLanger.id, role: { builtIn: 'User Administrator' }, directoryScopeId: '/', state: 'eligible', startDateTime: since },
    {
      id: 'au-johanna-user-admin',
      principalId: p.johannaLorenz.id,
      role: { builtIn: 'User Administrator' },
      directoryScopeId: `/administrativeUnits/${CONTOSO_OBJECTS.administrativeUnits.seattleOffice}`,
      state: 'active',
      startDateTime: since,
    },
    { id: 'custom-joni-restore-operators', principalId: p.joniSherman.id, role: { customId: restoreOperators }, directoryScopeId: '/', state: 'active', startDateTime: since },
  );
}

function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}

const NO_STRINGS: string[] = [];
const NO_EMAIL_METHODS: EmailMethod[] = [];
const NO_LICENSES: AssignedLicense[] = [];

/**
 * Builds each user as one literal of a fixed shape (no spreads), and shares the immutable parts that repeat (phone
 * numbers, empty lists), so that 500,000 users seed fast and compactly. Writes replace these values, never mutate them.
 */
function seedGeneratedUsers(state: TenantState, random: Random, count: number, deleted: number, nowMs: number): void {
  const domain = state.info.domain;
  const total = count + deleted;
  const officePhones = memo((key: string) => [key]);
  const mobiles = memo((n: number) => `+1 425 555 ${String(1000 + n)}`);
  const phoneMethods = memo((n: number): PhoneMethod[] => {
    const methods: PhoneMethod[] = [
      { id: PHONE_METHOD_IDS.mobile, phoneNumber: `+1 425 555 ${String(2000 + n)}`, phoneType: 'mobile', smsSignInState: 'notEnabled' },
    ];
    if (n % 3 === 0) {
      methods.push({ id: PHONE_METHOD_IDS.alternateMobile, phoneNumber: `+1 206 555 ${String(3000 + n)}`, phoneType: 'alternateMobile', smsSignInState: 'notSupported' });
    }
    return methods;
  });
  for (let i = 0; i < total; i += 1) {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const id = randomGuid(random);
    const guest = i % 25 === 24;
    const alias = `${asciiAlias(first)}.${asciiAlias(last)}${i}`;
    const office = pick(random, OFFICES);
    const dept = pick(random, DEPARTMENTS);
    const n = i + 100;
    const mail = guest ? `${alias}@fabrikam.com` : `${alias}@${domain}`;
    const upn = guest ? `${alias}_fabrikam.com#EXT#@${domain}` : mail;
    const createdMs = nowMs - randomInt(random, 30, 2000) * DAY_MS;
    const user: StoredUser = {
      kind: 'user',
      deletedAtMs: null,
      originalUpn: null,
      data: {
        id,
        deletedDateTime: null,
        accountEnabled: i % 17 !== 0,
        ageGroup: 'Adult',
        assignedLicenses: NO_LICENSES,
        businessPhones: officePhones(`${office.phone}${String(100 + (n % 900))}`),
        city: office.city,
        companyName: guest ? 'Fabrikam' : 'Contoso',
        consentProvidedForMinor: null,
        country: office.country,
        createdDateTime: isoSeconds(createdMs),
        creationType: guest ? 'Invitation' : null,
        department: dept.department,
        displayName: `${first} ${last}`,
        employeeHireDate: null,
        employeeId: guest ? null : String(100000 + n),
        employeeType: guest ? null : 'Employee',
        externalUserState: guest ? 'Accepted' : null,
        externalUserStateChangeDateTime: guest ? isoSeconds(createdMs) : null,
        givenName: first,
        jobTitle: pick(random, dept.jobs),
        legalAgeGroupClassification: 'Adult',
        mail,
        mailNickname: guest ? `${alias}_fabrikam.com#EXT#` : alias,
        mobilePhone: mobiles(n % 9000),
        officeLocation: office.officeLocation,
        onPremisesSyncEnabled: null,
        otherMails: guest ? [mail] : NO_STRINGS,
        postalCode: office.postalCode,
        preferredLanguage: office.usageLocation === 'FR' ? 'fr-FR' : office.usageLocation === 'DE' ? 'de-DE' : 'en-US',
        proxyAddresses: [`SMTP:${mail}`],
        state: office.state,
        streetAddress: office.streetAddress,
        surname: last,
        usageLocation: office.usageLocation,
        userPrincipalName: upn,
        userType: guest ? 'Guest' : 'Member',
      },
      phoneMethods: phoneMethods(n % 8000),
      emailMethods: i % 2 === 0 ? [{ id: EMAIL_METHOD_ID, emailAddress: `${alias}@outlook.com` }] : NO_EMAIL_METHODS,
      signInActivity: null,
    };
    if (i >= count) markUserDeleted(user, nowMs - randomInt(random, 1, 29 * 24) * (DAY_MS / 24));
    state.addUser(user);
  }
}

function seedGeneratedGroups(state: TenantState, random: Random, userIds: string[], nowMs: number): void {
  const groupCount = Math.min(2000, Math.max(5, Math.floor(userIds.length / 250)));
  const kinds: GroupKind[] = ['microsoft365', 'security', 'microsoft365', 'security', 'distribution', 'mailEnabledSecurity'];
  for (let i = 0; i < groupCount; i += 1) {
    const dept = pick(random, DEPARTMENTS).department;
    const group = buildGroup({
      id: randomGuid(random),
      displayName: `${dept} ${i + 1}`,
      groupKind: kinds[i % kinds.length] ?? 'security',
      domain: state.info.domain,
      createdMs: nowMs - randomInt(random, 30, 900) * DAY_MS,
    });
    state.addObject(group);
    const size = randomInt(random, 2, 25);
    for (let m = 0; m < size && userIds.length > 0; m += 1) state.addMember(group.data.id, pick(random, userIds));
  }
}

export function seedTenant(options: SeedOptions): TenantState {
  const random = seededRandom(options.seed);
  const tenantId = randomGuid(random);
  const roleRandom = seededRandom(options.seed + 7919);
  const roleIds = new Map<string, string>();
  const state = new TenantState(
    { tenantId, displayName: 'Contoso', domain: CONTOSO_DOMAIN, createdDateTime: new Date(options.nowMs - 900 * DAY_MS).toISOString() },
    (name) => {
      const id = roleIds.get(name) ?? randomGuid(roleRandom);
      roleIds.set(name, id);
      return id;
    },
  );
  seedContosoPeople(state, random, options.nowMs);
  seedContosoObjects(state, options.nowMs);
  seedContosoManagers(state);
  if (options.tenant === 'generated') {
    const extra = Math.max(0, options.users - state.users.active.size);
    seedGeneratedUsers(state, random, extra, options.deleted, options.nowMs);
    const ids: string[] = [];
    for (const id of state.users.active.keys()) {
      ids.push(id);
      if (ids.length >= 20000) break;
    }
    seedGeneratedGroups(state, random, ids, options.nowMs);
  }
  state.subscribedSkus.push(...contosoSubscriptions(state.users.active.size));
  return state;
}
