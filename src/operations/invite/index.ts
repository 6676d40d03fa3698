import type { OperationDefinition } from '../operation-definition';
import { INVITE_ROLES, inviteOperation } from './invite-operation';
import type { InviteRow } from './invite-row';
import { inviteRowSpec } from './invite-row';
import { INVITE_ERROR_HINTS } from './invite-errors';

export const invite: OperationDefinition<InviteRow, 'invite'> = {
  operation: inviteOperation,
  csv: inviteRowSpec,
  roles: [INVITE_ROLES],
  errorHints: INVITE_ERROR_HINTS,
  chat: {
    usage: 'invite <email> [name <name>] [redirect <url>] [message "<text>"] [no email]',
    description: 'Invite a B2B guest, or many with an attached CSV.',
    example: 'invite ana@fabrikam.com name Ana Souza',
    singleRowVerb: 'Invite',
    menuTitle: 'invite',
  },
};
