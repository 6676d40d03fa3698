import type { CsvTemplate } from '../../csv/csv-template';
import type { RowSpec } from '../../csv/validate-rows';
import { checkBoolean, checkInviteEmail, checkRedirectUrl, checkText } from '../field-rules';
import { optional, optionalText, required, rowRules } from '../row-fields';

/** Used when the redirection URL cell is blank: the portal requires one; My Apps is what it suggests. */
export const DEFAULT_INVITE_REDIRECT_URL = 'https://myapplications.microsoft.com';

export interface InviteRow {
  email: string;
  redirectUrl: string;
  redirectUrlDefaulted: boolean;
  /** Blank means false, as in Graph: no email is sent unless the file says so. */
  sendInvitationMessage: boolean;
  customizedMessageBody?: string;
  displayName?: string;
}

export const inviteTemplate: CsvTemplate<'invite'> = {
  kind: 'invite',
  title: 'bulk invite',
  version: 'v1.0',
  columns: [
    { token: 'inviteeEmail', label: 'Email address to invite', required: true, example: 'ana@fabrikam.com', hint: "the guest's email address (like ana@fabrikam.com)" },
    {
      token: 'inviteRedirectURL',
      label: 'Redirection url',
      required: true,
      requiredInFile: false,
      example: DEFAULT_INVITE_REDIRECT_URL,
      hint: `the page guests land on after accepting (like ${DEFAULT_INVITE_REDIRECT_URL})`,
    },
    { token: 'sendEmail', label: 'Send invitation message (true or false)', required: false, example: 'true', hint: 'true or false' },
    {
      token: 'customizedMessageBody',
      label: 'Customized invitation message',
      required: false,
      example: 'Welcome to Contoso!',
      hint: 'the text of the invitation email',
      freeText: true,
    },
    { token: 'inviteeName', label: 'Name of invitee', required: false, portal: false, example: 'Ana Bowman', hint: "the guest's display name" },
  ],
  aliases: {
    email: 'inviteeEmail',
    mail: 'inviteeEmail',
    'email address': 'inviteeEmail',
    inviteduseremailaddress: 'inviteeEmail',
    redirecturl: 'inviteRedirectURL',
    'redirect url': 'inviteRedirectURL',
    inviteredirecturl: 'inviteRedirectURL',
    sendinvitationmessage: 'sendEmail',
    message: 'customizedMessageBody',
    displayname: 'inviteeName',
    'display name': 'inviteeName',
    name: 'inviteeName',
    inviteduserdisplayname: 'inviteeName',
  },
  exampleRow: ['Example: ana@fabrikam.com', DEFAULT_INVITE_REDIRECT_URL, 'true', 'Welcome to Contoso!'],
};

const inviteRowRules = rowRules(
  {
    inviteeEmail: required(checkInviteEmail, "the guest's email address (like ana@fabrikam.com)"),
    inviteRedirectURL: optional(checkRedirectUrl),
    sendEmail: optional(checkBoolean),
    customizedMessageBody: optionalText(),
    inviteeName: optional(checkText(256, 'name')),
  },
  (row): InviteRow => ({
    email: row.inviteeEmail,
    redirectUrl: row.inviteRedirectURL ?? DEFAULT_INVITE_REDIRECT_URL,
    redirectUrlDefaulted: row.inviteRedirectURL === undefined,
    sendInvitationMessage: row.sendEmail ?? false,
    ...(row.customizedMessageBody !== undefined ? { customizedMessageBody: row.customizedMessageBody } : {}),
    ...(row.inviteeName !== undefined ? { displayName: row.inviteeName } : {}),
  }),
);

export const inviteRowSchema = inviteRowRules.schema;

export const inviteRowSpec: RowSpec<InviteRow, 'invite'> = {
  template: inviteTemplate,
  schema: inviteRowSchema,
  checkRow: inviteRowRules.check,
  duplicateKey: (row) => ({ key: row.email.toLowerCase(), token: 'inviteeEmail', value: row.email }),
};
