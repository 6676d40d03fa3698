import type { CsvCellValue } from '../csv/write-csv';

export type GraphObject = Record<string, unknown>;

/** Something a column needs beyond its `$select`, read or asked for once per export. */
export type ColumnNeed = 'manager' | 'license-names' | 'sign-in-activity';

export interface ExportColumn {
  header: string;
  /** Graph properties the column needs in `$select`. */
  select: readonly string[];
  /** Other names an admin may ask for the column by (its Graph property when the header differs). */
  aliases?: readonly string[];
  needs?: ColumnNeed;
  value: (item: GraphObject) => CsvCellValue;
}

export const text = (property: string) => (item: GraphObject): CsvCellValue => {
  const value = item[property];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : '';
};
const first = (property: string) => (item: GraphObject): CsvCellValue => {
  const value = item[property];
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
};
export const joined = (property: string) => (item: GraphObject): CsvCellValue => {
  const value = item[property];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join(';') : '';
};
export const column = (header: string, property: string, value = text(property)): ExportColumn => ({
  header,
  select: [property],
  ...(header === property ? {} : { aliases: [property] }),
  value,
});

/** A property of an object-valued property, e.g. signInActivity.lastSignInDateTime. */
const nested = (property: string, inner: string) => (item: GraphObject): CsvCellValue => {
  const value = item[property];
  if (typeof value !== 'object' || value === null) return '';
  return text(inner)(value as GraphObject);
};

/** Set on each item by the export when the license column is asked for: the SKU part numbers, `;`-joined. */
export const LICENSE_NAMES_FIELD = '~licenseNames';

/**
 * The Entra portal's "Download users" columns in its order (graph-api.md §2.2): what a users export has when no
 * columns are named. The authentication-method columns are added on request (they cost extra calls per user).
 */
export const USER_EXPORT_COLUMNS: readonly ExportColumn[] = [
  column('userPrincipalName', 'userPrincipalName'),
  column('displayName', 'displayName'),
  column('surname', 'surname'),
  column('mail', 'mail'),
  column('givenName', 'givenName'),
  column('objectId', 'id'),
  column('userType', 'userType'),
  column('jobTitle', 'jobTitle'),
  column('department', 'department'),
  column('accountEnabled', 'accountEnabled'),
  column('usageLocation', 'usageLocation'),
  column('streetAddress', 'streetAddress'),
  column('state', 'state'),
  column('country', 'country'),
  column('physicalDeliveryOfficeName', 'officeLocation'),
  column('city', 'city'),
  column('postalCode', 'postalCode'),
  column('telephoneNumber', 'businessPhones', first('businessPhones')),
  column('mobile', 'mobilePhone'),
  column('alternateEmailAddress', 'otherMails', joined('otherMails')),
  column('ageGroup', 'ageGroup'),
  column('consentProvidedForMinor', 'consentProvidedForMinor'),
  column('legalAgeGroupClassification', 'legalAgeGroupClassification'),
];

/** Columns a users export has only when asked for by name (`columns …` in chat, `--columns` in the CLI). */
const EXTRA_USER_COLUMNS: readonly ExportColumn[] = [
  column('companyName', 'companyName'),
  column('employeeId', 'employeeId'),
  column('employeeType', 'employeeType'),
  column('employeeHireDate', 'employeeHireDate'),
  column('createdDateTime', 'createdDateTime'),
  column('onPremisesSyncEnabled', 'onPremisesSyncEnabled'),
  column('proxyAddresses', 'proxyAddresses', joined('proxyAddresses')),
  { header: 'assignedLicenses', select: ['assignedLicenses'], needs: 'license-names', value: text(LICENSE_NAMES_FIELD) },
  { header: 'lastSignInDateTime', select: ['signInActivity'], aliases: ['signInActivity'], needs: 'sign-in-activity', value: nested('signInActivity', 'lastSignInDateTime') },
  // The manager comes from `$expand=manager($select=userPrincipalName)`, asked for only when this column is.
  { header: 'manager', select: [], needs: 'manager', value: nested('manager', 'userPrincipalName') },
];

export const SELECTABLE_USER_COLUMNS: readonly ExportColumn[] = [...USER_EXPORT_COLUMNS, ...EXTRA_USER_COLUMNS];

/** How a column is named in a list for the admin: its header, and its Graph property when that differs. */
function columnName(c: ExportColumn): string {
  return c.aliases && c.aliases.length > 0 ? `${c.header} (${c.aliases.join(', ')})` : c.header;
}

export type ColumnChoice = { ok: true; columns: ExportColumn[] } | { ok: false; unknown: string[]; message: string };

/** The named columns in the order given (names case-insensitive, by header or Graph property); all when none are named. */
export function chooseColumns(all: readonly ExportColumn[], wanted: readonly string[] | undefined): ColumnChoice {
  if (!wanted || wanted.length === 0) return { ok: true, columns: [...all] };
  const byName = new Map<string, ExportColumn>();
  for (const c of all) for (const name of [c.header, ...(c.aliases ?? [])]) byName.set(name.toLowerCase(), c);
  const unknown = wanted.filter((w) => !byName.has(w.toLowerCase()));
  if (unknown.length > 0) {
    return {
      ok: false,
      unknown,
      message: `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Choose from: ${all.map(columnName).join(', ')}.`,
    };
  }
  const chosen = wanted.map((w) => byName.get(w.toLowerCase())).filter((c): c is ExportColumn => c !== undefined);
  return { ok: true, columns: [...new Set(chosen)] };
}

/** The names a users export's columns may be asked for by, for messages. */
export const SELECTABLE_USER_COLUMN_NAMES: readonly string[] = SELECTABLE_USER_COLUMNS.map(columnName);

/** The users-export headers for the named columns, or the names no column has. */
export function userExportColumnHeaders(wanted: readonly string[]): { ok: true; headers: string[] } | { ok: false; unknown: string[] } {
  const choice = chooseColumns(SELECTABLE_USER_COLUMNS, wanted);
  return choice.ok ? { ok: true, headers: choice.columns.map((c) => c.header) } : { ok: false, unknown: choice.unknown };
}
