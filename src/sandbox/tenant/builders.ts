import type {
  AdministrativeUnitData,
  ApplicationData,
  GroupData,
  GroupKind,
  PhoneMethod,
  ServicePrincipalData,
  SignInActivity,
  StoredAdministrativeUnit,
  StoredApplication,
  StoredGroup,
  StoredServicePrincipal,
  StoredUser,
  UserData,
} from './entities';

export const PHONE_METHOD_IDS = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
} as const;

export const EMAIL_METHOD_ID = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';

export function deletedUpn(id: string, upn: string): string {
  return `${id.replace(/-/g, '')}${upn}`;
}

const isoCache = new Map<number, string>();

export function isoSeconds(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  let text = isoCache.get(seconds);
  if (text === undefined) {
    text = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // Seeding a big tenant reuses a few thousand distinct dates; the cache stays small.
    if (isoCache.size > 50_000) isoCache.clear();
    isoCache.set(seconds, text);
  }
  return text;
}

export interface UserInput extends Partial<Omit<UserData, 'id' | 'displayName' | 'userPrincipalName'>> {
  signInActivity?: SignInActivity | null;
  id: string;
  displayName: string;
  userPrincipalName: string;
  createdMs: number;
  deletedAtMs?: number | null;
  authenticationPhone?: string | null;
  authenticationAlternativePhone?: string | null;
  authenticationEmail?: string | null;
}

export function buildUser(input: UserInput): StoredUser {
  const { createdMs, deletedAtMs = null, signInActivity = null, authenticationPhone, authenticationAlternativePhone, authenticationEmail, ...rest } = input;
  const local = input.userPrincipalName.split('@')[0] ?? input.userPrincipalName;
  const isGuest = input.userType === 'Guest';
  const mail = input.mail === undefined ? (isGuest ? null : input.userPrincipalName) : input.mail;
  const data: UserData = {
    deletedDateTime: null,
    accountEnabled: true,
    ageGroup: null,
    assignedLicenses: [],
    businessPhones: [],
    city: null,
    companyName: null,
    consentProvidedForMinor: null,
    country: null,
    createdDateTime: isoSeconds(createdMs),
    creationType: isGuest ? 'Invitation' : null,
    department: null,
    employeeHireDate: null,
    employeeId: null,
    employeeType: null,
    externalUserState: isGuest ? 'PendingAcceptance' : null,
    externalUserStateChangeDateTime: isGuest ? isoSeconds(createdMs) : null,
    givenName: null,
    jobTitle: null,
    legalAgeGroupClassification: null,
    mail,
    mailNickname: local.replace(/[^A-Za-z0-9._-]/g, ''),
    mobilePhone: null,
    officeLocation: null,
    onPremisesSyncEnabled: null,
    otherMails: [],
    postalCode: null,
    preferredLanguage: null,
    proxyAddresses: mail ? [`SMTP:${mail}`] : [],
    state: null,
    streetAddress: null,
    surname: null,
    usageLocation: null,
    userType: 'Member',
    ...rest,
  };
  const phoneMethods: PhoneMethod[] = [];
  if (authenticationPhone) {
    phoneMethods.push({ id: PHONE_METHOD_IDS.mobile, phoneNumber: authenticationPhone, phoneType: 'mobile', smsSignInState: 'notEnabled' });
  }
  if (authenticationAlternativePhone) {
    phoneMethods.push({
      id: PHONE_METHOD_IDS.alternateMobile,
      phoneNumber: authenticationAlternativePhone,
      phoneType: 'alternateMobile',
      smsSignInState: 'notSupported',
    });
  }
  const user: StoredUser = {
    kind: 'user',
    data,
    deletedAtMs: null,
    originalUpn: null,
    phoneMethods,
    emailMethods: authenticationEmail ? [{ id: EMAIL_METHOD_ID, emailAddress: authenticationEmail }] : [],
    signInActivity,
  };
  if (deletedAtMs !== null) markUserDeleted(user, deletedAtMs);
  return user;
}

export function markUserDeleted(user: StoredUser, deletedAtMs: number): void {
  user.deletedAtMs = deletedAtMs;
  user.originalUpn = user.data.userPrincipalName;
  user.data.userPrincipalName = deletedUpn(user.data.id, user.data.userPrincipalName);
  user.data.deletedDateTime = isoSeconds(deletedAtMs);
}

/**
 * Entra keeps only cloud Microsoft 365 and security groups in the recycle bin. Distribution lists, mail-enabled
 * security groups and groups synced from on-premises AD are deleted for good (Graph "Delete group"; MC1183299).
 */
