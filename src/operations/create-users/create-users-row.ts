import type { CsvTemplate } from '../../csv/csv-template';
import type { RowSpec } from '../../csv/validate-rows';
import { checkBlockSignIn, checkPassword, checkPasswordAgainstUser, checkPhone, checkText, checkUsageLocation, checkUserPrincipalName } from '../field-rules';
import { optional, required, rowRules } from '../row-fields';

/** Optional properties are present and undefined when the cell was blank (one object shape for every row). */
export interface CreateUserRow {
  displayName: string;
  userPrincipalName: string;
  /** The template has no mailNickname column; the UPN's part before the @ is used (inferred, as the portal's rule is undocumented). */
  mailNickname: string;
  password: string;
  /** NOT "Block sign in": No → true. */
  accountEnabled: boolean;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  department?: string;
  usageLocation?: string;
  streetAddress?: string;
  state?: string;
  country?: string;
  officeLocation?: string;
  city?: string;
  postalCode?: string;
  businessPhone?: string;
  mobilePhone?: string;
}

const UPN_HINT = "the new user's user name (like alain@contoso.com)";

export const createUsersTemplate: CsvTemplate<'create-users'> = {
  kind: 'create-users',
  title: 'bulk create users',
  version: 'v1.0',
  columns: [
    { token: 'displayName', label: 'Name', required: true, example: 'Alain Charon', hint: "the user's display name" },
    { token: 'userPrincipalName', label: 'User name', required: true, example: 'alain@contoso.com', hint: UPN_HINT },
    { token: 'passwordProfile', label: 'Initial password', required: true, example: 'Password1!', hint: 'an initial password', secret: true },
    { token: 'accountEnabled', label: 'Block sign in (Yes/No)', required: true, example: 'No', hint: 'Yes or No' },
    { token: 'givenName', label: 'First name', required: false, example: 'Alain', hint: 'a first name' },
    { token: 'surname', label: 'Last name', required: false, example: 'Charon', hint: 'a last name' },
    { token: 'jobTitle', label: 'Job title', required: false, example: 'Software Engineer', hint: 'a job title' },
    { token: 'department', label: 'Department', required: false, example: 'Engineering', hint: 'a department' },
    { token: 'usageLocation', label: 'Usage location', required: false, example: 'US', hint: 'a two-letter country code' },
    { token: 'streetAddress', label: 'Street address', required: false, example: '', hint: 'a street address' },
    { token: 'state', label: 'State or province', required: false, example: '', hint: 'a state or province' },
    { token: 'country', label: 'Country or region', required: false, example: '', hint: 'a country or region' },
    { token: 'physicalDeliveryOfficeName', label: 'Office', required: false, example: '', hint: 'an office' },
    { token: 'city', label: 'City', required: false, example: '', hint: 'a city' },
    { token: 'postalCode', label: 'ZIP or postal code', required: false, example: '', hint: 'a postal code' },
    { token: 'telephoneNumber', label: 'Office phone', required: false, example: '', hint: 'a phone number' },
    { token: 'mobile', label: 'Mobile phone', required: false, example: '', hint: 'a phone number' },
  ],
  aliases: {
    upn: 'userPrincipalName',
    password: 'passwordProfile',
    'initial password': 'passwordProfile',
    'block sign in': 'accountEnabled',
    officelocation: 'physicalDeliveryOfficeName',
    mobilephone: 'mobile',
    businessphones: 'telephoneNumber',
    'first name': 'givenName',
    'last name': 'surname',
  },
  exampleRow: ['Example: Alain Charon', 'alain@contoso.com', 'Password1!', 'No', 'Alain', 'Charon', 'Software Engineer', 'Engineering', 'US'],
};

const createUsersRowRules = rowRules(
  {
    displayName: required(checkText(256, 'name'), "the user's display name"),
    userPrincipalName: required(checkUserPrincipalName, UPN_HINT),
    passwordProfile: required(checkPassword, 'an initial password', { trim: false }),
    accountEnabled: required(checkBlockSignIn, 'Yes (block sign-in) or No (allow it)'),
    givenName: optional(checkText(64, 'first name')),
    surname: optional(checkText(64, 'last name')),
    jobTitle: optional(checkText(128, 'job title')),
    department: optional(checkText(64, 'department')),
    usageLocation: optional(checkUsageLocation),
    streetAddress: optional(checkText(1024, 'street address')),
    state: optional(checkText(128, 'state or province')),
    country: optional(checkText(128, 'country or region')),
    physicalDeliveryOfficeName: optional(checkText(128, 'office')),
    city: optional(checkText(128, 'city')),
    postalCode: optional(checkText(40, 'postal code')),
    telephoneNumber: optional(checkPhone),
    mobile: optional(checkPhone),
  },
  (row, report): CreateUserRow => {
    const withName = checkPasswordAgainstUser(row.passwordProfile, row.userPrincipalName);
    if (!withName.ok) report('passwordProfile', withName.message, withName.fix);
    return {
      displayName: row.displayName,
      userPrincipalName: row.userPrincipalName,
      mailNickname: row.userPrincipalName.slice(0, row.userPrincipalName.indexOf('@')),
      password: row.passwordProfile,
      accountEnabled: !row.accountEnabled,
      givenName: row.givenName,
      surname: row.surname,
      jobTitle: row.jobTitle,
      department: row.department,
      usageLocation: row.usageLocation,
      streetAddress: row.streetAddress,
      state: row.state,
      country: row.country,
      officeLocation: row.physicalDeliveryOfficeName,
      city: row.city,
      postalCode: row.postalCode,
      businessPhone: row.telephoneNumber,
      mobilePhone: row.mobile,
    };
  },
);

export const createUsersRowSchema = createUsersRowRules.schema;

export const createUsersRowSpec: RowSpec<CreateUserRow, 'create-users'> = {
  template: createUsersTemplate,
  schema: createUsersRowSchema,
  checkRow: createUsersRowRules.check,
  duplicateKey: (row) => ({ key: row.userPrincipalName.toLowerCase(), token: 'userPrincipalName', value: row.userPrincipalName }),
};
