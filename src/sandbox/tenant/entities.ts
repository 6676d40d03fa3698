export type ObjectKind = 'user' | 'group' | 'application' | 'servicePrincipal' | 'administrativeUnit';

export const OBJECT_KINDS: readonly ObjectKind[] = ['user', 'group', 'application', 'servicePrincipal', 'administrativeUnit'];

/** A license on a user (`assignedLicense`): the SKU and the service plans turned off in it. */
export type AssignedLicense = { skuId: string; disabledPlans: string[] };

/** `signInActivity`: kept off UserData, so that it only appears where Graph's permission and license checks ran. */
export type SignInActivity = {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
};

export type UserData = {
  id: string;
  deletedDateTime: string | null;
  accountEnabled: boolean;
  ageGroup: string | null;
  assignedLicenses: AssignedLicense[];
  businessPhones: string[];
  city: string | null;
  companyName: string | null;
  consentProvidedForMinor: string | null;
  country: string | null;
  createdDateTime: string;
  creationType: string | null;
  department: string | null;
  displayName: string;
  employeeHireDate: string | null;
  employeeId: string | null;
  employeeType: string | null;
  externalUserState: string | null;
  externalUserStateChangeDateTime: string | null;
  givenName: string | null;
  jobTitle: string | null;
  legalAgeGroupClassification: string | null;
  mail: string | null;
  mailNickname: string;
  mobilePhone: string | null;
  officeLocation: string | null;
  onPremisesSyncEnabled: boolean | null;
  otherMails: string[];
  postalCode: string | null;
  preferredLanguage: string | null;
  proxyAddresses: string[];
  state: string | null;
  streetAddress: string | null;
  surname: string | null;
  usageLocation: string | null;
  userPrincipalName: string;
  userType: 'Member' | 'Guest';
};

export type GroupKind = 'microsoft365' | 'security' | 'mailEnabledSecurity' | 'distribution';

export type GroupData = {
  id: string;
  deletedDateTime: string | null;
  classification: string | null;
  createdDateTime: string;
  description: string | null;
  displayName: string;
  groupTypes: string[];
  isAssignableToRole: boolean | null;
  mail: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  membershipRule: string | null;
  onPremisesSyncEnabled: boolean | null;
  proxyAddresses: string[];
  renewedDateTime: string;
  securityEnabled: boolean;
  visibility: string | null;
};

export type ApplicationData = {
  id: string;
  deletedDateTime: string | null;
  appId: string;
  createdDateTime: string;
  description: string | null;
  displayName: string;
  identifierUris: string[];
  publisherDomain: string;
  signInAudience: string;
  tags: string[];
};

export type ServicePrincipalData = {
  id: string;
  deletedDateTime: string | null;
  accountEnabled: boolean;
  appDisplayName: string;
  appId: string;
  appOwnerOrganizationId: string;
  displayName: string;
  servicePrincipalNames: string[];
  servicePrincipalType: string;
  signInAudience: string;
  tags: string[];
};

export type AdministrativeUnitData = {
  id: string;
  deletedDateTime: string | null;
  description: string | null;
  displayName: string;
  membershipType: string | null;
  visibility: string | null;
};

export type PhoneMethod = { id: string; phoneNumber: string; phoneType: 'mobile' | 'alternateMobile' | 'office'; smsSignInState: string };
export type EmailMethod = { id: string; emailAddress: string };

export interface StoredUser {
  kind: 'user';
  data: UserData;
  deletedAtMs: number | null;
  /** The UPN the user had before soft deletion prefixed it with the object id. */
  originalUpn: string | null;
  phoneMethods: PhoneMethod[];
  emailMethods: EmailMethod[];
  /** null for a user who never signed in (Graph then returns no signInActivity). */
  signInActivity: SignInActivity | null;
}

export interface StoredGroup {
  kind: 'group';
  data: GroupData;
  deletedAtMs: number | null;
  groupKind: GroupKind;
}

export interface StoredApplication {
  kind: 'application';
  data: ApplicationData;
  deletedAtMs: number | null;
}

export interface StoredServicePrincipal {
  kind: 'servicePrincipal';
  data: ServicePrincipalData;
  deletedAtMs: number | null;
}

export interface StoredAdministrativeUnit {
  kind: 'administrativeUnit';
  data: AdministrativeUnitData;
  deletedAtMs: number | null;
}

export type StoredObject = StoredUser | StoredGroup | StoredApplication | StoredServicePrincipal | StoredAdministrativeUnit;

export type StoredOf<K extends ObjectKind> = Extract<StoredObject, { kind: K }>;

export const ODATA_TYPE: Record<ObjectKind, string> = {
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
  application: '#microsoft.graph.application',
  servicePrincipal: '#microsoft.graph.servicePrincipal',
  administrativeUnit: '#microsoft.graph.administrativeUnit',
};

export const ENTITY_SET: Record<ObjectKind, string> = {
  user: 'users',
  group: 'groups',
  application: 'applications',
  servicePrincipal: 'servicePrincipals',
  administrativeUnit: 'administrativeUnits',
};
