import type { EntityKind } from './entity-schema';

/** `default`: works without advanced query parameters; `advanced`: needs ConsistencyLevel: eventual + $count=true. */
export type Support = 'default' | 'advanced';

export type FilterOperator = 'eq' | 'ne' | 'not' | 'ge' | 'le' | 'in' | 'startsWith' | 'endsWith' | 'null' | 'count';

type Capabilities = Partial<Record<FilterOperator, Support>>;

/*
 * Filter support per property, transcribed from Graph's "Support for filter by properties of Microsoft Entra ID
 * (directory) objects" table (includes/filter-directory-objects.md, aad-advanced-queries.md) and the resource pages.
 * Spec letters: D = default, A = advanced. Keys: eq ge le in sw (startsWith) ew (endsWith) null count.
 * `ne` and `not` are advanced-only wherever `eq` exists ("All properties that support the eq operator also support
 * the ne or not operators"), so they are derived rather than listed.
 */
const USER = {
  accountEnabled: 'eq:D ge:A le:A in:D',
  ageGroup: 'eq:D in:D',
  assignedLicenses: 'eq:D count:A',
  assignedPlans: 'eq:D',
  businessPhones: 'eq:D',
  city: 'eq:D ge:D le:D in:D sw:D null:A',
  companyName: 'eq:A ge:A le:A in:A sw:A null:A',
  consentProvidedForMinor: 'eq:D in:D',
  country: 'eq:D ge:D le:D in:D sw:D null:A',
  createdDateTime: 'eq:D ge:D le:D in:A',
  creationType: 'eq:D in:D',
  deletedDateTime: 'eq:D ge:D le:D in:A',
  department: 'eq:D ge:D le:D in:D sw:D null:A',
  displayName: 'eq:D in:D sw:D null:A',
  employeeHireDate: 'eq:A ge:A le:A in:A',
  employeeId: 'eq:D ge:A le:A sw:D null:A',
  employeeType: 'eq:A ge:A le:A in:A sw:A',
  externalUserState: 'eq:D in:D',
  givenName: 'eq:D ge:D le:D in:D sw:D null:A',
  id: 'eq:D in:D',
  identities: 'eq:D',
  imAddresses: 'eq:D ge:D le:D sw:D',
  isResourceAccount: 'eq:D',
  jobTitle: 'eq:D ge:D le:D in:D sw:D null:A',
  mail: 'eq:D ge:D le:D in:D sw:D ew:A null:A',
  mailNickname: 'eq:D ge:D le:D in:D sw:D null:A',
  mobilePhone: 'eq:A ge:A le:A in:A sw:A null:A',
  officeLocation: 'eq:A ge:A le:A in:A sw:A null:A',
  onPremisesExtensionAttributes: 'eq:A ge:A le:A in:A',
  onPremisesImmutableId: 'eq:A ge:A le:A in:A',
  onPremisesLastSyncDateTime: 'eq:A ge:A le:A in:A',
  onPremisesSamAccountName: 'eq:A ge:A le:A in:A sw:A',
  onPremisesSecurityIdentifier: 'eq:D in:D null:A',
  onPremisesSyncEnabled: 'eq:D ge:A le:A in:D null:A',
  onPremisesUserPrincipalName: 'eq:D ge:D le:D in:D sw:D',
  otherMails: 'eq:D ge:D le:D in:D sw:D ew:A count:A',
  passwordPolicies: 'eq:A null:A',
  postalCode: 'eq:A ge:A le:A in:A sw:A null:A',
  preferredLanguage: 'eq:A ge:A le:A in:A sw:A null:A',
  proxyAddresses: 'eq:D ge:D le:D sw:D ew:A null:A count:A',
  showInAddressList: 'eq:A ge:A le:A in:A',
  state: 'eq:D ge:D le:D in:D sw:D null:A',
  streetAddress: 'eq:A ge:A le:A in:A sw:A null:A',
  surname: 'eq:D ge:D le:D in:D sw:D null:A',
  usageLocation: 'eq:D ge:D le:D in:D sw:D',
  userPrincipalName: 'eq:D ge:D le:D in:D sw:D ew:A',
  userType: 'eq:D in:D null:A',
};

// Group, application, service principal and AU rows follow each property's "Supports $filter (...)" note.
const GROUP = {
  classification: 'eq:D ge:D le:D in:D sw:D null:A',
  createdDateTime: 'eq:D in:D',
  deletedDateTime: 'eq:D ge:D le:D in:A',
  description: 'eq:D ge:D le:D sw:D',
  displayName: 'eq:D ge:D le:D in:D sw:D null:A',
  expirationDateTime: 'eq:D ge:D le:D in:D',
  groupTypes: 'eq:D count:A',
  id: 'eq:D in:D',
  isAssignableToRole: 'eq:D',
  mail: 'eq:D ge:D le:D in:D sw:D ew:A null:A',
  mailEnabled: 'eq:D',
  mailNickname: 'eq:D ge:D le:D in:D sw:D',
  membershipRule: 'eq:D sw:D',
  onPremisesSyncEnabled: 'eq:D in:D null:A',
  proxyAddresses: 'eq:D ge:D le:D sw:D ew:A null:A count:A',
  resourceProvisioningOptions: 'eq:D',
  securityEnabled: 'eq:D in:D',
  securityIdentifier: 'eq:D sw:D',
  visibility: 'eq:D in:D',
};

