import type { CsvTemplate } from '../../csv/csv-template';
import type { RowSpec } from '../../csv/validate-rows';
import type { FieldCheck, MemberRef } from '../field-rules';
import { checkBoolean, checkGuid, checkObjectIdOrUpn, checkPhone, checkText, checkUsageLocation, checkUserPrincipalName } from '../field-rules';
import type { Field } from '../row-fields';
import { optional, rowRules } from '../row-fields';

/** The cell that clears a property; an empty cell leaves it unchanged. */
export const CLEAR_MARKER = '<clear>';

/** The user properties a row may set through PATCH /users/{id}, by their Graph names. */
export const UPDATABLE_PROPERTIES = [
  'displayName', 'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'employeeId', 'employeeType',
  'officeLocation', 'streetAddress', 'city', 'state', 'postalCode', 'country', 'usageLocation', 'mobilePhone',
  'businessPhones', 'accountEnabled',
] as const;

export type UpdatableProperty = (typeof UPDATABLE_PROPERTIES)[number];

/** A cell's edit: a new value, or `clear`. Blank cells make no edit. */
export type Edit<T> = { kind: 'set'; value: T } | { kind: 'clear' };

/** A property's new value as the PATCH body carries it; null clears. businessPhones is its one number. */
export type PropertyValue = string | boolean | null;

export interface UpdateUserRow {
  target: MemberRef;
  /** Only the properties whose cells were filled in, in template order. */
  changes: Partial<Record<UpdatableProperty, PropertyValue>>;
  /** The new manager; null removes the manager. Absent when the cell was blank. */
  manager?: MemberRef | null;
}

const column = (token: string, label: string, hint: string, example = '') => ({ token, label, required: false, example, hint });

