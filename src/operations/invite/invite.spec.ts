import { describe, expect, it } from 'vitest';
import { inviteOperation } from './invite-operation';
import { refused } from '../../../test/support/refused-request';

const ANA = { email: 'ana@fabrikam.com', redirectUrl: 'https://myapplications.microsoft.com', sendEmail: 'true', displayName: 'Ana Souza', message: 'Welcome!' };

describe('invite', () => {
  it('posts an invitation with the message, name and redirect URL of the row', () => {
    expect(inviteOperation.toRequest(ANA)).toEqual({
      method: 'POST',
      url: '/invitations',
      kind: 'invitation',
      operation: 'invite',
      context: { target: 'ana@fabrikam.com', requiredRoles: 'Guest Inviter or User Administrator' },
      body: {
        invitedUserEmailAddress: 'ana@fabrikam.com',
        inviteRedirectUrl: 'https://myapplications.microsoft.com',
        sendInvitationMessage: true,
        invitedUserDisplayName: 'Ana Souza',
        invitedUserMessageInfo: { customizedMessageBody: 'Welcome!' },
      },
    });
  });

  it('sends no email and no optional fields when the row has none', () => {
    expect(inviteOperation.toRequest({ email: 'ana@fabrikam.com', redirectUrl: 'https://contoso.com', sendEmail: 'false' }).body).toEqual({
      invitedUserEmailAddress: 'ana@fabrikam.com',
      inviteRedirectUrl: 'https://contoso.com',
      sendInvitationMessage: false,
    });
  });

  it('reads an address Graph will not invite as one to fix', () => {
    const result = refused(inviteOperation, ANA, { status: 400, code: 'BadRequest', message: 'The invited user email address is invalid.' });
    expect(inviteOperation.interpret(ANA, result)).toEqual({
      status: 'failed',
      reason:
        'ana@fabrikam.com is not a valid email address for an invitation (plus-addressing and characters such as ' +
        '! # $ % & * ( ) are rejected). Fix the address and retry the row.',
      graphCode: 'BadRequest',
    });
  });

  it('records the invited user and whether the dry run found them as a guest already, for undo', () => {
    const answer = { id: 'inv-1', status: 'PendingAcceptance', inviteRedeemUrl: 'https://login.microsoftonline.com/redeem', invitedUser: { id: 'guest-1' } };
    const ok = { outcome: 'succeeded' as const, status: 201, body: answer, headers: {}, item: { key: '0', request: { method: 'POST' as const, url: '/invitations' } }, attempts: 1, uncertainEarlierAttempt: false };
    expect(inviteOperation.interpret({ ...ANA, existedBefore: 'false' }, ok).details).toEqual({ invitedUserId: 'guest-1', existedBefore: 'false', inviteRedeemUrl: answer.inviteRedeemUrl });
    expect(inviteOperation.interpret({ ...ANA, existedBefore: 'true' }, ok).details).toEqual({ invitedUserId: 'guest-1', existedBefore: 'true', inviteRedeemUrl: answer.inviteRedeemUrl });
    // A job planned before this was recorded says nothing about it; undo then leaves the guest alone.
    expect(inviteOperation.interpret(ANA, ok).details).toEqual({ invitedUserId: 'guest-1', inviteRedeemUrl: answer.inviteRedeemUrl });
  });
});