const APPLICATION = {
  appId: 'eq:D in:D sw:D',
  createdDateTime: 'eq:D ge:D le:D in:D',
  deletedDateTime: 'eq:D ge:D le:D in:A',
  displayName: 'eq:D ge:D le:D in:D sw:D null:A',
  id: 'eq:D in:D',
  identifierUris: 'eq:D count:A',
  publisherDomain: 'eq:D ge:D le:D in:D sw:D',
  signInAudience: 'eq:D in:D',
  tags: 'eq:D ge:D le:D sw:D count:A',
  uniqueName: 'eq:D in:D sw:D',
};

const SERVICE_PRINCIPAL = {
  accountEnabled: 'eq:D in:D',
  appDisplayName: 'eq:D in:D sw:D',
  appId: 'eq:D in:D sw:D',
  appOwnerOrganizationId: 'eq:D in:D',
  appRoleAssignmentRequired: 'eq:D',
  deletedDateTime: 'eq:D ge:D le:D in:A',
  displayName: 'eq:D ge:D le:D in:D sw:D null:A',
  id: 'eq:D in:D',
  preferredSingleSignOnMode: 'eq:D in:D',
  servicePrincipalNames: 'eq:D sw:D count:A',
  servicePrincipalType: 'eq:D in:D',
  tags: 'eq:D ge:D le:D sw:D count:A',
};

const ADMINISTRATIVE_UNIT = {
  deletedDateTime: 'eq:D ge:D le:D in:A',
  description: 'eq:D ge:D le:D in:D sw:D',
  displayName: 'eq:D ge:D le:D in:D sw:D null:A',
  id: 'eq:D in:D',
  isMemberManagementRestricted: 'eq:D',
  membershipType: 'eq:D in:D',
  visibility: 'eq:D in:D',
};

const SPEC_KEYS: Record<string, FilterOperator> = { eq: 'eq', ge: 'ge', le: 'le', in: 'in', sw: 'startsWith', ew: 'endsWith', null: 'null', count: 'count' };

function parseSpec(spec: string): Capabilities {
  const capabilities: Capabilities = {};
  for (const entry of spec.split(' ')) {
    const [key, letter] = entry.split(':');
    const operator = SPEC_KEYS[key ?? ''];
    if (operator === undefined || (letter !== 'D' && letter !== 'A')) throw new Error(`bad capability spec '${entry}'`);
    capabilities[operator] = letter === 'D' ? 'default' : 'advanced';
  }
  if (capabilities.eq !== undefined) {
    capabilities.ne = 'advanced';
    capabilities.not = 'advanced';
  }
  return capabilities;
}

function table(rows: Record<string, string>): Map<string, Capabilities> {
  return new Map(Object.entries(rows).map(([property, spec]) => [property, parseSpec(spec)]));
}

const FILTER_CAPABILITIES: Record<Exclude<EntityKind, 'directoryObject'>, Map<string, Capabilities>> = {
  user: table(USER),
  group: table(GROUP),
  application: table(APPLICATION),
  servicePrincipal: table(SERVICE_PRINCIPAL),
  administrativeUnit: table(ADMINISTRATIVE_UNIT),
};

/** Support for `operator` on a (canonically spelled) property; undefined when Graph rejects it outright. */
export function filterSupport(entity: EntityKind, property: string, operator: FilterOperator): Support | undefined {
  if (entity === 'directoryObject') {
    for (const capabilities of Object.values(FILTER_CAPABILITIES)) {
      const support = capabilities.get(property)?.[operator];
      if (support !== undefined) return support;
    }
    return undefined;
  }
  return FILTER_CAPABILITIES[entity].get(property)?.[operator];
}

// "Support for sorting by properties of directory objects" (aad-advanced-queries.md); createdDateTime is dropped for
// service principals and AUs because v1.0 metadata has no such property on them (the table covers beta too).
const ORDER_BY: Record<EntityKind, Record<string, Support>> = {
  user: { displayName: 'default', userPrincipalName: 'default', createdDateTime: 'advanced', deletedDateTime: 'advanced' },
  group: { displayName: 'default', deletedDateTime: 'advanced' },
  application: { displayName: 'advanced', createdDateTime: 'advanced', deletedDateTime: 'advanced' },
  servicePrincipal: { displayName: 'advanced', deletedDateTime: 'advanced' },
  administrativeUnit: { displayName: 'advanced', deletedDateTime: 'advanced' },
  directoryObject: { displayName: 'advanced', deletedDateTime: 'advanced' },
};

export function orderBySupport(entity: EntityKind, property: string): Support | undefined {
  return ORDER_BY[entity][property];
}

/*
 * `$orderby` on `/directory/deletedItems/microsoft.graph.{type}` has its own table (directory-deleteditems-list.md):
 * user deletedDateTime, displayName, userPrincipalName; group and application deletedDateTime, displayName; ordering
 * on deletedDateTime needs the advanced query parameters. Service principals and administrative units are not in that
 * table, so they keep the stricter rules of their own collections.
 */
const DELETED_ITEMS_ORDER_BY: Partial<Record<EntityKind, Record<string, Support>>> = {
  user: { deletedDateTime: 'advanced', displayName: 'default', userPrincipalName: 'default' },
  group: { deletedDateTime: 'advanced', displayName: 'default' },
  application: { deletedDateTime: 'advanced', displayName: 'default' },
};

export function deletedItemsOrderBySupport(entity: EntityKind, property: string): Support | undefined {
  const table = DELETED_ITEMS_ORDER_BY[entity];
  return table === undefined ? orderBySupport(entity, property) : table[property];
}

/** Every property named in the filter and sorting tables for a kind (used to check them against the metadata). */
export function tabledProperties(entity: Exclude<EntityKind, 'directoryObject'>): string[] {
  return [...new Set([...FILTER_CAPABILITIES[entity].keys(), ...Object.keys(ORDER_BY[entity])])];
}