export function isSoftDeletable(group: StoredGroup): boolean {
  return (group.groupKind === 'microsoft365' || group.groupKind === 'security') && group.data.onPremisesSyncEnabled !== true;
}

export function markDeleted(object: StoredGroup | StoredApplication | StoredServicePrincipal | StoredAdministrativeUnit, deletedAtMs: number): void {
  if (object.kind === 'group' && !isSoftDeletable(object)) {
    throw new Error(`Group ${object.data.id} (${object.groupKind}${object.data.onPremisesSyncEnabled === true ? ', synced' : ''}) is never soft-deleted in Entra`);
  }
  object.deletedAtMs = deletedAtMs;
  object.data.deletedDateTime = isoSeconds(deletedAtMs);
  // Known Graph limitation kept on purpose (graph-api.md §1.2): soft-deleted security groups report securityEnabled false.
  if (object.kind === 'group' && object.groupKind === 'security') object.data.securityEnabled = false;
}

export interface GroupInput {
  id: string;
  displayName: string;
  groupKind: GroupKind;
  domain: string;
  createdMs: number;
  description?: string;
  isAssignableToRole?: boolean;
  onPremisesSyncEnabled?: boolean;
  visibility?: string;
  deletedAtMs?: number | null;
}

export function buildGroup(input: GroupInput): StoredGroup {
  const nickname = input.displayName.replace(/[^A-Za-z0-9]/g, '');
  const mailEnabled = input.groupKind !== 'security';
  const mail = mailEnabled ? `${nickname}@${input.domain}` : null;
  const data: GroupData = {
    id: input.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: isoSeconds(input.createdMs),
    description: input.description ?? null,
    displayName: input.displayName,
    groupTypes: input.groupKind === 'microsoft365' ? ['Unified'] : [],
    isAssignableToRole: input.isAssignableToRole ?? null,
    mail,
    mailEnabled,
    mailNickname: nickname,
    membershipRule: null,
    onPremisesSyncEnabled: input.onPremisesSyncEnabled ?? null,
    proxyAddresses: mail ? [`SMTP:${mail}`] : [],
    renewedDateTime: isoSeconds(input.createdMs),
    securityEnabled: input.groupKind !== 'microsoft365' && input.groupKind !== 'distribution',
    visibility: input.groupKind === 'microsoft365' ? (input.visibility ?? 'Public') : null,
  };
  const group: StoredGroup = { kind: 'group', data, deletedAtMs: null, groupKind: input.groupKind };
  if (input.deletedAtMs != null) markDeleted(group, input.deletedAtMs);
  return group;
}

export function buildApplication(input: {
  id: string;
  appId: string;
  displayName: string;
  domain: string;
  createdMs: number;
  deletedAtMs?: number | null;
}): StoredApplication {
  const data: ApplicationData = {
    id: input.id,
    deletedDateTime: null,
    appId: input.appId,
    createdDateTime: isoSeconds(input.createdMs),
    description: null,
    displayName: input.displayName,
    identifierUris: [`api://${input.appId}`],
    publisherDomain: input.domain,
    signInAudience: 'AzureADMyOrg',
    tags: [],
  };
  const app: StoredApplication = { kind: 'application', data, deletedAtMs: null };
  if (input.deletedAtMs != null) markDeleted(app, input.deletedAtMs);
  return app;
}

export function buildServicePrincipal(input: {
  id: string;
  app: ApplicationData;
  tenantId: string;
  deletedAtMs?: number | null;
}): StoredServicePrincipal {
  const data: ServicePrincipalData = {
    id: input.id,
    deletedDateTime: null,
    accountEnabled: true,
    appDisplayName: input.app.displayName,
    appId: input.app.appId,
    appOwnerOrganizationId: input.tenantId,
    displayName: input.app.displayName,
    servicePrincipalNames: [input.app.appId, ...input.app.identifierUris],
    servicePrincipalType: 'Application',
    signInAudience: input.app.signInAudience,
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
  };
  const sp: StoredServicePrincipal = { kind: 'servicePrincipal', data, deletedAtMs: null };
  if (input.deletedAtMs != null) markDeleted(sp, input.deletedAtMs);
  return sp;
}

export function buildAdministrativeUnit(input: {
  id: string;
  displayName: string;
  description?: string;
  deletedAtMs?: number | null;
}): StoredAdministrativeUnit {
  const data: AdministrativeUnitData = {
    id: input.id,
    deletedDateTime: null,
    description: input.description ?? null,
    displayName: input.displayName,
    membershipType: null,
    visibility: null,
  };
  const unit: StoredAdministrativeUnit = { kind: 'administrativeUnit', data, deletedAtMs: null };
  if (input.deletedAtMs != null) markDeleted(unit, input.deletedAtMs);
  return unit;
}
