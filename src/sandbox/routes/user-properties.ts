import { badRequest } from '../graph-error';
import type { UserData } from '../tenant/entities';
import type { Body } from './validation';
import { optionalString, optionalStringArray } from './validation';

/** The nullable string properties a PATCH or POST may set (`null` clears them). */
export const USER_STRING_PROPERTIES = [
  'givenName', 'surname', 'jobTitle', 'department', 'usageLocation', 'streetAddress', 'state', 'country', 'city',
  'postalCode', 'officeLocation', 'mobilePhone', 'companyName', 'employeeId', 'employeeType', 'preferredLanguage',
  'ageGroup', 'consentProvidedForMinor', 'mail',
] as const;

type UserStringProperty = (typeof USER_STRING_PROPERTIES)[number];

/**
 * Maximum lengths from the user resource's property table (microsoft-graph-docs-contrib
 * api-reference/v1.0/resources/user.md). officeLocation has no documented limit there; 128 is the on-premises
 * physicalDeliveryOfficeName limit, kept so the sandbox is never more generous. employeeType has no documented limit.
 */
export const USER_MAX_LENGTH: Readonly<Partial<Record<UserStringProperty | 'displayName' | 'mailNickname', number>>> = {
  displayName: 256,
  givenName: 64,
  surname: 64,
  jobTitle: 128,
  department: 64,
  companyName: 64,
  employeeId: 16,
  officeLocation: 128,
  streetAddress: 1024,
  city: 128,
  state: 128,
  postalCode: 40,
  country: 128,
  mobilePhone: 64,
  mailNickname: 64,
};

/** ISO 3166-1 alpha-2 codes, the values `usageLocation` accepts. */
const ISO_3166_ALPHA_2 = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
    'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
    'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
    'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
    'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
    'VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/**
 * What on-premises Active Directory masters for a user synced from there (onPremisesSyncEnabled true): the cloud copy
 * changes only through sync, and Graph refuses a PATCH naming any of these (issues microsoft-graph-docs#18038, #5768).
 * usageLocation, userType, ageGroup and consentProvidedForMinor are cloud properties and stay writable. The manager
 * reference is mastered there too (see refuseOnPremisesMastered).
 */
export const ON_PREMISES_MASTERED_USER_PROPERTIES: ReadonlySet<string> = new Set([
  'accountEnabled', 'businessPhones', 'city', 'companyName', 'country', 'department', 'displayName', 'employeeHireDate',
  'employeeId', 'employeeType', 'givenName', 'jobTitle', 'mail', 'mailNickname', 'mobilePhone', 'officeLocation',
  'otherMails', 'passwordProfile', 'postalCode', 'preferredLanguage', 'state', 'streetAddress', 'surname', 'userPrincipalName',
]);

/** Graph's answer to a cloud change of what a synced user's on-premises directory masters. */
export function refuseOnPremisesMastered(): never {
  return badRequest('Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.');
}

export function invalidUserValue(property: string): never {
  return badRequest(`Invalid value specified for property '${property}' of resource 'User'.`);
}

/** Rejects a string longer than the property's documented maximum, or empty (Graph clears with null, not ''). */
export function checkUserString(property: string, value: string): void {
  const max = (USER_MAX_LENGTH as Record<string, number | undefined>)[property];
  if (value === '' || (max !== undefined && value.length > max)) invalidUserValue(property);
}

function checkUsageLocation(value: string | null): void {
  // "Not nullable" (user.md): once set it can be changed but not cleared.
  if (value === null || !ISO_3166_ALPHA_2.has(value)) invalidUserValue('usageLocation');
}

function dateTimeOffset(body: Body, property: string): string | null | undefined {
  const value = body[property];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    return invalidUserValue(property);
  }
  return new Date(value).toISOString().replace(/\.000Z$/, 'Z');
}

/** Validates and applies the optional properties of a create or update body; nothing is written when one is invalid. */
export function applyOptionalUserProperties(body: Body, data: UserData): void {
  const strings: [UserStringProperty, string | null][] = [];
  for (const property of USER_STRING_PROPERTIES) {
    const value = optionalString(body, property, 'User');
    if (value === undefined) continue;
    if (value !== null) checkUserString(property, value);
    if (property === 'usageLocation') checkUsageLocation(value);
    strings.push([property, value]);
  }
  const phones = optionalStringArray(body, 'businessPhones', 'User');
  // "Although it's a string collection, only one number can be set for this property." (user.md)
  if (phones !== undefined && (phones.length > 1 || phones.some((phone) => phone === '' || phone.length > 64))) invalidUserValue('businessPhones');
  const otherMails = optionalStringArray(body, 'otherMails', 'User');
  if (body.userType !== undefined && body.userType !== 'Member' && body.userType !== 'Guest') invalidUserValue('userType');
  const hireDate = dateTimeOffset(body, 'employeeHireDate');

  for (const [property, value] of strings) data[property] = value;
  if (phones !== undefined) data.businessPhones = phones;
  if (otherMails !== undefined) data.otherMails = otherMails;
  if (body.userType === 'Member' || body.userType === 'Guest') data.userType = body.userType;
  if (hireDate !== undefined) data.employeeHireDate = hireDate;
}