const COLUMNS = [
    column('userPrincipalName', 'User name', "the user's user name (like chris@contoso.com)", 'chris@contoso.com'),
    column('objectId', 'Object ID', "the user's object ID"),
    column('displayName', 'Name', `a new display name (empty = unchanged)`),
    column('givenName', 'First name', `a first name (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('surname', 'Last name', `a last name (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('jobTitle', 'Job title', `a job title (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('department', 'Department', `a department (empty = unchanged, ${CLEAR_MARKER} = clear)`, 'Marketing'),
    column('companyName', 'Company name', `a company name (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('employeeId', 'Employee ID', `an employee ID (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('employeeType', 'Employee type', `an employee type (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('physicalDeliveryOfficeName', 'Office', `an office (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('streetAddress', 'Street address', `a street address (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('city', 'City', `a city (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('state', 'State or province', `a state or province (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('postalCode', 'ZIP or postal code', `a postal code (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('country', 'Country or region', `a country or region (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('usageLocation', 'Usage location', 'a two-letter country code (empty = unchanged)'),
    column('mobile', 'Mobile phone', `a phone number (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('telephoneNumber', 'Office phone', `one phone number (empty = unchanged, ${CLEAR_MARKER} = clear)`),
    column('accountEnabled', 'Account enabled', 'true or false (empty = unchanged)'),
    column('manager', 'Manager', `the manager's user name or object ID (empty = unchanged, ${CLEAR_MARKER} = remove)`, 'dana@contoso.com'),
];

export const updateUsersTemplate: CsvTemplate<'update-users'> = {
  kind: 'update-users',
  title: 'bulk update users',
  version: 'v1.0',
  botOnly: true,
  columns: COLUMNS,
  aliases: {
    upn: 'userPrincipalName',
    'user principal name': 'userPrincipalName',
    id: 'objectId',
    'object id': 'objectId',
    officelocation: 'physicalDeliveryOfficeName',
    'office location': 'physicalDeliveryOfficeName',
    mobilephone: 'mobile',
    businessphones: 'telephoneNumber',
    'business phone': 'telephoneNumber',
    'display name': 'displayName',
    'first name': 'givenName',
    'last name': 'surname',
    'company name': 'companyName',
    'employee id': 'employeeId',
    'employee type': 'employeeType',
    'usage location': 'usageLocation',
    enabled: 'accountEnabled',
    'account enabled': 'accountEnabled',
  },
  anyOf: ['userPrincipalName', 'objectId'],
  exampleRow: COLUMNS.map((c, i) => (i === 0 ? `Example: ${c.example}` : c.example)),
};

const isClear = (value: string): boolean => value.toLowerCase() === CLEAR_MARKER;

/** Exports put an apostrophe before a cell that a spreadsheet would run as a formula (`'+1 425 555 0100`); an edited export sends it back. */
function withoutFormulaGuard(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

/**
 * A property cell: blank makes no edit, `<clear>` clears (where Graph lets the property be cleared), anything else is
 * checked as Graph checks the property.
 */
function editable<T>(check: (value: string) => FieldCheck<T>, what: string, clearable = true): Field<Edit<T> | undefined> {
  return {
    parse(raw) {
      const value = withoutFormulaGuard(raw.trim());
      if (value === '') return { ok: true, value: undefined };
      if (isClear(value)) {
        if (clearable) return { ok: true, value: { kind: 'clear' } };
        return { ok: false, message: `the ${what} can't be cleared`, fix: 'put a value here, or leave the cell empty to keep the current one' };
      }
      const checked = check(value);
      return checked.ok ? { ok: true, value: { kind: 'set', value: checked.value } } : checked;
    },
  };
}

/** A text property of at most `max` characters, named `what` in messages. */
function editableText(max: number, what: string, clearable = true): Field<Edit<string> | undefined> {
  return editable(checkText(max, what), what, clearable);
}

// Lengths from the user resource's property table (Graph docs resources/user.md); officeLocation uses the
// on-premises limit, employeeType has none documented.
const updateUsersRowRules = rowRules(
  {
    userPrincipalName: optional(checkUserPrincipalName),
    objectId: optional(checkGuid),
    displayName: editable(checkText(256, 'name'), 'display name', false),
    givenName: editableText(64, 'first name'),
    surname: editableText(64, 'last name'),
    jobTitle: editableText(128, 'job title'),
    department: editableText(64, 'department'),
    companyName: editableText(64, 'company name'),
    employeeId: editableText(16, 'employee ID'),
    employeeType: editableText(1024, 'employee type'),
    physicalDeliveryOfficeName: editableText(128, 'office'),
    streetAddress: editableText(1024, 'street address'),
    city: editableText(128, 'city'),
    state: editableText(128, 'state or province'),
    postalCode: editableText(40, 'postal code'),
    country: editableText(128, 'country or region'),
    // "Not nullable" (user.md): it can be changed, never cleared.
    usageLocation: editable(checkUsageLocation, 'usage location', false),
    mobile: editable(checkPhone, 'mobile phone'),
    telephoneNumber: editable(checkOnePhone, 'office phone'),
    accountEnabled: editable(checkBoolean, 'account enabled setting', false),
    manager: editable(checkObjectIdOrUpn, 'manager'),
  },
  (row, report): UpdateUserRow | undefined => {
    const target: MemberRef | undefined = row.userPrincipalName
      ? { by: 'userPrincipalName', userPrincipalName: row.userPrincipalName }
      : row.objectId
        ? { by: 'id', id: row.objectId }
        : undefined;
    if (!target) {
      report('userPrincipalName', 'the cell is empty', "put the user's user name (like chris@contoso.com) or object ID here, or remove the row");
      return undefined;
    }
    // Column tokens are those of the portal's and our users export, so an edited export fits; these are their Graph names.
    const edits: readonly [UpdatableProperty, Edit<string | boolean> | undefined][] = [
      ['displayName', row.displayName],
      ['givenName', row.givenName],
      ['surname', row.surname],
      ['jobTitle', row.jobTitle],
      ['department', row.department],
      ['companyName', row.companyName],
      ['employeeId', row.employeeId],
      ['employeeType', row.employeeType],
      ['officeLocation', row.physicalDeliveryOfficeName],
      ['streetAddress', row.streetAddress],
      ['city', row.city],
      ['state', row.state],
      ['postalCode', row.postalCode],
      ['country', row.country],
      ['usageLocation', row.usageLocation],
      ['mobilePhone', row.mobile],
      ['businessPhones', row.telephoneNumber],
      ['accountEnabled', row.accountEnabled],
    ];
    const changes: Partial<Record<UpdatableProperty, PropertyValue>> = {};
    for (const [property, edit] of edits) if (edit) changes[property] = edit.kind === 'clear' ? null : edit.value;
    const manager = row.manager === undefined ? undefined : row.manager.kind === 'clear' ? null : row.manager.value;
    if (manager && sameUser(manager, target)) {
      report('manager', 'a user cannot be their own manager', "put the manager's user name here, or leave the cell empty");
      return undefined;
    }
    return { target, changes, ...(manager !== undefined ? { manager } : {}) };
  },
);

function sameUser(a: MemberRef, b: MemberRef): boolean {
  if (a.by === 'id' && b.by === 'id') return a.id === b.id;
  if (a.by === 'userPrincipalName' && b.by === 'userPrincipalName') return a.userPrincipalName.toLowerCase() === b.userPrincipalName.toLowerCase();
  return false;
}

/** businessPhones is a collection, but Graph takes only one number in it (user.md). */
function checkOnePhone(value: string): FieldCheck<string> {
  if (value.includes(';')) return { ok: false, message: 'Graph takes only one office phone number per user', fix: 'keep one number' };
  return checkPhone(value);
}

export const updateUsersRowSchema = updateUsersRowRules.schema;

export const updateUsersRowSpec: RowSpec<UpdateUserRow, 'update-users'> = {
  template: updateUsersTemplate,
  schema: updateUsersRowSchema,
  checkRow: updateUsersRowRules.check,
  duplicateKey: ({ target }) =>
    target.by === 'id'
      ? { key: `id:${target.id}`, token: 'objectId', value: target.id }
      : { key: `upn:${target.userPrincipalName.toLowerCase()}`, token: 'userPrincipalName', value: target.userPrincipalName },
};
