import type { RoleName } from './tenant/roles';

export const CONTOSO_DOMAIN = 'contoso.onmicrosoft.com';

export interface ContosoPerson {
  id: string;
  displayName: string;
  userPrincipalName: string;
  roles: readonly RoleName[];
  /** `deleted` people are in the recycle bin; their listed UPN is the one they had before deletion. */
  state: 'active' | 'deleted';
  userType: 'Member' | 'Guest';
}

function person(
  n: number,
  displayName: string,
  alias: string,
  roles: readonly RoleName[] = [],
  state: 'active' | 'deleted' = 'active',
  userType: 'Member' | 'Guest' = 'Member',
): ContosoPerson {
  const id = `c0a70500-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const userPrincipalName = userType === 'Guest' ? `${alias}_fabrikam.com#EXT#@${CONTOSO_DOMAIN}` : `${alias}@${CONTOSO_DOMAIN}`;
  return { id, displayName, userPrincipalName, roles, state, userType };
}

/** The people of the Contoso demo tenant, with stable object ids for configuration and tests. */
export const CONTOSO_PEOPLE = {
  modAdministrator: person(1, 'MOD Administrator', 'admin', ['Global Administrator']),
  alexWilber: person(2, 'Alex Wilber', 'AlexW', ['User Administrator']),
  leeGu: person(3, 'Lee Gu', 'LeeG', ['Helpdesk Administrator']),
  lidiaHolloway: person(4, 'Lidia Holloway', 'LidiaH', ['Guest Inviter']),
  nestorWilke: person(5, 'Nestor Wilke', 'NestorW', ['Groups Administrator']),
  pattiFernandez: person(6, 'Patti Fernandez', 'PattiF', ['Privileged Role Administrator']),
  pradeepGupta: person(7, 'Pradeep Gupta', 'PradeepG', ['Application Administrator']),
  diegoSiciliani: person(8, 'Diego Siciliani', 'DiegoS'),
  /** Eligible for User Administrator in Privileged Identity Management, not active. */
  isaiahLanger: person(9, 'Isaiah Langer', 'IsaiahL'),
  /** User Administrator scoped to the administrative unit Seattle Office only. */
  johannaLorenz: person(10, 'Johanna Lorenz', 'JohannaL'),
  /** Holds the custom role Restore Operators (microsoft.directory/users/restore). */
  joniSherman: person(11, 'Joni Sherman', 'JoniS'),
  lynneRobbins: person(12, 'Lynne Robbins', 'LynneR'),
  miriamGraham: person(13, 'Miriam Graham', 'MiriamG'),
  gradyArchie: person(14, 'Grady Archie', 'GradyA'),
  henriettaMueller: person(15, 'Henrietta Mueller', 'HenriettaM'),
  irvinSayers: person(16, 'Irvin Sayers', 'IrvinS'),
  christieCline: person(17, 'Christie Cline', 'ChristieC'),
  enricoCattaneo: person(18, 'Enrico Cattaneo', 'EnricoC'),
  debraBerger: person(19, 'Debra Berger', 'DebraB'),
  benWalters: person(20, 'Ben Walters', 'BenW'),
  adeleVanceDeleted: person(101, 'Adele Vance', 'AdeleV', [], 'deleted'),
  meganBowenDeleted: person(102, 'Megan Bowen', 'MeganB', [], 'deleted'),
  meganBowenOtherDeleted: person(103, 'Megan Bowen', 'megan.bowen', [], 'deleted'),
  /** Deleted user whose UPN and primary address now belong to the active Christie Cline. */
  christieClineOldDeleted: person(104, 'Christie Cline', 'ChristieC', [], 'deleted'),
  /** Deleted user holding Global Administrator: only a Global or Privileged Authentication Administrator may restore. */
  allanDeyoungDeleted: person(105, 'Allan Deyoung', 'AllanD', ['Global Administrator'], 'deleted'),
  /** Deleted user whose proxy address emily.braun@ is now on the active Ben Walters. */
  emilyBraunDeleted: person(106, 'Emily Braun', 'EmilyB', [], 'deleted'),
  kimAbercrombieGuestDeleted: person(107, 'Kim Abercrombie', 'kim', [], 'deleted', 'Guest'),
} as const satisfies Record<string, ContosoPerson>;

export type ContosoPersonKey = keyof typeof CONTOSO_PEOPLE;

/**
 * People synced from Contoso's on-premises Active Directory (onPremisesSyncEnabled true): Graph refuses cloud changes
 * of the properties it masters there, such as department or manager, while usageLocation stays writable.
 */
export const CONTOSO_SYNCED_FROM_ON_PREMISES: ReadonlySet<ContosoPersonKey> = new Set<ContosoPersonKey>(['enricoCattaneo', 'debraBerger']);

export const CONTOSO_OBJECTS = {
  groups: {
    salesAndMarketing: 'c0a70600-0000-4000-8000-000000000001',
    mark8ProjectTeam: 'c0a70600-0000-4000-8000-000000000002',
    retail: 'c0a70600-0000-4000-8000-000000000003',
    financeSecurity: 'c0a70600-0000-4000-8000-000000000004',
    helpdeskTier1: 'c0a70600-0000-4000-8000-000000000005',
    privilegedAdmins: 'c0a70600-0000-4000-8000-000000000006',
    allCompanyDl: 'c0a70600-0000-4000-8000-000000000007',
    financeMailSecurity: 'c0a70600-0000-4000-8000-000000000008',
    contosoLifeDeleted: 'c0a70600-0000-4000-8000-000000000101',
    projectFalconDeleted: 'c0a70600-0000-4000-8000-000000000102',
    tier0AdminsDeleted: 'c0a70600-0000-4000-8000-000000000103',
  },
  applications: {
    contosoExpenses: 'c0a70700-0000-4000-8000-000000000001',
    contosoHrPortal: 'c0a70700-0000-4000-8000-000000000002',
    legacyCrmDeleted: 'c0a70700-0000-4000-8000-000000000101',
  },
  servicePrincipals: {
    contosoExpenses: 'c0a70800-0000-4000-8000-000000000001',
    contosoHrPortal: 'c0a70800-0000-4000-8000-000000000002',
    legacyCrmDeleted: 'c0a70800-0000-4000-8000-000000000101',
  },
  administrativeUnits: {
    seattleOffice: 'c0a70900-0000-4000-8000-000000000001',
    parisOffice: 'c0a70900-0000-4000-8000-000000000002',
    munichOfficeDeleted: 'c0a70900-0000-4000-8000-000000000101',
  },
  customRoles: {
    restoreOperators: 'c0a70b00-0000-4000-8000-000000000001',
  },
} as const;
